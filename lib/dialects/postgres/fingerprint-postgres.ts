/**
 * A cheap fingerprint of the PostgreSQL catalog the validation reads: one query, one short row.
 * Equal fingerprints mean the schema the entities are compared with has not changed.
 */
import { TARGET_NAMESPACES_SQL } from './target-namespaces-sql';
import type { FingerprintOptions, Queryable } from '../dialect';

/**
 * Hashes, for `current_schema()` and `options.schemas`, every catalog fact the introspection turns
 * into a finding: relations, columns (name, type, typmod, nullability, identity, generation,
 * default), constraints, indexes, privileges, enum labels and domains. One round trip; reads only
 * `pg_catalog`, never a user table.
 *
 * Why a content hash and not `max(xmin)`: catalog rows' xmin is frozen by VACUUM and wraps around
 * at 2^32, and a `DROP` leaves no newer row behind, so a maximum can stay the same or go backwards
 * across a real change. Hashing the facts themselves changes exactly when they change. Object oids
 * are part of the hash because a drop-and-recreate (a constraint or index redefined, a default
 * replaced) gives a new oid even when names stay; `relfilenode` is left out on purpose, since
 * `TRUNCATE`, `VACUUM FULL` and `CLUSTER` change it without changing the schema.
 *
 * @example
 * const fingerprint = await fingerprintPostgres(runner, { schemas: ['audit'] }); // 'a3f9…'
 */
export async function fingerprintPostgres(db: Queryable, options: FingerprintOptions): Promise<string> {
  const rows = await db.query(FINGERPRINT_SQL, [options.schemas]);
  const fingerprint = rows[0]?.fingerprint;
  if (typeof fingerprint !== 'string') throw new Error('PostgreSQL fingerprint query returned no result');
  return fingerprint;
}

// The namespace filter is the introspection's (TARGET_NAMESPACES_SQL); relations of every kind the
// introspection reads, partitions included (over-invalidating is safe, under-invalidating is not).
const FINGERPRINT_SQL = `
WITH ns AS (
${TARGET_NAMESPACES_SQL}
),
rel AS (
  SELECT c.oid, c.relname, c.relkind, c.relacl
  FROM pg_catalog.pg_class c
  JOIN ns ON ns.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm')
)
SELECT md5(concat_ws('|',
  current_schema(),
  current_user,
  (SELECT string_agg(ns.oid || ':' || ns.nspname, ',' ORDER BY ns.oid) FROM ns),
  (SELECT string_agg(concat_ws(':', r.oid, r.relname, r.relkind, r.relacl::text), ',' ORDER BY r.oid) FROM rel r),
  (SELECT string_agg(concat_ws(':', a.attrelid, a.attnum, a.attname, a.atttypid, a.atttypmod, a.attnotnull,
                               a.attidentity, a.attgenerated, ad.oid, md5(ad.adbin::text)), ',' ORDER BY a.attrelid, a.attnum)
   FROM rel r
   JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
   LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum),
  (SELECT string_agg(concat_ws(':', con.oid, con.conname, con.contype, con.convalidated), ',' ORDER BY con.oid)
   FROM pg_catalog.pg_constraint con JOIN rel r ON r.oid = con.conrelid),
  (SELECT string_agg(concat_ws(':', i.indexrelid, ic.relname, i.indisvalid), ',' ORDER BY i.indexrelid)
   FROM pg_catalog.pg_index i JOIN rel r ON r.oid = i.indrelid JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid),
  (SELECT string_agg(concat_ws(':', e.oid, e.enumtypid, e.enumsortorder, e.enumlabel), ',' ORDER BY e.oid)
   FROM pg_catalog.pg_enum e),
  (SELECT string_agg(concat_ws(':', t.oid, t.typname, t.typbasetype, t.typtypmod, t.typnotnull), ',' ORDER BY t.oid)
   FROM pg_catalog.pg_type t WHERE t.typtype = 'd')
)) AS fingerprint
`;
