/**
 * PostgreSQL keeps at most 63 bytes of an identifier (NAMEDATALEN - 1) and silently truncates
 * longer ones, on CREATE and on every lookup alike, cutting on a character boundary
 * (https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS). So an
 * entity with a 75-character table name works, and the catalog holds the first 63 bytes: the
 * expected schema must name things the same way.
 */
import type { ExpectedColumn, ExpectedSchema, ExpectedTable } from '../../model/expected';
import { type IndexModel, tableKey } from '../../model/schema';

/** Bytes PostgreSQL keeps of an identifier. */
const MAX_IDENTIFIER_BYTES = 63;
/** A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, 2 units, is 4): 21 units always fit. */
const ALWAYS_FITS = Math.floor(MAX_IDENTIFIER_BYTES / 3);

/**
 * The identifier as PostgreSQL stores it: the longest prefix of whole characters that fits in 63
 * bytes of UTF-8 (the server encoding of nearly every database; others count bytes differently).
 *
 * @example
 * truncatePostgresIdentifier('a'.repeat(75)); // 'a'.repeat(63)
 * truncatePostgresIdentifier('é'.repeat(40)); // 'é'.repeat(31): 62 bytes, a 64th would split a character
 */
export function truncatePostgresIdentifier(name: string): string {
  if (name.length <= ALWAYS_FITS || Buffer.byteLength(name, 'utf8') <= MAX_IDENTIFIER_BYTES) return name;
  let result = '';
  let bytes = 0;
  for (const char of name) {
    bytes += Buffer.byteLength(char, 'utf8');
    if (bytes > MAX_IDENTIFIER_BYTES) break;
    result += char;
  }
  return result;
}

/**
 * The expected schema with every database name (schemas, tables, columns, constraints, indexes,
 * enum types) truncated as PostgreSQL truncates it. Returns `schema` itself when no name is long.
 */
export function truncateExpectedIdentifiers(schema: ExpectedSchema): ExpectedSchema {
  if (![...schema.tables.values()].some(hasLongName)) return schema;
  const renamed = new Map<string, string>();
  const tables = new Map<string, ExpectedTable>();
  for (const [key, table] of schema.tables) {
    const truncated = hasLongName(table) ? truncateTable(table) : table;
    const newKey = tableKey(truncated.schema, truncated.name, schema.defaultSchema);
    if (newKey !== key) renamed.set(key, newKey);
    tables.set(newKey, truncated);
  }
  if (renamed.size > 0) {
    for (const [key, table] of tables) {
      if (!table.foreignKeys.some((fk) => renamed.has(fk.referencedTable))) continue;
      const foreignKeys = table.foreignKeys.map((fk) => ({ ...fk, referencedTable: renamed.get(fk.referencedTable) ?? fk.referencedTable }));
      tables.set(key, { ...table, foreignKeys });
    }
  }
  return { ...schema, tables };
}

const t = truncatePostgresIdentifier;
const tOptional = (name: string | undefined) => (name === undefined ? undefined : t(name));

/** Without allocating: this runs over every table of every PostgreSQL schema, which nearly never has a long name. */
function hasLongName(table: ExpectedTable): boolean {
  if (isLong(table.schema) || isLong(table.name)) return true;
  for (const column of table.columns) if (isLong(column.name) || isLong(column.enumName)) return true;
  for (const fk of table.foreignKeys) {
    if (isLong(fk.name) || fk.columns.some(isLong) || fk.referencedColumns.some(isLong)) return true;
  }
  for (const index of table.indexes) if (isLong(index.name)) return true;
  for (const check of table.checks) if (isLong(check.name)) return true;
  return false;
}

function isLong(name: string | undefined): boolean {
  return name !== undefined && name.length > ALWAYS_FITS && Buffer.byteLength(name, 'utf8') > MAX_IDENTIFIER_BYTES;
}

function truncateTable(table: ExpectedTable): ExpectedTable {
  return {
    ...table,
    schema: tOptional(table.schema),
    name: t(table.name),
    columns: table.columns.map(truncateColumn),
    primaryKey: table.primaryKey.map(t),
    foreignKeys: table.foreignKeys.map((fk) => ({
      ...fk,
      name: tOptional(fk.name),
      columns: fk.columns.map(t),
      referencedColumns: fk.referencedColumns.map(t),
    })),
    indexes: table.indexes.map((index): IndexModel => ({ ...index, name: tOptional(index.name), columns: index.columns.map(t) })),
    checks: table.checks.map((check) => ({ ...check, name: tOptional(check.name) })),
  };
}

function truncateColumn(column: ExpectedColumn): ExpectedColumn {
  const truncated = { ...column, name: t(column.name) };
  if (column.enumName !== undefined) {
    // A qualified enum name is `schema.type`, and displayed `"schema"."type"`: each part is an identifier.
    const parts = column.enumName.split('.');
    const quoted = (names: string[]) => names.map((name) => `"${name}"`).join('.');
    truncated.enumName = parts.map(t).join('.');
    truncated.displayType = column.displayType.replace(quoted(parts), quoted(parts.map(t)));
  }
  return truncated;
}
