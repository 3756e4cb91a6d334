import {
  tableKey,
  type ColumnModel,
  type ForeignKeyModel,
  type IndexModel,
  type SchemaModel,
  type TableModel,
} from '../../model/schema';
import type { IntrospectOptions, Queryable } from '../dialect';
import { BoundedCache } from '../bounded-cache';
import { parseCreateIndex, type ParsedCreateIndex } from './parse-create-index';
import { parseCreateTable, type NamedConstraint, type ParsedCreateTable } from './parse-create-table';
import { parseDeclaredType, type DeclaredType } from './parse-declared-type';
import { parseEnumCheck, type EnumCheck } from './parse-enum-check';

/** A row of {@link RELATIONS_SQL}: one table or view with its `CREATE` text and, as JSON, everything the pragmas say of it. */
interface RelationRow {
  relation_type: string;
  relation_name: string;
  relation_sql: string | null;
  /** JSON array of {@link ColumnTuple}; NULL only in the one-by-one fallback's listing. */
  columns_json?: string | null;
  /** JSON array of {@link IndexTuple}; NULL for views and virtual tables. */
  indexes_json?: string | null;
  /** JSON array of {@link ForeignKeyTuple}; NULL for views and virtual tables. */
  foreign_keys_json?: string | null;
}

/** One `pragma_table_xinfo` row: cid, name, declared type, notnull, default, pk position, hidden. */
type ColumnTuple = [number, string, string | null, number, string | null, number, number];
/** One `pragma_index_info` row: seqno, cid, column name (NULL for an expression). */
type IndexColumnTuple = [number, number, string | null];
/** One `pragma_index_list` row: name, unique, origin, partial, `CREATE INDEX` text (only when needed), its columns. */
type IndexTuple = [string, number, string, number, string | null, IndexColumnTuple[]];
/** One `pragma_foreign_key_list` row: id, seq, referenced table, from, to, on update, on delete. */
type ForeignKeyTuple = [number, number, string, string, string | null, string, string];

/** What the `CREATE TABLE` text of one table yields; cached by that text, so never mutated. */
interface ParsedTable {
  parsed: ParsedCreateTable;
  enumChecks: EnumCheck[];
  /** Names of UNIQUE and FOREIGN KEY constraints, keyed by their lower-cased columns joined with NUL. */
  uniqueNames: Map<string, string>;
  foreignKeyNames: Map<string, string>;
}

interface Relation {
  row: RelationRow;
  columns: ColumnTuple[];
  isReadable: boolean;
}

const DEFAULT_SCHEMA = 'main';

/**
 * Reads every table and view of the `main` database in one statement, whatever the table count: one
 * row per relation of `sqlite_master`, carrying its `CREATE` text and, aggregated to JSON by SQLite
 * itself, its `pragma_table_xinfo`, `pragma_index_list` / `pragma_index_info` and
 * `pragma_foreign_key_list` rows. One row per table instead of one per column, index column and key
 * column is what makes it fast and small: drivers build a JavaScript object per row, and that, not
 * SQLite, was most of the cost (see docs/performance.md).
 *
 * CHECKs, generation expressions and constraint names come from the `CREATE TABLE` text, parsed once
 * per distinct text and kept in a bounded cache, so repeated validations of an unchanged schema do
 * not parse it again. Never reads user tables and never changes connection state.
 *
 * `options.schemas` is ignored: attached databases are out of scope. `options.timeoutMs` cannot be
 * enforced here: SQLite has no per-statement timeout, and setting `PRAGMA busy_timeout` would change
 * the caller's connection, so the caller must race this call against its own deadline.
 *
 * Only when that statement fails (a view over a dropped table, a virtual table whose module is not
 * loaded) does it fall back to one statement per relation, and reports the failing ones with
 * `isReadable: false` and no columns. Needs SQLite's JSON functions (built in since SQLite 3.38,
 * 2022; every SQLite that `better-sqlite3` and `sqlite3` bundle has them).
 */
