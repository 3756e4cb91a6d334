/**
 * Reads a PostgreSQL schema from `pg_catalog` in a fixed number of round trips, inside a
 * read-only transaction with server-side deadlines. Never reads a user table.
 */
import type { IntrospectOptions, Queryable } from '../dialect';
import {
  tableKey,
  type CheckModel,
  type ColumnModel,
  type ForeignKeyModel,
  type IndexModel,
  type SchemaModel,
  type TableModel,
} from '../../model/schema';

interface RelationRow {
  oid: number;
  schema: string;
  name: string;
  kind: 'r' | 'p' | 'v' | 'm';
  readable: boolean;
}

interface ColumnRow {
  relation: number;
  name: string;
  type: string;
  display_type: string;
  typmod: number;
  is_array: boolean;
  enum_oid: number | null;
  enum_schema: string | null;
  enum_name: string | null;
  not_null: boolean;
  default: string | null;
  identity: string;
  generated: string;
}

interface ConstraintRow {
  relation: number;
  name: string;
  type: 'p' | 'f' | 'c';
  columns: string[] | null;
  referenced_schema: string | null;
  referenced_table: string | null;
  referenced_columns: string[] | null;
  on_delete: string;
  on_update: string;
  expression: string | null;
}

interface IndexKeyRow {
  /** Null for an expression key. */
  column: string | null;
  /** Only for an expression key. */
  expression: string | null;
}

interface IndexRow {
  relation: number;
  name: string;
  is_unique: boolean;
  is_constraint: boolean;
  keys: IndexKeyRow[] | null;
  where: string | null;
}

interface CatalogRow {
  default_schema: string | null;
  relations: RelationRow[] | null;
  columns: ColumnRow[] | null;
  constraints: ConstraintRow[] | null;
  indexes: IndexRow[] | null;
  enums: Record<string, string[]> | null;
}

const RELATION_KINDS: Record<RelationRow['kind'], TableModel['kind']> = {
  r: 'table',
  p: 'table',
  v: 'view',
  m: 'materialized_view',
};

const REFERENTIAL_ACTIONS: Record<string, string> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

