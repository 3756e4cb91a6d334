/**
 * A cheap fingerprint of an SQLite schema: `schema_version`, which SQLite increments on every schema
 * change (https://www.sqlite.org/pragma.html#pragma_schema_version), plus the schema text of each
 * attached database the check reads.
 */
import type { FingerprintOptions, Queryable } from '../dialect';
import { MAIN_SCHEMA, attachedSchemas, fingerprintSql, isUnknownSchemaError } from './catalog-sql';

/**
 * One statement, no user table read: `main`'s schema version and, for each attached database of
 * `options.schemas` (the ones the introspection reads), a digest of its `sqlite_master`, because
 * `pragma_schema_version` only ever reads `main`. A schema that is not attached costs one more
 * statement and is left out.
 *
 * The pragma's function form is used because it is a plain `SELECT`, which every driver's query
 * path accepts; the value lives in the database header, so a change made through another
 * connection (a migration run by another process) shows up too.
 *
 * @example
 * await fingerprintSqlite(runner, { schemas: [] }); // '12'
 */
export async function fingerprintSqlite(db: Queryable, options: FingerprintOptions): Promise<string> {
  let attached = options.schemas.filter((schema) => ![MAIN_SCHEMA, 'temp'].includes(schema.toLowerCase()));
  let rows: Record<string, unknown>[];
  try {
    rows = await db.query(fingerprintSql(attached));
  } catch (error) {
    if (attached.length === 0 || !isUnknownSchemaError(error)) throw error;
    const names = await attachedSchemas(db);
    attached = attached.filter((schema) => names.has(schema.toLowerCase()));
    rows = await db.query(fingerprintSql(attached));
  }
  const version = rows[0]?.schema_version;
  if (version === undefined || version === null) throw new Error('SQLite returned no schema_version');
  if (attached.length === 0) return String(version);
  // Loaded here: node:crypto takes 4-8 ms to load, and only a watcher with attached databases hashes.
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  const digest = createHash('sha1');
  attached.forEach((schema, i) => digest.update(`${schema}\u0000${String(rows[0][`schema_${i}`] ?? '')}\u0000`));
  return `${String(version)}:${digest.digest('hex').slice(0, 16)}`;
}
