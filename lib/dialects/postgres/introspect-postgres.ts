/**
 * Reads a PostgreSQL schema from `pg_catalog` in a fixed number of round trips, inside a
 * read-only transaction with server-side deadlines. Never reads a user table.
 */
import { TARGET_NAMESPACES_SQL } from './target-namespaces-sql';
import { LENGTH_TYPES, TIME_TYPES } from './type-modifiers';
import type { IntrospectOptions, Queryable } from '../dialect';
import {
  tableKey,
  type CheckModel,
  type ColumnModel,
  type Draft,
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
  attnum: number;
  name: string;
  /** Base type oid: a key of {@link CatalogRow.type_names}. */
  base_oid: number;
  /** `atttypid:atttypmod`: a key of {@link CatalogRow.display_types}. */
  display_key: string;
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

/** Rows as one array per field, all as long as each other (each null when there is no row). */
type Fields<Row> = { [K in keyof Row]: Row[K][] | null };

interface ConstraintRow {
  relation: number;
  name: string;
  type: 'p' | 'f' | 'c';
  referenced_relation: number;
  /** conkey: attribute numbers of the constrained table. */
  keys: number[] | null;
  referenced_schema: string | null;
  referenced_table: string | null;
  /** confkey: attribute numbers of the referenced table. */
  referenced_keys: number[] | null;
  /** Names for referenced_keys, only when the referenced table is not one of the introspected ones. */
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
  /** False for an index a failed CREATE INDEX CONCURRENTLY left behind (pg_index.indisvalid). */
  is_valid: boolean;
  /** indkey's key columns (INCLUDE columns left out); 0 for an expression key. */
  keys: number[] | null;
  /** Only for an index with expression keys: per key, its text for an expression key, else null. */
  expressions: (string | null)[] | null;
  where: string | null;
}

interface CatalogRow {
  default_schema: string | null;
  relations: RelationRow[] | null;
  columns: Fields<ColumnRow> | null;
  constraints: Fields<ConstraintRow> | null;
  indexes: Fields<IndexRow> | null;
  enums: Record<string, string[]> | null;
  /** format_type(oid, NULL) per distinct base type oid. */
  type_names: Record<string, string> | null;
  /** format_type(atttypid, atttypmod) per distinct `atttypid:atttypmod`. */
  display_types: Record<string, string> | null;
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

const UUID_DEFAULT = /^(?:[\w"]+\.)?(?:uuid_generate_v4|gen_random_uuid)\(\)$/i;
const NEXTVAL_DEFAULT = /^nextval\(/i;
const NULL_DEFAULT = /^\(*\s*null\s*\)*(?:\s*::[^']*)?$/i;

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
    const pending = db.query(CATALOG_SQL, [options.schemas]);
    options.onCatalogRequested?.();
    catalog = parseCatalog((await pending)[0]?.catalog);
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
  const byOid = new Map<number, Draft<TableModel>>();
  const tables = new Map<string, Draft<TableModel>>();

  for (const relation of catalog.relations ?? []) {
    const schema = relation.schema === defaultSchema ? undefined : relation.schema;
    const table: Draft<TableModel> = {
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
  const typeNames = catalog.type_names ?? {};
  const displayTypes = catalog.display_types ?? {};
  // Column names by relation oid, then attribute number: constraints and indexes come as numbers.
  const columnNames = new Map<number, Map<number, string>>();
  // The query does not sort columns (cheaper here than in the server): attnum order per table,
  // by sorting row numbers rather than row objects.
  const columnFields = catalog.columns;
  const attnums = columnFields?.attnum ?? [];
  const order = attnums.map((_, i) => i).sort((a, b) => attnums[a] - attnums[b]);
  for (const i of order) {
    const row = columnRow(fieldAt(columnFields as Fields<ColumnRow>, i));
    let names = columnNames.get(row.relation);
    if (!names) columnNames.set(row.relation, (names = new Map()));
    names.set(row.attnum, row.name);
    byOid.get(row.relation)?.columns.push(toColumn(row, typeNames, displayTypes, enums, defaultSchema));
  }
  const namesOf = (relation: number, keys: number[] | null): string[] | null => {
    if (keys === null || keys.length === 0) return null;
    const names = columnNames.get(relation);
    return keys.flatMap((attnum) => {
      const name = names?.get(attnum);
      return name === undefined ? [] : [name];
    });
  };
  for (const row of rowsOf(catalog.constraints, constraintRow)) {
    const table = byOid.get(row.relation);
    if (!table) continue;
    if (row.type === 'p') {
      table.primaryKey = namesOf(row.relation, row.keys) ?? [];
      table.primaryKeyName = row.name;
    }
    else if (row.type === 'f') {
      const referenced = row.referenced_columns ?? namesOf(row.referenced_relation, row.referenced_keys);
      table.foreignKeys.push(toForeignKey(row, namesOf(row.relation, row.keys), referenced, defaultSchema));
    } else table.checks.push(toCheck(row));
  }
  for (const row of rowsOf(catalog.indexes, indexRow)) {
    const names = columnNames.get(row.relation);
    const keys = (row.keys ?? []).map(
      (attnum, i): IndexKeyRow => ({
        column: attnum > 0 ? (names?.get(attnum) ?? null) : null,
        expression: attnum === 0 ? (row.expressions?.[i] ?? null) : null,
      }),
    );
    byOid.get(row.relation)?.indexes.push(toIndex(row, keys));
  }
  return { dialect: 'postgres', defaultSchema, tables };
}

/**
 * Turns one array per field back into rows. `make` reads row `i` through `at`; literal objects
 * keep one shape, much faster than assigning computed keys.
 */
function rowsOf<Row>(
  fields: Fields<Row> | null,
  make: (at: <K extends keyof Row>(key: K) => Row[K]) => Row,
): Row[] {
  if (!fields) return [];
  const first = Object.values(fields)[0] as unknown[] | null | undefined;
  const count = first?.length ?? 0;
  const rows: Row[] = new Array(count);
  for (let i = 0; i < count; i++) rows[i] = make(fieldAt(fields, i));
  return rows;
}

/** Reads field `key` of row `i`. */
function fieldAt<Row>(fields: Fields<Row>, i: number): <K extends keyof Row>(key: K) => Row[K] {
  return (key) => (fields[key]?.[i] ?? null) as Row[typeof key];
}

const columnRow = (at: <K extends keyof ColumnRow>(key: K) => ColumnRow[K]): ColumnRow => ({
  relation: at('relation'),
  attnum: at('attnum'),
  name: at('name'),
  base_oid: at('base_oid'),
  display_key: at('display_key'),
  typmod: at('typmod'),
  is_array: at('is_array'),
  enum_oid: at('enum_oid'),
  enum_schema: at('enum_schema'),
  enum_name: at('enum_name'),
  not_null: at('not_null'),
  default: at('default'),
  identity: at('identity'),
  generated: at('generated'),
});

const constraintRow = (at: <K extends keyof ConstraintRow>(key: K) => ConstraintRow[K]): ConstraintRow => ({
  relation: at('relation'),
  name: at('name'),
  type: at('type'),
  referenced_relation: at('referenced_relation'),
  keys: at('keys'),
  referenced_schema: at('referenced_schema'),
  referenced_table: at('referenced_table'),
  referenced_keys: at('referenced_keys'),
  referenced_columns: at('referenced_columns'),
  on_delete: at('on_delete'),
  on_update: at('on_update'),
  expression: at('expression'),
});

const indexRow = (at: <K extends keyof IndexRow>(key: K) => IndexRow[K]): IndexRow => ({
  relation: at('relation'),
  name: at('name'),
  is_unique: at('is_unique'),
  is_constraint: at('is_constraint'),
  is_valid: at('is_valid'),
  keys: at('keys'),
  expressions: at('expressions'),
  where: at('where'),
});

function toColumn(
  row: ColumnRow,
  typeNames: Record<string, string>,
  displayTypes: Record<string, string>,
  enums: Record<string, string[]>,
  defaultSchema: string,
): ColumnModel {
  const type = typeNames[String(row.base_oid)] ?? '';
  const column: Draft<ColumnModel> = {
    name: row.name,
    type,
    displayType: displayTypes[row.display_key] ?? '',
    isArray: row.is_array,
    isNullable: !row.not_null,
    ...typmodFields(type, row.typmod),
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
  // `DEFAULT NULL` is no default: the server keeps it only as a cast for a typed column (`NULL::character varying`).
  if (row.default !== null && !NULL_DEFAULT.test(row.default)) column.default = row.default;
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
  if (TIME_TYPES.has(type)) return { precision: typmod };
  if (type === 'interval') {
    // The low 16 bits are the precision, 0xFFFF meaning "not given"; the high bits the field range.
    const precision = typmod & 0xffff;
    return precision === 0xffff ? {} : { precision };
  }
  return {};
}

function toForeignKey(
  row: ConstraintRow,
  columns: string[] | null,
  referencedColumns: string[] | null,
  defaultSchema: string,
): ForeignKeyModel {
  return {
    name: row.name,
    columns: columns ?? [],
    referencedTable: tableKey(row.referenced_schema ?? undefined, row.referenced_table ?? '', defaultSchema),
    referencedColumns: referencedColumns ?? [],
    onDelete: REFERENTIAL_ACTIONS[row.on_delete] ?? 'no action',
    onUpdate: REFERENTIAL_ACTIONS[row.on_update] ?? 'no action',
  };
}

function toCheck(row: ConstraintRow): CheckModel {
  return { name: row.name, expression: row.expression ?? '' };
}

function toIndex(row: IndexRow, keys: IndexKeyRow[]): IndexModel {
  const index: Draft<IndexModel> = {
    name: row.name,
    columns: keys.flatMap((key) => (key.column === null ? [] : [key.column])),
    isUnique: row.is_unique,
  };
  if (row.is_constraint) index.isConstraint = true;
  if (row.is_valid === false) index.isValid = false;
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
${TARGET_NAMESPACES_SQL}
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
  -- one array per field rather than one object per column: far less JSON to build and parse
  'columns', (
    SELECT json_build_object(
      'relation', array_agg(ct.attrelid),
      'attnum', array_agg(ct.attnum),
      'name', array_agg(ct.attname),
      'base_oid', array_agg(ct.base_oid),
      'display_key', array_agg(ct.atttypid || ':' || ct.atttypmod),
      'typmod', array_agg(ct.base_typmod),
      'is_array', array_agg(ct.is_array),
      'enum_oid', array_agg(CASE WHEN bt.typtype = 'e' THEN bt.oid END),
      'enum_schema', array_agg(CASE WHEN bt.typtype = 'e' THEN btn.nspname END),
      'enum_name', array_agg(CASE WHEN bt.typtype = 'e' THEN bt.typname END),
      'not_null', array_agg(ct.attnotnull),
      'default', array_agg(ct.default_expression),
      'identity', array_agg(ct.attidentity),
      'generated', array_agg(ct.attgenerated)
    )
    FROM column_types ct
    JOIN pg_catalog.pg_type bt ON bt.oid = ct.base_oid
    JOIN pg_catalog.pg_namespace btn ON btn.oid = bt.typnamespace
  ),
  -- format_type once per distinct type rather than twice per column
  'type_names', (
    SELECT json_object_agg(t.base_oid, pg_catalog.format_type(t.base_oid, NULL))
    FROM (SELECT DISTINCT base_oid FROM column_types) t
  ),
  'display_types', (
    SELECT json_object_agg(t.atttypid || ':' || t.atttypmod, pg_catalog.format_type(t.atttypid, t.atttypmod))
    FROM (SELECT DISTINCT atttypid, atttypmod FROM column_types) t
  ),
  -- the same ORDER BY on every aggregate: one sort (PostgreSQL 16+ presorts the input)
  'constraints', (
    SELECT json_build_object(
      'relation', array_agg(con.conrelid ORDER BY con.conrelid, con.conname),
      'name', array_agg(con.conname ORDER BY con.conrelid, con.conname),
      'type', array_agg(con.contype ORDER BY con.conrelid, con.conname),
      -- attribute numbers, named from the columns above (saves two subqueries per constraint)
      'keys', array_agg(to_json(con.conkey::int[]) ORDER BY con.conrelid, con.conname),
      'referenced_relation', array_agg(con.confrelid ORDER BY con.conrelid, con.conname),
      'referenced_schema', array_agg(fn.nspname ORDER BY con.conrelid, con.conname),
      'referenced_table', array_agg(fc.relname ORDER BY con.conrelid, con.conname),
      'referenced_keys', array_agg(to_json(con.confkey::int[]) ORDER BY con.conrelid, con.conname),
      -- names only for a referenced table outside the introspected ones (e.g. another schema)
      'referenced_columns', array_agg(CASE WHEN con.contype = 'f' AND fr.oid IS NULL THEN (
        SELECT json_agg(a.attname ORDER BY k.ord)
        FROM unnest(con.confkey) WITH ORDINALITY k (attnum, ord)
        JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
      ) END ORDER BY con.conrelid, con.conname),
      'on_delete', array_agg(con.confdeltype ORDER BY con.conrelid, con.conname),
      'on_update', array_agg(con.confupdtype ORDER BY con.conrelid, con.conname),
      'expression', array_agg(
        CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_expr(con.conbin, con.conrelid) END
        ORDER BY con.conrelid, con.conname
      )
    )
    FROM pg_catalog.pg_constraint con
    JOIN target_relations r ON r.oid = con.conrelid
    LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
    LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
    LEFT JOIN target_relations fr ON fr.oid = con.confrelid
    -- a foreign key to a partitioned table gets one internal child constraint per partition
    WHERE con.contype IN ('p', 'f', 'c') AND (con.contype <> 'f' OR con.conparentid = 0)
  ),
  'indexes', (
    SELECT json_build_object(
      'relation', array_agg(i.indrelid ORDER BY i.indrelid, ic.relname),
      'name', array_agg(ic.relname ORDER BY i.indrelid, ic.relname),
      'is_unique', array_agg(i.indisunique ORDER BY i.indrelid, ic.relname),
      'is_constraint', array_agg(uc.oid IS NOT NULL ORDER BY i.indrelid, ic.relname),
      'is_valid', array_agg(i.indisvalid ORDER BY i.indrelid, ic.relname),
      -- attribute numbers, named from the columns above; 0 marks an expression key
      'keys', array_agg(to_json((i.indkey::int2[])[0:i.indnkeyatts - 1]::int[]) ORDER BY i.indrelid, ic.relname),
      'expressions', array_agg(CASE WHEN i.indexprs IS NOT NULL THEN (
        SELECT json_agg(
          CASE WHEN k.attnum = 0 THEN pg_catalog.pg_get_indexdef(i.indexrelid, k.ord::int, true) END
          ORDER BY k.ord
        )
        FROM unnest(i.indkey::int2[]) WITH ORDINALITY k (attnum, ord)
        WHERE k.ord <= i.indnkeyatts
      ) END ORDER BY i.indrelid, ic.relname),
      'where', array_agg(pg_catalog.pg_get_expr(i.indpred, i.indrelid) ORDER BY i.indrelid, ic.relname)
    )
    FROM pg_catalog.pg_index i
    JOIN target_relations r ON r.oid = i.indrelid
    JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
    LEFT JOIN pg_catalog.pg_constraint uc
      ON uc.conindid = i.indexrelid AND uc.conrelid = i.indrelid AND uc.contype = 'u'
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
