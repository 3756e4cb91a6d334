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

interface RelationRow {
  relation_type: string;
  relation_name: string;
  relation_sql: string | null;
}

interface ColumnRow {
  relation_type: string;
  relation_name: string;
  cid: number;
  column_name: string;
  declared_type: string | null;
  is_not_null: number;
  default_value: string | null;
  pk_position: number;
  hidden: number;
}

interface IndexRow {
  table_name: string;
  index_name: string;
  is_unique: number;
  origin: string;
  is_partial: number;
  index_sql: string | null;
  seqno: number;
  cid: number;
  column_name: string | null;
}

interface ForeignKeyRow {
  table_name: string;
  id: number;
  seq: number;
  referenced_table: string;
  column_name: string;
  referenced_column: string | null;
  on_update: string;
  on_delete: string;
}

/** What the `CREATE TABLE` text of one table yields; cached by that text, so never mutated. */
interface ParsedTable {
  parsed: ParsedCreateTable;
  enumChecks: EnumCheck[];
}

/** A row of {@link COLUMNS_SQL}: a relation (cid NULL, with its `CREATE` text) or one of its columns. */
type RelationOrColumnRow = (RelationRow & { cid: null }) | (ColumnRow & { cid: number; relation_sql: null });

interface Relation {
  row: RelationRow;
  columns: ColumnRow[];
  isReadable: boolean;
}

const DEFAULT_SCHEMA = 'main';

/**
 * Reads every table and view of the `main` database in three statements, whatever the table count:
 * relations and columns (`sqlite_master` rows, carrying the `CREATE` text once per relation, followed by
 * their `pragma_table_xinfo` rows), indexes (`pragma_index_list` / `pragma_index_info`) and foreign keys
 * (`pragma_foreign_key_list`), each joined with `sqlite_master`. CHECKs, generation expressions and
 * constraint names come from the `CREATE TABLE` text, parsed once per distinct text and kept in a
 * bounded cache, so repeated validations of an unchanged schema do not parse it again. Never reads
 * user tables and never changes connection state.
 *
 * `options.schemas` is ignored: attached databases are out of scope. `options.timeoutMs` cannot be
 * enforced here: SQLite has no per-statement timeout, and setting `PRAGMA busy_timeout` would change
 * the caller's connection, so the caller must race this call against its own deadline.
 *
 * Only when the column statement fails (a view over a dropped table, a virtual table whose module is
 * not loaded) does it fall back to one statement per relation, and reports the failing ones with
 * `isReadable: false` and no columns.
 */
export async function introspectSqlite(db: Queryable, options: IntrospectOptions): Promise<SchemaModel> {
  const relations = await readRelations(db);
  const indexRows = (await db.query(INDEXES_SQL)) as unknown as IndexRow[];
  const foreignKeyRows = (await db.query(FOREIGN_KEYS_SQL)) as unknown as ForeignKeyRow[];

  const tables = new Map<string, TableModel>();
  const parsedByName = new Map<string, ParsedCreateTable>();
  for (const relation of relations.values()) {
    if (isTypeormMetadataTable(relation)) continue;
    const { relation_type, relation_sql } = relation.row;
    const parsed =
      relation_type === 'table' && relation_sql ? parsedTables.get(relation_sql, parseTable) : NOTHING_PARSED;
    parsedByName.set(relation.row.relation_name, parsed.parsed);
    tables.set(tableKey(undefined, relation.row.relation_name, DEFAULT_SCHEMA), buildTable(relation, parsed));
  }

  for (const [tableName, rows] of groupBy(indexRows, (r) => r.table_name)) {
    const table = tables.get(tableName);
    const parsed = parsedByName.get(tableName);
    if (!table || !parsed) continue;
    for (const indexRowsOfOne of groupBy(rows, (r) => r.index_name).values()) {
      table.indexes.push(buildIndex(indexRowsOfOne, parsed));
    }
  }

  for (const [tableName, rows] of groupBy(foreignKeyRows, (r) => r.table_name)) {
    const table = tables.get(tableName);
    const parsed = parsedByName.get(tableName);
    if (!table || !parsed) continue;
    for (const keyRows of groupBy(rows, (r) => String(r.id)).values()) {
      table.foreignKeys.push(buildForeignKey(keyRows, table, tables, parsed));
    }
  }

  return { dialect: 'sqlite', defaultSchema: DEFAULT_SCHEMA, tables };
}