export async function introspectSqlite(db: Queryable, options: IntrospectOptions): Promise<SchemaModel> {
  const relations = await readRelations(db, options);

  const tables = new Map<string, TableModel>();
  const parsedByName = new Map<string, ParsedTable>();
  for (const relation of relations) {
    if (isTypeormMetadataTable(relation)) continue;
    const { relation_type, relation_sql } = relation.row;
    const parsed =
      relation_type === 'table' && relation_sql ? parsedTables.get(relation_sql, parseTable) : NOTHING_PARSED;
    parsedByName.set(relation.row.relation_name, parsed);
    tables.set(tableKey(undefined, relation.row.relation_name, DEFAULT_SCHEMA), buildTable(relation, parsed));
  }

  // Foreign keys name columns of other tables, so they are read once every table is built.
  for (const relation of relations) {
    const table = tables.get(relation.row.relation_name);
    const parsed = parsedByName.get(relation.row.relation_name);
    if (!table || !parsed) continue;
    for (const index of parseJson<IndexTuple>(relation.row.indexes_json)) {
      table.indexes.push(buildIndex(index, parsed));
    }
    for (const keyRows of groupForeignKeys(parseJson<ForeignKeyTuple>(relation.row.foreign_keys_json))) {
      table.foreignKeys.push(buildForeignKey(keyRows, table, tables, parsed));
    }
  }

  return { dialect: 'sqlite', defaultSchema: DEFAULT_SCHEMA, tables };
}

const NOTHING_PARSED: ParsedTable = parseTable(undefined);
const parsedTables = new BoundedCache<ParsedTable>(5000);
const parsedIndexes = new BoundedCache<ParsedCreateIndex | undefined>(5000);
const declaredTypes = new BoundedCache<DeclaredType>(5000);

function parseTable(sql: string | undefined): ParsedTable {
  const parsed = parseCreateTable(sql);
  return {
    parsed,
    enumChecks: parsed.checks.flatMap((check) => parseEnumCheck(check.expression) ?? []),
    uniqueNames: namesByColumns(parsed.uniqueConstraints),
    foreignKeyNames: namesByColumns(parsed.foreignKeyConstraints),
  };
}

function namesByColumns(constraints: NamedConstraint[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const constraint of constraints) {
    const key = columnsKey(constraint.columns);
    if (!names.has(key)) names.set(key, constraint.name);
  }
  return names;
}

function columnsKey(columns: string[]): string {
  return columns.map((c) => c.toLowerCase()).join('\0');
}

function parseJson<T>(json: string | null | undefined): T[] {
  return json ? (JSON.parse(json) as T[]) : [];
}

async function readRelations(db: Queryable, options: IntrospectOptions): Promise<Relation[]> {
  let rows: RelationRow[];
  try {
    const pending = db.query(RELATIONS_SQL);
    options.onCatalogRequested?.();
    rows = (await pending) as unknown as RelationRow[];
  } catch (error) {
    if (isMissingJsonFunctions(error)) throw missingJsonError(error);
    return readRelationsOneByOne(db, error);
  }
  const relations: Relation[] = [];
  for (const row of rows) {
    const columns = parseJson<ColumnTuple>(row.columns_json);
    // A relation without readable columns (a virtual table whose columns are all hidden) stays out.
    if (columns.length > 0) relations.push({ row, columns, isReadable: true });
  }
  return relations.sort(byRelationName);
}

async function readRelationsOneByOne(db: Queryable, error: unknown): Promise<Relation[]> {
  // One broken view makes pragma_table_xinfo, and so the whole statement, fail: isolate it.
  let rows: RelationRow[];
  try {
    rows = (await db.query(RELATION_LIST_SQL)) as unknown as RelationRow[];
  } catch {
    throw error;
  }
  const relations: Relation[] = [];
  for (const listed of rows) {
    try {
      const [row] = (await db.query(ONE_RELATION_SQL, [listed.relation_name])) as unknown as RelationRow[];
      const columns = parseJson<ColumnTuple>(row?.columns_json);
      if (row && columns.length > 0) relations.push({ row, columns, isReadable: true });
    } catch {
      relations.push({ row: listed, columns: [], isReadable: false });
    }
  }
  if (rows.length > 0 && relations.every((r) => !r.isReadable)) throw error;
  return relations.sort(byRelationName);
}

function byRelationName(a: Relation, b: Relation): number {
  const x = a.row.relation_name;
  const y = b.row.relation_name;
  return x < y ? -1 : x > y ? 1 : 0;
}

function isMissingJsonFunctions(error: unknown): boolean {
  return /no such function: json/i.test(error instanceof Error ? error.message : String(error));
}

function missingJsonError(cause: unknown): Error {
  return new Error(
    'This SQLite library has no JSON functions (json_group_array), which the schema check needs to read the catalog in one ' +
      'statement. They are built in since SQLite 3.38 (2022): use the SQLite that better-sqlite3 or sqlite3 bundle, ' +
      'or rebuild yours without SQLITE_OMIT_JSON.',
    { cause },
  );
}

