/**
 * A free fingerprint of an SQLite schema: `schema_version`, which SQLite increments on every schema
 * change (https://www.sqlite.org/pragma.html#pragma_schema_version).
 */
import type { FingerprintOptions, Queryable } from '../dialect';

/**
 * Reads `main`'s schema version: one statement, no table read. `options.schemas` is ignored, as in
 * the introspection (attached databases are out of scope).
 *
 * The pragma's function form is used because it is a plain `SELECT`, which every driver's query
 * path accepts; the value lives in the database header, so a change made through another
 * connection (a migration run by another process) shows up too.
 *
 * @example
 * await fingerprintSqlite(runner, { schemas: [] }); // '12'
 */
export async function fingerprintSqlite(db: Queryable, _options: FingerprintOptions): Promise<string> {
  const rows = await db.query('SELECT schema_version FROM pragma_schema_version()');
  const version = rows[0]?.schema_version;
  if (version === undefined || version === null) throw new Error('SQLite returned no schema_version');
  return String(version);
}
