import { tableKey, type ColumnModel, type Draft, type ForeignKeyModel, type IndexModel, type SchemaModel, type TableModel } from '../../model/schema';
import type { IntrospectOptions, Queryable } from '../dialect';
import { BoundedCache } from '../bounded-cache';
import { MAIN_SCHEMA, attachedSchemas, isUnknownSchemaError, oneRelationSql, relationListSql, relationsSql } from './catalog-sql';
import { parseCreateIndex, type ParsedCreateIndex } from './parse-create-index';
import { parseCreateTable, type NamedConstraint, type ParsedCreateTable } from './parse-create-table';
import { parseDeclaredType, type DeclaredType } from './parse-declared-type';
import { parseEnumCheck, type EnumCheck } from './parse-enum-check';

/** A row of {@link relationsSql}: one table or view with its `CREATE` text and, as JSON, everything the pragmas say of it. */
interface RelationRow {
  /** `main`, or the name an attached database is attached under. */
  relation_schema: string;
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

/**
 * Reads every table and view of the `main` database, and of the attached databases named in
 * `options.schemas` (TypeORM attaches the file of an entity's `database` option under a handle),
 * in one statement, whatever the table count: one row per relation of each `sqlite_master`, carrying its `CREATE` text and, aggregated to JSON by SQLite
 * itself, its `pragma_table_xinfo`, `pragma_index_list` / `pragma_index_info` and
 * `pragma_foreign_key_list` rows. One row per table instead of one per column, index column and key
 * column is what makes it fast and small: drivers build a JavaScript object per row, and that, not
 * SQLite, was most of the cost (see docs/performance.md).
 *
 * CHECKs, generation expressions and constraint names come from the `CREATE TABLE` text, parsed once
 * per distinct text and kept in a bounded cache, so repeated validations of an unchanged schema do
 * not parse it again. Never reads user tables and never changes connection state.
 *
 * A schema of `options.schemas` that is not attached costs one more statement (the attached list)
 * and its tables are then missing. `options.timeoutMs` cannot be
 * enforced here: SQLite has no per-statement timeout, and setting `PRAGMA busy_timeout` would change
 * the caller's connection, so the caller must race this call against its own deadline.
 *
 * Only when that statement fails (a view over a dropped table, a virtual table whose module is not
 * loaded) does it fall back to one statement per relation, and reports the failing ones with
 * `isReadable: false` and no columns. Needs SQLite's JSON functions (built in since SQLite 3.38,
 * 2022; every SQLite that `better-sqlite3` and `sqlite3` bundle has them).
 */
export async function introspectSqlite(db: Queryable, options: IntrospectOptions): Promise<SchemaModel> {
  const relations = await readRelations(db, schemasToRead(options.schemas), options);

  const tables = new Map<string, Draft<TableModel>>();
  const parsedByKey = new Map<string, ParsedTable>();
  for (const relation of relations) {
    if (isTypeormMetadataTable(relation)) continue;
    const { relation_type, relation_sql } = relation.row;
    const parsed =
      relation_type === 'table' && relation_sql ? parsedTables.get(relation_sql, parseTable) : NOTHING_PARSED;
    parsedByKey.set(keyOf(relation.row), parsed);
    tables.set(keyOf(relation.row), buildTable(relation, parsed));
  }

  // Foreign keys name columns of other tables, so they are read once every table is built.
  for (const relation of relations) {
    const table = tables.get(keyOf(relation.row));
    const parsed = parsedByKey.get(keyOf(relation.row));
    if (!table || !parsed) continue;
    for (const index of parseJson<IndexTuple>(relation.row.indexes_json)) {
      table.indexes.push(buildIndex(index, parsed));
    }
    for (const keyRows of groupForeignKeys(parseJson<ForeignKeyTuple>(relation.row.foreign_keys_json))) {
      table.foreignKeys.push(buildForeignKey(keyRows, table, tables, parsed));
    }
  }

  return { dialect: 'sqlite', defaultSchema: MAIN_SCHEMA, tables };
}

function keyOf(row: Pick<RelationRow, 'relation_schema' | 'relation_name'>): string {
  return tableKey(row.relation_schema, row.relation_name, MAIN_SCHEMA);
}

/** `main` first, then each attached schema once; `temp` holds no application tables. */
function schemasToRead(requested: string[]): string[] {
  const schemas = [MAIN_SCHEMA];
  for (const schema of requested) {
    // SQLite matches schema names case-insensitively.
    const folded = schema.toLowerCase();
    if (folded !== 'temp' && !schemas.some((s) => s.toLowerCase() === folded)) schemas.push(schema);
  }
  return schemas;
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

async function readRelations(db: Queryable, schemas: string[], options: IntrospectOptions): Promise<Relation[]> {
  let rows: RelationRow[];
  try {
    const pending = db.query(relationsSql(schemas));
    options.onCatalogRequested?.();
    rows = (await pending) as unknown as RelationRow[];
  } catch (error) {
    if (isMissingJsonFunctions(error)) throw missingJsonError(error);
    if (schemas.length > 1 && isUnknownSchemaError(error)) {
      // An entity's database is not attached to this connection: its tables are missing; read the others.
      const attached = await attachedSchemas(db);
      const present = schemas.filter((schema) => attached.has(schema.toLowerCase()));
      if (present.length < schemas.length) return readRelations(db, present, { ...options, onCatalogRequested: undefined });
    }
    return readRelationsOneByOne(db, schemas, error);
  }
  const relations: Relation[] = [];
  for (const row of rows) {
    const columns = parseJson<ColumnTuple>(row.columns_json);
    // A relation without readable columns (a virtual table whose columns are all hidden) stays out.
    if (columns.length > 0) relations.push({ row, columns, isReadable: true });
  }
  return relations.sort(byRelationName);
}

async function readRelationsOneByOne(db: Queryable, schemas: string[], error: unknown): Promise<Relation[]> {
  // One broken view makes pragma_table_xinfo, and so the whole statement, fail: isolate it.
  let rows: RelationRow[];
  try {
    rows = (await db.query(relationListSql(schemas))) as unknown as RelationRow[];
  } catch {
    throw error;
  }
  const relations: Relation[] = [];
  for (const listed of rows) {
    try {
      const [row] = (await db.query(oneRelationSql(listed.relation_schema), [listed.relation_name])) as unknown as RelationRow[];
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
  if (a.row.relation_schema !== b.row.relation_schema) return a.row.relation_schema === MAIN_SCHEMA ? -1 : b.row.relation_schema === MAIN_SCHEMA ? 1 : a.row.relation_schema < b.row.relation_schema ? -1 : 1;
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

function buildTable(relation: Relation, { parsed, enumChecks }: ParsedTable): Draft<TableModel> {
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
  const table: Draft<TableModel> = {
    name: row.relation_name,
    kind: row.relation_type === 'view' ? 'view' : 'table',
    columns,
    primaryKey,
    foreignKeys: [],
    indexes: [],
    checks: parsed.checks.map((check) => ({ ...check })),
  };
  if (row.relation_schema !== MAIN_SCHEMA) table.schema = row.relation_schema;
  if (!relation.isReadable) table.isReadable = false;
  return table;
}

function buildColumn([, name, declaredType, notNull, defaultValue, , hidden]: ColumnTuple, parsed: ParsedCreateTable): Draft<ColumnModel> {
  const declared = declaredType ?? '';
  const { type, length, precision, scale } = declaredTypes.get(declared, parseDeclaredType);
  const column: Draft<ColumnModel> = { name, type, displayType: declared, isArray: false, isNullable: !notNull };
  if (length !== undefined) column.length = length;
  if (precision !== undefined) column.precision = precision;
  if (scale !== undefined) column.scale = scale;
  if (defaultValue !== null && defaultValue !== undefined) column.default = String(defaultValue);
  if (hidden === HIDDEN_VIRTUAL || hidden === HIDDEN_STORED) {
    column.generation = 'computed';
    column.isStored = hidden === HIDDEN_STORED;
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
  const index: Draft<IndexModel> = { name: constraintName ?? name, columns, isUnique: Boolean(isUnique), isConstraint };
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
  // SQLite resolves the referenced table (in the referencing table's own database) and columns
  // case-insensitively; report them as the database spells them.
  const referenced =
    tables.get(tableKey(table.schema, referencedTable, MAIN_SCHEMA)) ?? findCaseInsensitive(tables, table.schema, referencedTable);
  const columns = rows.map((r) => spelledAs(table, r[3]));
  // `REFERENCES parent` without columns means the parent's primary key.
  const referencedColumns = rows.some((r) => r[4] === null)
    ? (referenced?.primaryKey ?? [])
    : rows.map((r) => (referenced ? spelledAs(referenced, r[4] ?? '') : (r[4] ?? '')));
  const foreignKey: ForeignKeyModel = {
    columns,
    referencedTable: tableKey(table.schema, referenced?.name ?? referencedTable, MAIN_SCHEMA),
    referencedColumns,
    onDelete: onDelete.toLowerCase(),
    onUpdate: onUpdate.toLowerCase(),
  };
  const name = foreignKeyNames.get(columnsKey(columns));
  return name === undefined ? foreignKey : { name, ...foreignKey };
}

function findCaseInsensitive(tables: Map<string, TableModel>, schema: string | undefined, name: string): TableModel | undefined {
  const wanted = name.toLowerCase();
  for (const table of tables.values()) if (table.schema === schema && table.name.toLowerCase() === wanted) return table;
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