/** Foreign-key rows grouped by key id, each group in column order. */
function groupForeignKeys(rows: ForeignKeyTuple[]): ForeignKeyTuple[][] {
  if (rows.length === 0) return [];
  const groups = new Map<number, ForeignKeyTuple[]>();
  for (const row of rows) {
    const group = groups.get(row[0]);
    if (group) group.push(row);
    else groups.set(row[0], [row]);
  }
  return [...groups.values()].map((group) => (group.length > 1 ? group.sort((a, b) => a[1] - b[1]) : group));
}

function buildTable(relation: Relation, { parsed, enumChecks }: ParsedTable): TableModel {
  const { row } = relation;
  const tuples = relation.columns.length > 1 ? relation.columns.sort((a, b) => a[0] - b[0]) : relation.columns;
  const keyColumns = tuples.filter((c) => c[5] > 0);
  const primaryKey = (keyColumns.length > 1 ? keyColumns.sort((a, b) => a[5] - b[5]) : keyColumns).map((c) => c[1]);
  const rowidAlias =
    row.relation_type === 'table' &&
    !parsed.isWithoutRowid &&
    keyColumns.length === 1 &&
    (keyColumns[0][2] ?? '').trim().toLowerCase() === 'integer'
      ? keyColumns[0][1]
      : undefined;
  const columns = tuples.map((c) => {
    const column = buildColumn(c, parsed);
    if (c[1] === rowidAlias) {
      // An INTEGER PRIMARY KEY is the rowid: NULL is replaced by a new rowid, so it can never hold NULL,
      // although the pragma reports notnull 0. https://www.sqlite.org/lang_createtable.html#rowid
      column.isNullable = false;
      column.generation = 'increment';
    }
    if (enumChecks.length > 0) {
      const name = c[1].toLowerCase();
      const enumCheck = enumChecks.find((e) => e.column.toLowerCase() === name);
      if (enumCheck) column.enumValues = [...enumCheck.values];
    }
    return column;
  });
  const table: TableModel = {
    name: row.relation_name,
    kind: row.relation_type === 'view' ? 'view' : 'table',
    columns,
    primaryKey,
    foreignKeys: [],
    indexes: [],
    checks: parsed.checks.map((check) => ({ ...check })),
  };
  if (!relation.isReadable) table.isReadable = false;
  return table;
}

function buildColumn([, name, declaredType, notNull, defaultValue, , hidden]: ColumnTuple, parsed: ParsedCreateTable): ColumnModel {
  const declared = declaredType ?? '';
  const { type, length, precision, scale } = declaredTypes.get(declared, parseDeclaredType);
  const column: ColumnModel = { name, type, displayType: declared, isArray: false, isNullable: !notNull };
  if (length !== undefined) column.length = length;
  if (precision !== undefined) column.precision = precision;
  if (scale !== undefined) column.scale = scale;
  if (defaultValue !== null && defaultValue !== undefined) column.default = String(defaultValue);
  if (hidden === HIDDEN_VIRTUAL || hidden === HIDDEN_STORED) {
    column.generation = 'computed';
    const expression = parsed.generationExpressions.get(name.toLowerCase());
    if (expression !== undefined) column.generationExpression = expression;
  }
  return column;
}

function buildIndex(
  [name, isUnique, origin, isPartial, sql, indexColumns]: IndexTuple,
  { uniqueNames }: ParsedTable,
): IndexModel {
  const isConstraint = origin === 'u';
  const ordered = indexColumns.length > 1 ? indexColumns.sort((a, b) => a[0] - b[0]) : indexColumns;
  const columns = ordered.flatMap(([, cid, column]) => (cid === CID_ROWID ? ['rowid'] : column === null ? [] : [column]));
  // The statement reads the CREATE INDEX text only for expression terms and partial-index predicates.
  const source = sql ? parsedIndexes.get(sql, parseCreateIndex) : undefined;
  const expressions = ordered.flatMap(([seqno, cid]) => (cid === CID_EXPRESSION ? [source?.terms[seqno] ?? ''] : []));
  const constraintName = isConstraint ? uniqueNames.get(columnsKey(columns)) : undefined;
  const index: IndexModel = { name: constraintName ?? name, columns, isUnique: Boolean(isUnique), isConstraint };
  if (isPartial && source?.where !== undefined) index.where = source.where;
  if (expressions.length > 0) index.expression = expressions.join(', ');
  return index;
}

