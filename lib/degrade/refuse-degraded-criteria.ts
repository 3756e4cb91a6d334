/**
 * Refuses, before any SQL is sent, a query whose conditions or ordering name a degraded column.
 * Leaving such a condition out would return or change the wrong rows; sending it fails in the
 * database at best, and on the sqlite3 driver an unknown double-quoted name is a string literal
 * (`WHERE "priority" > 5` is true for every row). Two places see every such name:
 * - find options (`where`, `order`), checked where `setFindOptions` is intercepted;
 * - everything else (the criteria of `update` / `delete` / `softDelete` / `restore` / `increment` /
 *   `decrement`, QueryBuilder `where` in object or string form, `orderBy`...) ends up as an
 *   `alias.property` or bare `property` token that TypeORM's `replacePropertyNamesForTheWholeQuery`
 *   turns into a column name when it builds the SQL; the same match, made first, finds the
 *   degraded ones. For a column the database lacks, quoted names are matched too (a fragment that
 *   quotes it, a select or aggregate of it): see {@link assertQuotedNames}.
 */
import { SchemaGuardConfigError } from '../errors';
import type { ColumnDegradation } from '../model/finding';
import { DegradedCriteriaError } from './degraded-criteria-error';
import { type DegradationState, stateOf } from './degradation-state';
import { isPatched, patchMethod } from './prototype-patches';
import type { ColumnMeta, EntityMeta, QueryBuilderLike } from '../typeorm/typeorm-shapes';

type ReplaceNames = (this: CriteriaQueryBuilder, statement: string) => string;
type CriteriaQueryBuilder = QueryBuilderLike & {
  expressionMap: QueryBuilderLike['expressionMap'] & { aliasNamePrefixingEnabled?: boolean; queryType?: string };
};
type MetadataAlias = { name: string; metadata: EntityMeta };
type NamedColumn = ColumnMeta & { propertyName: string; referencedColumn?: { propertyPath: string } };
type CriteriaRelation = { propertyPath: string; joinColumns: NamedColumn[]; inverseJoinColumns?: NamedColumn[] };

/** Throws DegradedCriteriaError when a find `where` (any branch of an OR array) or `order` names a degraded column. */
export function assertFindCriteria(state: DegradationState, metadata: EntityMeta, options: { where?: unknown; order?: unknown }): void {
  if (state.columns.size === 0) return;
  for (const where of Array.isArray(options.where) ? options.where : [options.where]) {
    if (where && typeof where === 'object') assertCriteria(state, metadata, where, '', 'where');
  }
  if (options.order && typeof options.order === 'object') assertCriteria(state, metadata, options.order, '', 'order');
}

function assertCriteria(state: DegradationState, metadata: EntityMeta, criteria: object, prefix: string, clause: 'where' | 'order'): void {
  for (const [name, value] of Object.entries(criteria)) {
    if (value === undefined) continue; // TypeORM leaves undefined criteria out
    const path = prefix ? `${prefix}.${name}` : name;
    const relation = metadata.findRelationWithPropertyPath(path);
    if (relation) {
      // A condition on a *-to-one relation compares its join column (`{ team: { id: 1 } }` is `team_id = 1`).
      const degraded = relation.joinColumns.map((column) => state.columns.get(column)).find(Boolean);
      if (degraded) refuse(degraded, clause);
      if (isPlainCriteria(value)) assertCriteria(state, relation.inverseEntityMetadata, value, '', clause);
      continue;
    }
    const column = metadata.findColumnWithPropertyPath(path);
    const degradation = column && state.columns.get(column);
    if (degradation) refuse(degradation, clause);
    if (!column && isPlainCriteria(value) && metadata.findEmbeddedWithPropertyPath(path)) assertCriteria(state, metadata, value, path, clause);
  }
}

/** Nested criteria, not a FindOperator (`MoreThan(5)`, `IsNull()`...), which TypeORM marks with `@instanceof`. */
function isPlainCriteria(value: unknown): value is object {
  return !!value && typeof value === 'object' && !('@instanceof' in value);
}

function refuse(degradation: ColumnDegradation, clause: 'where' | 'order' | 'query'): never {
  throw new DegradedCriteriaError(degradation.entity, degradation.property, clause, degradation.finding);
}

/** Patches the QueryBuilder base prototype of this DataSource's TypeORM (shared by select, update, delete, soft-delete and insert), once. */
export function installCriteriaPatch(dataSource: { createQueryBuilder(): object }): void {
  const prototype = Object.getPrototypeOf(Object.getPrototypeOf(dataSource.createQueryBuilder())) as Record<string, unknown>;
  if (isPatched(prototype, 'replacePropertyNamesForTheWholeQuery')) return;
  if (typeof prototype.replacePropertyNamesForTheWholeQuery !== 'function') {
    throw new SchemaGuardConfigError(
      "mode 'degrade' needs TypeORM's QueryBuilder.replacePropertyNamesForTheWholeQuery, which this TypeORM does not have; use mode 'throw' or 'warn'.",
      { option: 'mode' },
    );
  }
  patchMethod<ReplaceNames>(prototype, 'replacePropertyNamesForTheWholeQuery', (original) =>
    function replacePropertyNamesForTheWholeQuery(this: CriteriaQueryBuilder, statement: string) {
      const state = stateOf(this.dataSource ?? this.connection);
      if (state && state.columns.size > 0 && typeof statement === 'string') assertStatement(state, this, statement);
      return original.call(this, statement);
    },
  );
}