const NOTHING_PARSED: ParsedTable = { parsed: parseCreateTable(undefined), enumChecks: [] };
const parsedTables = new BoundedCache<ParsedTable>(5000);
const parsedIndexes = new BoundedCache<ParsedCreateIndex | undefined>(5000);
const declaredTypes = new BoundedCache<DeclaredType>(5000);

function parseTable(sql: string): ParsedTable {
  const parsed = parseCreateTable(sql);
  return { parsed, enumChecks: parsed.checks.flatMap((check) => parseEnumCheck(check.expression) ?? []) };
}

async function readRelations(db: Queryable): Promise<Map<string, Relation>> {
  const relations = new Map<string, Relation>();
  const add = (row: RelationRow, isReadable: boolean) => {
    const relation: Relation = { row, columns: [], isReadable };
    relations.set(row.relation_name, relation);
    return relation;
  };
  let rows: RelationOrColumnRow[];
  try {
    rows = (await db.query(COLUMNS_SQL)) as unknown as RelationOrColumnRow[];
  } catch (error) {
    return readRelationsOneByOne(db, error, relations, add);
  }
  // Each relation's row (with its CREATE text, cid NULL) sorts before its column rows.
  let current: RelationRow | undefined;
  for (const row of rows) {
    if (row.cid === null) {
      current = row;
    } else if (current !== undefined && current.relation_name === row.relation_name) {
      // A relation with no column rows stays out, as it did when the join alone was read.
      (relations.get(row.relation_name) ?? add(current, true)).columns.push(row);
    }
  }
  return relations;
}

async function readRelationsOneByOne(
  db: Queryable,
  error: unknown,
  relations: Map<string, Relation>,
  add: (row: RelationRow, isReadable: boolean) => Relation,
): Promise<Map<string, Relation>> {
  // One broken view makes pragma_table_xinfo, and so the whole join, fail: isolate it.
  let rows: RelationRow[];
  try {
    rows = (await db.query(RELATIONS_SQL)) as unknown as RelationRow[];
  } catch {
    throw error;
  }
  for (const row of rows) {
    try {
      const columns = (await db.query(RELATION_COLUMNS_SQL, [row.relation_name])) as unknown as ColumnRow[];
      const { relation_type, relation_name } = row;
      add(row, true).columns.push(...columns.map((c) => ({ ...c, relation_type, relation_name })));
    } catch {
      add(row, false);
    }
  }
  if (rows.length > 0 && [...relations.values()].every((r) => !r.isReadable)) throw error;
  return relations;
}