function buildForeignKey(
  rows: ForeignKeyTuple[],
  table: TableModel,
  tables: Map<string, TableModel>,
  { foreignKeyNames }: ParsedTable,
): ForeignKeyModel {
  const [, , referencedTable, , , onUpdate, onDelete] = rows[0];
  // SQLite resolves the referenced table and columns case-insensitively; report them as the database spells them.
  const referenced = tables.get(referencedTable) ?? findCaseInsensitive(tables, referencedTable);
  const columns = rows.map((r) => spelledAs(table, r[3]));
  // `REFERENCES parent` without columns means the parent's primary key.
  const referencedColumns = rows.some((r) => r[4] === null)
    ? (referenced?.primaryKey ?? [])
    : rows.map((r) => (referenced ? spelledAs(referenced, r[4] ?? '') : (r[4] ?? '')));
  const foreignKey: ForeignKeyModel = {
    columns,
    referencedTable: tableKey(undefined, referenced?.name ?? referencedTable, DEFAULT_SCHEMA),
    referencedColumns,
    onDelete: onDelete.toLowerCase(),
    onUpdate: onUpdate.toLowerCase(),
  };
  const name = foreignKeyNames.get(columnsKey(columns));
  return name === undefined ? foreignKey : { name, ...foreignKey };
}

function findCaseInsensitive(tables: Map<string, TableModel>, name: string): TableModel | undefined {
  const wanted = name.toLowerCase();
  for (const table of tables.values()) if (table.name.toLowerCase() === wanted) return table;
  return undefined;
}

function spelledAs(table: TableModel, column: string): string {
  const exact = table.columns.find((c) => c.name === column);
  return (exact ?? table.columns.find((c) => c.name.toLowerCase() === column.toLowerCase()))?.name ?? column;
}

/** TypeORM's own bookkeeping table for views and generated columns is not part of the application's schema. */
function isTypeormMetadataTable(relation: Relation): boolean {
  if (relation.row.relation_name !== 'typeorm_metadata') return false;
  const names = relation.columns.map((c) => c[1]).sort().join(',');
  return names === TYPEORM_METADATA_COLUMNS;
}

// pragma_table_xinfo.hidden: 1 = hidden column of a virtual table, 2 = VIRTUAL generated, 3 = STORED generated.
const HIDDEN_VIRTUAL = 2;
const HIDDEN_STORED = 3;
// pragma_index_info.cid: -1 = the rowid, -2 = an expression.
const CID_ROWID = -1;
const CID_EXPRESSION = -2;
const TYPEORM_METADATA_COLUMNS = ['database', 'name', 'schema', 'table', 'type', 'value'].join(',');

// Names starting with `sqlite_` are reserved for SQLite's own tables (sqlite_sequence, sqlite_stat1, ...).
const RELATION_FILTER = `m.name NOT LIKE 'sqlite!_%' ESCAPE '!'`;

// Virtual tables have neither indexes nor foreign keys, and their pragmas fail when the module is missing.
const HAS_KEYS = `m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL %'`;

// One row per relation. Subquery results lose their JSON subtype, so nested arrays go through json().
// sqlite_master has no index on name: the CREATE INDEX text is looked up only for the partial and
// expression indexes that need it, not for every index.
const RELATIONS_SQL = `
SELECT m.type AS relation_type, m.name AS relation_name, m.sql AS relation_sql,
  (SELECT json_group_array(json_array(c.cid, c.name, c.type, c."notnull", c.dflt_value, c.pk, c.hidden))
     FROM pragma_table_xinfo(m.name, 'main') AS c WHERE c.hidden <> 1) AS columns_json,
  CASE WHEN ${HAS_KEYS} THEN
    (SELECT json_group_array(json_array(il.name, il."unique", il.origin, il.partial,
        CASE WHEN il.partial OR EXISTS (SELECT 1 FROM pragma_index_info(il.name, 'main') AS e WHERE e.cid = -2)
             THEN (SELECT s.sql FROM main.sqlite_master AS s WHERE s.type = 'index' AND s.name = il.name) END,
        json((SELECT json_group_array(json_array(ii.seqno, ii.cid, ii.name))
                FROM pragma_index_info(il.name, 'main') AS ii))))
       FROM pragma_index_list(m.name, 'main') AS il WHERE il.origin <> 'pk')
  END AS indexes_json,
  CASE WHEN ${HAS_KEYS} THEN
    (SELECT json_group_array(json_array(fk.id, fk.seq, fk."table", fk."from", fk."to", fk.on_update, fk.on_delete))
       FROM pragma_foreign_key_list(m.name, 'main') AS fk)
  END AS foreign_keys_json
FROM main.sqlite_master AS m
WHERE m.type IN ('table', 'view') AND ${RELATION_FILTER}`;

const ONE_RELATION_SQL = `${RELATIONS_SQL} AND m.name = ?`;

const RELATION_LIST_SQL = `
SELECT m.type AS relation_type, m.name AS relation_name, m.sql AS relation_sql
FROM main.sqlite_master AS m
WHERE m.type IN ('table', 'view') AND ${RELATION_FILTER}`;