/**
 * The tokens TypeORM will turn into column names, matched as TypeORM matches them: per alias
 * prefix (`alias.` when the builder prefixes, nothing in UPDATE / DELETE), then a relation path,
 * a relation path plus referenced column, a database name, a property name or a property path,
 * the later kinds overriding the earlier ones for the same text.
 */
function assertStatement(state: DegradationState, queryBuilder: CriteriaQueryBuilder, statement: string): void {
  const aliases = queryBuilder.expressionMap.aliases.filter((alias) => alias.hasMetadata && alias.metadata) as MetadataAlias[];
  if (!aliases.some((alias) => alias.metadata.columns.some((column) => state.columns.has(column)))) return;
  const names = new Map<string, Map<string, ColumnMeta>>();
  for (const alias of aliases) {
    const metadata = alias.metadata;
    const prefix = queryBuilder.expressionMap.aliasNamePrefixingEnabled && alias.name ? `${alias.name}.` : '';
    const byName = names.get(prefix) ?? new Map<string, ColumnMeta>();
    names.set(prefix, byName);
    const relations = metadata.relations as unknown as CriteriaRelation[];
    const columns = metadata.columns as NamedColumn[];
    for (const relation of relations) if (relation.joinColumns.length > 0) byName.set(relation.propertyPath, relation.joinColumns[0]);
    for (const relation of relations) {
      for (const column of [...relation.joinColumns, ...(relation.inverseJoinColumns ?? [])]) {
        if (column.referencedColumn) byName.set(`${relation.propertyPath}.${column.referencedColumn.propertyPath}`, column);
      }
    }
    for (const column of columns) byName.set(column.databaseName, column);
    for (const column of columns) byName.set(column.propertyName, column);
    for (const column of columns) byName.set(column.propertyPath, column);
  }
  const prefixes = [...names.keys()].map(escapeRegExp).join('|');
  const pattern = new RegExp(`([ =(]|^.{0})${prefixes ? `(${prefixes})` : '()'}([^ =(),]+)(?=[ =),]|.{0}$)`, 'gm');
  // A delete-date column that exists with another type keeps TypeORM's own `deletedAt IS NULL`
  // (degrade-special-columns.ts: rows may be soft-deleted, and IS NULL works on any type); a
  // missing one is no longer the metadata's deleteDateColumn, so it is still refused here.
  const softDelete = new Set(aliases.map((alias) => alias.metadata.deleteDateColumn).filter(Boolean));
  for (const match of statement.matchAll(pattern)) {
    const column = names.get(match[2])?.get(match[3]);
    const degradation = column && !softDelete.has(column) && state.columns.get(column);
    if (degradation) refuse(degradation, 'query');
  }
  // An INSERT's quoted names are its own columns and its ON CONFLICT clause: a missing one fails there, never as a literal.
  if (queryBuilder.expressionMap.queryType !== 'insert') assertQuotedNames(state, aliases, statement);
}

/** A quoted name, with its qualifier when it has one (`"ticket"."priority"`, `"priority"`), or an `AS "alias"` it defines. */
const QUOTED_NAME = /(\bAS\s+)?(?:"((?:[^"]|"")+)"\s*\.\s*)?"((?:[^"]|"")+)"/gi;

/**
 * Names the SQL quotes itself (a fragment such as `'"priority" > 5'`, or TypeORM's own select or
 * aggregate of the column) are matched too, for columns the database lacks: on the sqlite3 driver
 * an unqualified one is read as a string literal. A column that exists with another type is left
 * to the database here: TypeORM's own soft-delete, update-date and version clauses quote its name.
 */
function assertQuotedNames(state: DegradationState, aliases: MetadataAlias[], statement: string): void {
  const missing = aliases.flatMap((alias) =>
    alias.metadata.columns.filter((column) => state.columns.get(column)?.finding.code === 'missing_column').map((column) => ({ alias, column })),
  );
  if (missing.length === 0) return;
  const healthy = (name: string) => aliases.some((alias) => alias.metadata.columns.some((column) => column.databaseName === name && !state.columns.has(column)));
  for (const match of statement.matchAll(QUOTED_NAME)) {
    if (match[1]) continue; // a result alias (`COUNT(*) AS "priority"`) names no column
    const qualifier = match[2]?.replace(/""/g, '"');
    const name = match[3].replace(/""/g, '"');
    const hit = missing.find(
      ({ alias, column }) =>
        column.databaseName === name && (qualifier === undefined ? !healthy(name) : qualifier === alias.name || qualifier === alias.metadata.tableName),
    );
    if (hit) refuse(state.columns.get(hit.column)!, 'query');
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