function buildTable(relation: Relation, { parsed, enumChecks }: ParsedTable): TableModel {
  const { row, columns: rows } = relation;
  const primaryKey = rows
    .filter((c) => Number(c.pk_position) > 0)
    .sort((a, b) => Number(a.pk_position) - Number(b.pk_position))
    .map((c) => c.column_name);
  const columns = rows.map((c) => {
    const column = buildColumn(c, parsed);
    const isRowidAlias =
      row.relation_type === 'table' &&
      !parsed.isWithoutRowid &&
      primaryKey.length === 1 &&
      primaryKey[0] === c.column_name &&
      (c.declared_type ?? '').trim().toLowerCase() === 'integer';
    if (isRowidAlias) {
      // An INTEGER PRIMARY KEY is the rowid: NULL is replaced by a new rowid, so it can never hold NULL,
      // although the pragma reports notnull 0. https://www.sqlite.org/lang_createtable.html#rowid
      column.isNullable = false;
      column.generation = 'increment';
    }
    const enumCheck = enumChecks.find((e) => e.column.toLowerCase() === c.column_name.toLowerCase());
    if (enumCheck) column.enumValues = [...enumCheck.values];
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

function buildColumn(row: ColumnRow, parsed: ParsedCreateTable): ColumnModel {
  const declared = row.declared_type ?? '';
  const { type, length, precision, scale } = declaredTypes.get(declared, parseDeclaredType);
  const column: ColumnModel = {
    name: row.column_name,
    type,
    displayType: declared,
    isArray: false,
    isNullable: !Number(row.is_not_null),
  };
  if (length !== undefined) column.length = length;
  if (precision !== undefined) column.precision = precision;
  if (scale !== undefined) column.scale = scale;
  if (row.default_value !== null && row.default_value !== undefined) column.default = String(row.default_value);
  const hidden = Number(row.hidden);
  if (hidden === HIDDEN_VIRTUAL || hidden === HIDDEN_STORED) {
    column.generation = 'computed';
    const expression = parsed.generationExpressions.get(row.column_name.toLowerCase());
    if (expression !== undefined) column.generationExpression = expression;
  }
  return column;
}

function buildIndex(rows: IndexRow[], parsed: ParsedCreateTable): IndexModel {
  const first = rows[0];
  const isConstraint = first.origin === 'u';
  const ordered = [...rows].sort((a, b) => Number(a.seqno) - Number(b.seqno));
  const columns = ordered.flatMap((r) =>
    Number(r.cid) === CID_ROWID ? ['rowid'] : r.column_name === null ? [] : [r.column_name],
  );
  const isPartial = Boolean(Number(first.is_partial));
  // Only expression terms and partial-index predicates need the CREATE INDEX text: parse it only then.
  const needsSource = isPartial || ordered.some((r) => Number(r.cid) === CID_EXPRESSION);
  const source = needsSource && first.index_sql ? parsedIndexes.get(first.index_sql, parseCreateIndex) : undefined;
  const expressions = ordered.flatMap((r) =>
    Number(r.cid) === CID_EXPRESSION ? [source?.terms[Number(r.seqno)] ?? ''] : [],
  );
  const constraintName = isConstraint ? findConstraintName(parsed.uniqueConstraints, columns) : undefined;
  const index: IndexModel = {
    name: constraintName ?? first.index_name,
    columns,
    isUnique: Boolean(Number(first.is_unique)),
    isConstraint,
  };
  if (isPartial && source?.where !== undefined) index.where = source.where;
  if (expressions.length > 0) index.expression = expressions.join(', ');
  return index;
}

function buildForeignKey(
  rows: ForeignKeyRow[],
  table: TableModel,
  tables: Map<string, TableModel>,
  parsed: ParsedCreateTable,
): ForeignKeyModel {
  const ordered = [...rows].sort((a, b) => Number(a.seq) - Number(b.seq));
  const first = ordered[0];
  // SQLite resolves the referenced table and columns case-insensitively; report them as the database spells them.
  const referenced =
    tables.get(first.referenced_table) ?? findCaseInsensitive([...tables.values()], first.referenced_table);
  const columns = ordered.map((r) => spelledAs(table, r.column_name));
  // `REFERENCES parent` without columns means the parent's primary key.
  const referencedColumns = ordered.some((r) => r.referenced_column === null)
    ? (referenced?.primaryKey ?? [])
    : ordered.map((r) => (referenced ? spelledAs(referenced, r.referenced_column ?? '') : (r.referenced_column ?? '')));
  const foreignKey: ForeignKeyModel = {
    columns,
    referencedTable: tableKey(undefined, referenced?.name ?? first.referenced_table, DEFAULT_SCHEMA),
    referencedColumns,
    onDelete: first.on_delete.toLowerCase(),
    onUpdate: first.on_update.toLowerCase(),
  };
  const name = findConstraintName(parsed.foreignKeyConstraints, columns);
  return name === undefined ? foreignKey : { name, ...foreignKey };
}

function findConstraintName(constraints: NamedConstraint[], columns: string[]): string | undefined {
  const wanted = columns.map((c) => c.toLowerCase()).join('\0');
  return constraints.find((c) => c.columns.map((n) => n.toLowerCase()).join('\0') === wanted)?.name;
}

function findCaseInsensitive(tables: TableModel[], name: string): TableModel | undefined {
  return tables.find((t) => t.name.toLowerCase() === name.toLowerCase());
}

function spelledAs(table: TableModel, column: string): string {
  const exact = table.columns.find((c) => c.name === column);
  return (exact ?? table.columns.find((c) => c.name.toLowerCase() === column.toLowerCase()))?.name ?? column;
}

/** TypeORM's own bookkeeping table for views and generated columns is not part of the application's schema. */
function isTypeormMetadataTable(relation: Relation): boolean {
  if (relation.row.relation_name !== 'typeorm_metadata') return false;
  const names = relation.columns.map((c) => c.column_name).sort().join(',');
  return names === TYPEORM_METADATA_COLUMNS;
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
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

// One row per relation with its CREATE text, then its columns without it: the DDL crosses the driver once
// per relation, not once per column. NULL cids sort first, so a relation's row precedes its columns.
const COLUMNS_SQL = `
SELECT m.type AS relation_type, m.name AS relation_name, m.sql AS relation_sql,
       NULL AS cid, NULL AS column_name, NULL AS declared_type, NULL AS is_not_null,
       NULL AS default_value, NULL AS pk_position, NULL AS hidden
FROM main.sqlite_master AS m
WHERE m.type IN ('table', 'view') AND ${RELATION_FILTER}
UNION ALL
SELECT m.type, m.name, NULL,
       c.cid, c.name, c.type, c."notnull",
       c.dflt_value, c.pk, c.hidden
FROM main.sqlite_master AS m
JOIN pragma_table_xinfo(m.name, 'main') AS c
WHERE m.type IN ('table', 'view') AND ${RELATION_FILTER} AND c.hidden <> 1
ORDER BY relation_name, cid`;

const RELATIONS_SQL = `
SELECT m.type AS relation_type, m.name AS relation_name, m.sql AS relation_sql
FROM main.sqlite_master AS m
WHERE m.type IN ('table', 'view') AND ${RELATION_FILTER}
ORDER BY m.name`;

const RELATION_COLUMNS_SQL = `
SELECT cid, name AS column_name, type AS declared_type, "notnull" AS is_not_null,
       dflt_value AS default_value, pk AS pk_position, hidden
FROM pragma_table_xinfo(?, 'main')
WHERE hidden <> 1
ORDER BY cid`;

// Virtual tables have neither indexes nor foreign keys, and their pragmas fail when the module is missing.
const INDEXES_SQL = `
SELECT m.name AS table_name, il.name AS index_name, il."unique" AS is_unique, il.origin,
       il.partial AS is_partial, s.sql AS index_sql, ii.seqno, ii.cid, ii.name AS column_name
FROM main.sqlite_master AS m
JOIN pragma_index_list(m.name, 'main') AS il
JOIN pragma_index_info(il.name, 'main') AS ii
LEFT JOIN main.sqlite_master AS s ON s.type = 'index' AND s.name = il.name
WHERE m.type = 'table' AND ${RELATION_FILTER} AND m.sql NOT LIKE 'CREATE VIRTUAL %' AND il.origin <> 'pk'
ORDER BY m.name, il.name, ii.seqno`;

const FOREIGN_KEYS_SQL = `
SELECT m.name AS table_name, fk.id, fk.seq, fk."table" AS referenced_table, fk."from" AS column_name,
       fk."to" AS referenced_column, fk.on_update, fk.on_delete
FROM main.sqlite_master AS m
JOIN pragma_foreign_key_list(m.name, 'main') AS fk
WHERE m.type = 'table' AND ${RELATION_FILTER} AND m.sql NOT LIKE 'CREATE VIRTUAL %'
ORDER BY m.name, fk.id, fk.seq`;
