/**
 * The schemas a check covers, as a SQL `SELECT oid, nspname` over `pg_namespace`: the current
 * schema plus the `$1::text[]` list, never system schemas. Shared by the introspection and the
 * health fingerprint, which must cover exactly the same schemas. The list is cast to `name[]` so
 * that the server truncates a schema name longer than 63 bytes the way it did when creating it.
 */
export const TARGET_NAMESPACES_SQL = `
  SELECT n.oid, n.nspname
  FROM pg_catalog.pg_namespace n
  WHERE (n.nspname = current_schema() OR n.nspname = ANY ($1::text[]::name[]))
    AND n.nspname !~ '^pg_'
    AND n.nspname <> 'information_schema'`;