const LENGTH_TYPES = new Set(['character varying', 'character', 'bit', 'bit varying']);
const TEMPORAL_PRECISION_TYPES = new Set([
  'time without time zone',
  'time with time zone',
  'timestamp without time zone',
  'timestamp with time zone',
]);
const UUID_DEFAULT = /^(?:[\w"]+\.)?(?:uuid_generate_v4|gen_random_uuid)\(\)$/i;
const NEXTVAL_DEFAULT = /^nextval\(/i;

/**
 * Reads every table, partitioned table, view and materialized view of `current_schema()` and of
 * `options.schemas` into a {@link SchemaModel}: three round trips whatever the number of tables
 * (open a read-only transaction with deadlines, one catalog query, roll back).
 *
 * `db` must run every call on the same connection (a TypeORM `QueryRunner`, a `pg` client), since
 * the deadlines and the read-only transaction are per session. Database errors propagate.
 *
 * @example
 * const runner = dataSource.createQueryRunner();
 * try {
 *   const actual = await introspectPostgres(runner, { schemas: ['audit'], timeoutMs: 5000 });
 * } finally {
 *   await runner.release();
 * }
 */
export async function introspectPostgres(db: Queryable, options: IntrospectOptions): Promise<SchemaModel> {
  const timeout = formatTimeout(options.timeoutMs);
  let catalog: CatalogRow;
  try {
    // Several statements run in one call only through the simple protocol, i.e. without params.
    await db.query(`BEGIN READ ONLY; SET LOCAL statement_timeout = ${timeout}; SET LOCAL lock_timeout = ${timeout}`);
    const rows = await db.query(CATALOG_SQL, [options.schemas]);
    catalog = parseCatalog(rows[0]?.catalog);
  } catch (error) {
    // The original error is the one worth reporting; a failed ROLLBACK (dead connection) is not.
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  await db.query('ROLLBACK');
  return buildModel(catalog);
}

function formatTimeout(timeoutMs: number): string {
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new RangeError(`timeoutMs must be a positive number of milliseconds, got ${String(timeoutMs)}`);
  }
  return String(Math.ceil(timeoutMs));
}

function parseCatalog(value: unknown): CatalogRow {
  // Drivers without a json type parser hand back the text.
  const catalog = typeof value === 'string' ? JSON.parse(value) : value;
  if (catalog === null || typeof catalog !== 'object') {
    throw new Error('PostgreSQL catalog query returned no result');
  }
  return catalog as CatalogRow;
}

function buildModel(catalog: CatalogRow): SchemaModel {
  // current_schema() is null when no schema of the search_path exists.
  const defaultSchema = catalog.default_schema ?? 'public';
  const enums = catalog.enums ?? {};
  const byOid = new Map<number, TableModel>();
  const tables = new Map<string, TableModel>();

  for (const relation of catalog.relations ?? []) {
    const schema = relation.schema === defaultSchema ? undefined : relation.schema;
    const table: TableModel = {
      schema,
      name: relation.name,
      kind: RELATION_KINDS[relation.kind],
      columns: [],
      primaryKey: [],
      foreignKeys: [],
      indexes: [],
      checks: [],
      isReadable: relation.readable,
    };
    byOid.set(relation.oid, table);
    tables.set(tableKey(schema, relation.name, defaultSchema), table);
  }
  for (const row of catalog.columns ?? []) {
    byOid.get(row.relation)?.columns.push(toColumn(row, enums, defaultSchema));
  }
  for (const row of catalog.constraints ?? []) {
    const table = byOid.get(row.relation);
    if (!table) continue;
    if (row.type === 'p') table.primaryKey = row.columns ?? [];
    else if (row.type === 'f') table.foreignKeys.push(toForeignKey(row, defaultSchema));
    else table.checks.push(toCheck(row));
  }
  for (const row of catalog.indexes ?? []) {
    byOid.get(row.relation)?.indexes.push(toIndex(row));
  }
  return { dialect: 'postgres', defaultSchema, tables };
}

function toColumn(row: ColumnRow, enums: Record<string, string[]>, defaultSchema: string): ColumnModel {
  const column: ColumnModel = {
    name: row.name,
    type: row.type,
    displayType: row.display_type,
    isArray: row.is_array,
    isNullable: !row.not_null,
    ...typmodFields(row.type, row.typmod),
  };
  if (row.enum_oid !== null && row.enum_name !== null) {
    column.type = 'enum';
    column.enumValues = enums[String(row.enum_oid)] ?? [];
    column.enumName = row.enum_schema === defaultSchema ? row.enum_name : `${row.enum_schema}.${row.enum_name}`;
  }
  if (row.generated === 's' || row.generated === 'v') {
    // For generated columns pg_attrdef holds the generation expression, not a default.
    column.generation = 'computed';
    if (row.default !== null) column.generationExpression = row.default;
    return column;
  }
  if (row.default !== null) column.default = row.default;
  if (row.identity === 'a' || row.identity === 'd' || (row.default !== null && NEXTVAL_DEFAULT.test(row.default))) {
    column.generation = 'increment';
  } else if (row.default !== null && UUID_DEFAULT.test(row.default)) {
    column.generation = 'uuid';
  }
  return column;
}

/** Decodes atttypmod the way PostgreSQL's own typmodout functions do. */
function typmodFields(type: string, typmod: number): Pick<ColumnModel, 'length' | 'precision' | 'scale'> {
  if (typmod < 0) return {};
  if (type === 'character varying' || type === 'character') return { length: typmod - 4 };
  if (LENGTH_TYPES.has(type)) return { length: typmod };
  if (type === 'numeric') {
    if (typmod < 4) return {};
    const packed = typmod - 4;
    // Since PostgreSQL 15 the scale is an 11-bit signed number (negative scales are allowed).
    return { precision: (packed >> 16) & 0xffff, scale: ((packed & 0x7ff) ^ 1024) - 1024 };
  }
  if (TEMPORAL_PRECISION_TYPES.has(type)) return { precision: typmod };
  if (type === 'interval') {
    // The low 16 bits are the precision, 0xFFFF meaning "not given"; the high bits the field range.
    const precision = typmod & 0xffff;
    return precision === 0xffff ? {} : { precision };
  }
  return {};
}

function toForeignKey(row: ConstraintRow, defaultSchema: string): ForeignKeyModel {
  return {
    name: row.name,
    columns: row.columns ?? [],
    referencedTable: tableKey(row.referenced_schema ?? undefined, row.referenced_table ?? '', defaultSchema),
    referencedColumns: row.referenced_columns ?? [],
    onDelete: REFERENTIAL_ACTIONS[row.on_delete] ?? 'no action',
    onUpdate: REFERENTIAL_ACTIONS[row.on_update] ?? 'no action',
  };
}

function toCheck(row: ConstraintRow): CheckModel {
  return { name: row.name, expression: row.expression ?? '' };
}

function toIndex(row: IndexRow): IndexModel {
  const keys = row.keys ?? [];
  const index: IndexModel = {
    name: row.name,
    columns: keys.flatMap((key) => (key.column === null ? [] : [key.column])),
    isUnique: row.is_unique,
  };
  if (row.is_constraint) index.isConstraint = true;
  if (keys.some((key) => key.column === null)) {
    index.expression = keys.map((key) => key.expression ?? key.column).join(', ');
  }
  if (row.where !== null) index.where = row.where;
  return index;
}

const CATALOG_SQL = `
WITH RECURSIVE
domain_walk (domain_oid, base_oid, base_typmod) AS (
  SELECT t.oid, t.typbasetype, t.typtypmod
  FROM pg_catalog.pg_type t
  WHERE t.typtype = 'd'
  UNION ALL
  SELECT w.domain_oid, t.typbasetype, CASE WHEN w.base_typmod >= 0 THEN w.base_typmod ELSE t.typtypmod END
  FROM domain_walk w
  JOIN pg_catalog.pg_type t ON t.oid = w.base_oid AND t.typtype = 'd'
),
domain_bases AS (
  SELECT w.domain_oid, w.base_oid, w.base_typmod
  FROM domain_walk w
  JOIN pg_catalog.pg_type t ON t.oid = w.base_oid AND t.typtype <> 'd'
),
target_namespaces AS (
  SELECT n.oid, n.nspname
  FROM pg_catalog.pg_namespace n
  WHERE (n.nspname = current_schema() OR n.nspname = ANY ($1::text[]))
    AND n.nspname !~ '^pg_'
    AND n.nspname <> 'information_schema'
),
target_relations AS (
  SELECT c.oid, ns.nspname, c.relname, c.relkind
  FROM pg_catalog.pg_class c
  JOIN target_namespaces ns ON ns.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm')
    AND NOT c.relispartition
    AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_depend d
      WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
    )
),
column_types AS (
  SELECT
    a.attrelid, a.attnum, a.attname, a.atttypid, a.atttypmod, a.attnotnull, a.attidentity, a.attgenerated,
    coalesce(d2.base_oid, el.oid, d1.base_oid, a.atttypid) AS base_oid,
    CASE
      WHEN a.atttypmod >= 0 THEN a.atttypmod
      WHEN d1.base_typmod >= 0 THEN d1.base_typmod
      ELSE coalesce(d2.base_typmod, -1)
    END AS base_typmod,
    el.oid IS NOT NULL AS is_array,
    pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) AS default_expression
  FROM target_relations r
  JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
  LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  LEFT JOIN domain_bases d1 ON d1.domain_oid = a.atttypid
  LEFT JOIN pg_catalog.pg_type el ON el.typarray = coalesce(d1.base_oid, a.atttypid)
  LEFT JOIN domain_bases d2 ON d2.domain_oid = el.oid
)
SELECT json_build_object(
  'default_schema', current_schema(),
  'relations', (
    SELECT json_agg(json_build_object(
      'oid', r.oid,
      'schema', r.nspname,
      'name', r.relname,
      'kind', r.relkind,
      'readable', pg_catalog.has_table_privilege(r.oid, 'SELECT')
    ) ORDER BY r.nspname, r.relname)
    FROM target_relations r
  ),
  'columns', (
    SELECT json_agg(json_build_object(
      'relation', ct.attrelid,
      'name', ct.attname,
      'type', pg_catalog.format_type(ct.base_oid, NULL),
      'display_type', pg_catalog.format_type(ct.atttypid, ct.atttypmod),
      'typmod', ct.base_typmod,
      'is_array', ct.is_array,
      'enum_oid', CASE WHEN bt.typtype = 'e' THEN bt.oid END,
      'enum_schema', CASE WHEN bt.typtype = 'e' THEN btn.nspname END,
      'enum_name', CASE WHEN bt.typtype = 'e' THEN bt.typname END,
      'not_null', ct.attnotnull,
      'default', ct.default_expression,
      'identity', ct.attidentity,
      'generated', ct.attgenerated
    ) ORDER BY ct.attrelid, ct.attnum)
    FROM column_types ct
    JOIN pg_catalog.pg_type bt ON bt.oid = ct.base_oid
    JOIN pg_catalog.pg_namespace btn ON btn.oid = bt.typnamespace
  ),
  'constraints', (
    SELECT json_agg(json_build_object(
      'relation', con.conrelid,
      'name', con.conname,
      'type', con.contype,
      'columns', (
        SELECT json_agg(a.attname ORDER BY k.ord)
        FROM unnest(con.conkey) WITH ORDINALITY k (attnum, ord)
        JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
      ),
      'referenced_schema', fn.nspname,
      'referenced_table', fc.relname,
      'referenced_columns', (
        SELECT json_agg(a.attname ORDER BY k.ord)
        FROM unnest(con.confkey) WITH ORDINALITY k (attnum, ord)
        JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
      ),
      'on_delete', con.confdeltype,
      'on_update', con.confupdtype,
      'expression', CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_expr(con.conbin, con.conrelid) END
    ) ORDER BY con.conrelid, con.conname)
    FROM pg_catalog.pg_constraint con
    JOIN target_relations r ON r.oid = con.conrelid
    LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
    LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
    -- a foreign key to a partitioned table gets one internal child constraint per partition
    WHERE con.contype IN ('p', 'f', 'c') AND (con.contype <> 'f' OR con.conparentid = 0)
  ),
  'indexes', (
    SELECT json_agg(json_build_object(
      'relation', i.indrelid,
      'name', ic.relname,
      'is_unique', i.indisunique,
      'is_constraint', EXISTS (
        SELECT 1 FROM pg_catalog.pg_constraint uc
        WHERE uc.conindid = i.indexrelid AND uc.conrelid = i.indrelid AND uc.contype = 'u'
      ),
      'keys', (
        SELECT json_agg(json_build_object(
          'column', a.attname,
          'expression', CASE WHEN k.attnum = 0 THEN pg_catalog.pg_get_indexdef(i.indexrelid, k.ord::int, true) END
        ) ORDER BY k.ord)
        FROM unnest(i.indkey::int2[]) WITH ORDINALITY k (attnum, ord)
        LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum > 0
        WHERE k.ord <= i.indnkeyatts
      ),
      'where', pg_catalog.pg_get_expr(i.indpred, i.indrelid)
    ) ORDER BY i.indrelid, ic.relname)
    FROM pg_catalog.pg_index i
    JOIN target_relations r ON r.oid = i.indrelid
    JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
    WHERE NOT i.indisprimary
  ),
  'enums', (
    SELECT json_object_agg(e.enumtypid, e.labels)
    FROM (
      SELECT enumtypid, json_agg(enumlabel ORDER BY enumsortorder) AS labels
      FROM pg_catalog.pg_enum
      GROUP BY enumtypid
    ) e
  )
) AS catalog
`;
