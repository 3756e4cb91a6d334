/**
 * The SQLite catalog statements, for `main` and any attached database (a schema in SQLite's
 * terms: https://www.sqlite.org/lang_attach.html). A schema's `sqlite_master` can only be named
 * in the statement text, so the statements are built per list of schemas; the pragma functions
 * take the schema as their last argument. Every statement starts with `SELECT `: TypeORM's sql.js
 * runner marks its database dirty (and saves it to disk) after any other statement.
 */
import type { Queryable } from '../dialect';
import { quoteLiteral as literal } from './create-table-sql';
import { quoteSqliteIdentifier as identifier } from './index';

/** The default database of every SQLite connection. */
export const MAIN_SCHEMA = 'main';

/**
 * One row per table and view of the schemas: its `CREATE` text and, aggregated to JSON by SQLite
 * itself, its `pragma_table_xinfo`, `pragma_index_list` / `pragma_index_info` and
 * `pragma_foreign_key_list` rows. One SELECT per schema, joined by UNION ALL: still one statement.
 */
export function relationsSql(schemas: string[]): string {
  return schemas.map((schema) => relationsOf(schema)).join('\nUNION ALL\n');
}

/** {@link relationsSql} for the one relation of `schema` named by the statement's only parameter. */
export function oneRelationSql(schema: string): string {
  return `${relationsOf(schema)} AND m.name = ?`;
}

/** Type, name and `CREATE` text of every table and view of the schemas, without the pragmas. */
export function relationListSql(schemas: string[]): string {
  return schemas
    .map(
      (schema) => `SELECT ${literal(schema)} AS relation_schema, m.type AS relation_type, m.name AS relation_name, m.sql AS relation_sql
FROM ${identifier(schema)}.sqlite_master AS m
WHERE m.type IN ('table', 'view') AND ${RELATION_FILTER}`,
    )
    .join('\nUNION ALL\n');
}

/** The databases attached to the connection, `main` and `temp` included: column `name`. */
const DATABASE_LIST_SQL = 'SELECT name FROM pragma_database_list';

/** Names of the databases attached to the connection (`main` and `temp` included), lower-cased. */
export async function attachedSchemas(db: Queryable): Promise<Set<string>> {
  const rows = await db.query(DATABASE_LIST_SQL);
  return new Set(rows.map((row) => String(row.name).toLowerCase()));
}

/**
 * `main`'s `schema_version` (which SQLite increments on every schema change, and which lives in the
 * file header, so changes made by other connections show too) and, per attached schema, its whole
 * schema text: `pragma_schema_version` reads `main` only, whatever schema it is qualified with.
 */
export function fingerprintSql(attached: string[]): string {
  const texts = attached.map(
    (schema, i) =>
      `, (SELECT group_concat(s.type || ' ' || s.name || ' ' || coalesce(s.sql, ''), char(10)) FROM ${identifier(schema)}.sqlite_master AS s) AS schema_${i}`,
  );
  return `SELECT (SELECT schema_version FROM pragma_schema_version()) AS schema_version${texts.join('')}`;
}

/** True when a statement failed because it names a schema that is not attached to this connection. */
export function isUnknownSchemaError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /unknown database|no such table: [^ ]+\.sqlite_master/i.test(message);
}

// Names starting with `sqlite_` are reserved for SQLite's own tables (sqlite_sequence, sqlite_stat1, ...).
const RELATION_FILTER = `m.name NOT LIKE 'sqlite!_%' ESCAPE '!'`;

// Virtual tables have neither indexes nor foreign keys, and their pragmas fail when the module is missing.
const HAS_KEYS = `m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL %'`;

// Subquery results lose their JSON subtype, so nested arrays go through json(). sqlite_master has
// no index on name: the CREATE INDEX text is looked up only for the partial and expression
// indexes that need it, not for every index.
function relationsOf(schema: string): string {
  const s = literal(schema);
  const master = `${identifier(schema)}.sqlite_master`;
  return `SELECT ${s} AS relation_schema, m.type AS relation_type, m.name AS relation_name, m.sql AS relation_sql,
  (SELECT json_group_array(json_array(c.cid, c.name, c.type, c."notnull", c.dflt_value, c.pk, c.hidden))
     FROM pragma_table_xinfo(m.name, ${s}) AS c WHERE c.hidden <> 1) AS columns_json,
  CASE WHEN ${HAS_KEYS} THEN
    (SELECT json_group_array(json_array(il.name, il."unique", il.origin, il.partial,
        CASE WHEN il.partial OR EXISTS (SELECT 1 FROM pragma_index_info(il.name, ${s}) AS e WHERE e.cid = -2)
             THEN (SELECT x.sql FROM ${master} AS x WHERE x.type = 'index' AND x.name = il.name) END,
        json((SELECT json_group_array(json_array(ii.seqno, ii.cid, ii.name))
                FROM pragma_index_info(il.name, ${s}) AS ii))))
       FROM pragma_index_list(m.name, ${s}) AS il WHERE il.origin <> 'pk')
  END AS indexes_json,
  CASE WHEN ${HAS_KEYS} THEN
    (SELECT json_group_array(json_array(fk.id, fk.seq, fk."table", fk."from", fk."to", fk.on_update, fk.on_delete))
       FROM pragma_foreign_key_list(m.name, ${s}) AS fk)
  END AS foreign_keys_json
FROM ${master} AS m
WHERE m.type IN ('table', 'view') AND ${RELATION_FILTER}`;
}
