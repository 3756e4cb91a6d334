/**
 * Columns: existence, type, enum values, nullability, default and generation, each judged by
 * what it does to TypeORM's reads and writes of the entity.
 */
import type { ExpectedColumn } from '../model/expected';
import type { Finding } from '../model/finding';
import type { ColumnModel } from '../model/schema';
import {
  type DiffContext,
  type TablePair,
  alterColumnFix,
  caseInsensitiveMatch,
  identifierKey,
  listWords,
  quoteTable,
  tableFinding,
} from './diff-context';

/** Compares the columns of one table pair. */
export function diffColumns(ctx: DiffContext, pair: TablePair): Finding[] {
  const findings: Finding[] = [];
  const actualByName = new Map(pair.actual.columns.map((column) => [identifierKey(ctx, column.name), column]));
  const isView = pair.expected.kind !== 'table';

  for (const expected of pair.expected.columns) {
    const actual = actualByName.get(identifierKey(ctx, expected.name));
    if (!actual) {
      const names = pair.actual.columns.map((column) => column.name);
      findings.push(missingColumn(ctx, pair, expected, caseInsensitiveMatch(expected.name, names)));
      continue;
    }
    // A view's column types, nullability and defaults are derived from its query: only existence is checkable.
    if (isView) continue;
    // Most columns match: the sub-diffs return the shared empty list, so a clean column allocates nothing.
    for (const found of [diffColumnType(ctx, pair, expected, actual), diffNullability(ctx, pair, expected, actual), diffGeneration(ctx, pair, expected, actual)]) {
      for (const finding of found) findings.push({ ...finding, entity: expected.entity ?? finding.entity, column: expected.name, relation: expected.relation });
    }
  }

  if (!isView) {
    const expectedNames = new Set(pair.expected.columns.map((column) => identifierKey(ctx, column.name)));
    for (const actual of pair.actual.columns) {
      if (!expectedNames.has(identifierKey(ctx, actual.name))) findings.push(unexpectedColumn(ctx, pair, actual));
    }
  }
  return findings;
}

function missingColumn(ctx: DiffContext, pair: TablePair, expected: ExpectedColumn, similar: string | undefined): Finding {
  const hint = similar ? ` (the table has "${similar}", which differs only in letter case)` : '';
  const what = expected.relation ? `join column of ${expected.relation}` : `column of ${expected.property ?? pair.expected.entity}`;
  const noun = pair.expected.kind === 'table' ? 'table' : 'view';
  const fails = pair.expected.sharedBy ? sharedLoads(pair, expected) : `every load of ${pair.expected.entity}${through(pair)}`;
  return tableFinding(pair, {
    code: 'missing_column',
    severity: 'error',
    entity: expected.entity,
    column: expected.name,
    relation: expected.relation,
    expected: expected.displayType,
    message: `${noun} ${pair.key} has no column "${expected.name}" (${what})${hint}: ${fails} fails`,
    fix: pair.expected.kind === 'table' ? addColumnSql(ctx, pair, expected) : undefined,
  });
}

/** On a table several metadatas share, only the loads of those that map the column fail. */
function sharedLoads(pair: TablePair, expected: ExpectedColumn): string {
  const mappings = (pair.expected.sharedBy ?? []).filter((mapping) => mapping.columns.includes(expected.name));
  const entities = [...new Set(mappings.filter((m) => m.role !== 'junction').map((m) => m.entity))];
  const relations = [...new Set(mappings.flatMap((m) => (m.role === 'junction' ? m.relations : m.loadedThrough)))];
  if (entities.length === 0) return `every load through ${listWords(relations)}`;
  return `every load of ${listWords(entities)}${relations.length ? `, and every load through ${listWords(relations)},` : ''}`;
}

function through(pair: TablePair): string {
  const relations = pair.expected.loadedThrough;
  if (relations.length === 0) return '';
  return `, and every load through ${listWords(relations)},`;
}

function addColumnSql(ctx: DiffContext, pair: TablePair, column: ExpectedColumn): string {
  const parts = [`ALTER TABLE ${quoteTable(ctx, pair.actual)} ADD COLUMN ${ctx.adapter.quoteIdentifier(column.name)} ${column.displayType}`];
  if (column.default !== undefined) parts.push(`DEFAULT ${column.default}`);
  if (!column.isNullable) parts.push('NOT NULL');
  let sql = `${parts.join(' ')};`;
  if (!column.isNullable && column.default === undefined) {
    sql += ' -- NOT NULL without a default fails on a table with rows: add it nullable, backfill, then SET NOT NULL';
  }
  return sql;
}

function unexpectedColumn(ctx: DiffContext, pair: TablePair, actual: ColumnModel): Finding {
  // Inserts from TypeORM never name this column, so they fail when it is NOT NULL and has nothing to fill it.
  const blocksInserts = !actual.isNullable && actual.default === undefined && actual.generation === undefined;
  return tableFinding(pair, {
    code: 'unexpected_column',
    severity: blocksInserts ? 'error' : 'info',
    column: actual.name,
    actual: `${actual.displayType}${actual.isNullable ? '' : ' NOT NULL'}`,
    message: blocksInserts
      ? `column ${pair.key}.${actual.name} is NOT NULL without a default and no entity property maps it: every insert into ${pair.key} fails`
      : `column ${pair.key}.${actual.name} is not mapped by ${listWords([...new Set((pair.expected.sharedBy ?? [pair.expected]).map((m) => m.entity))])} (ignored by TypeORM)`,
    fix: blocksInserts
      ? alterColumnFix(ctx, `ALTER TABLE ${quoteTable(ctx, pair.actual)} ALTER COLUMN ${ctx.adapter.quoteIdentifier(actual.name)} DROP NOT NULL; -- or map the column, or give it a DEFAULT`)
      : undefined,
  });
}

type ColumnFinding = Omit<Finding, 'column' | 'relation'>;

/** The shared "no finding" answer of the column sub-diffs; never mutated. */
const NONE: readonly ColumnFinding[] = Object.freeze([]) as readonly ColumnFinding[];

function diffColumnType(ctx: DiffContext, pair: TablePair, expected: ExpectedColumn, actual: ColumnModel): readonly ColumnFinding[] {
  if (expected.enumValues && actual.enumValues) return diffEnumValues(ctx, pair, expected, actual);
  const comparison = ctx.adapter.compareTypes(expected, actual);
  if (comparison.verdict === 'same') return NONE;
  const at = `${pair.key}.${expected.name}`;
  const isLossy = comparison.verdict === 'incompatible' && !expected.hasTransformer;
  const why = comparison.reason ? ` (${comparison.reason})` : '';
  return [
    tableFinding(pair, {
      code: 'type_mismatch',
      severity: isLossy ? 'error' : comparison.verdict === 'equivalent' ? 'info' : 'warning',
      expected: expected.displayType,
      actual: actual.displayType,
      message: isLossy
        ? `column ${at} is ${actual.displayType} but ${expected.property} is declared ${expected.displayType}${why}: values cannot round-trip`
        : `column ${at} is ${actual.displayType}, declared ${expected.displayType}${why}${expected.hasTransformer && comparison.verdict === 'incompatible' ? '; a transformer converts the value' : ''}`,
      // Equivalent types store the same values: nothing to repair.
      fix:
        comparison.verdict === 'equivalent'
          ? undefined
          : alterColumnFix(ctx, `ALTER TABLE ${quoteTable(ctx, pair.actual)} ALTER COLUMN ${ctx.adapter.quoteIdentifier(expected.name)} TYPE ${expected.displayType}; -- check that existing values convert`),
    }),
  ];
}

function diffEnumValues(ctx: DiffContext, pair: TablePair, expected: ExpectedColumn, actual: ColumnModel): readonly ColumnFinding[] {
  const declared = expected.enumValues ?? [];
  const present = actual.enumValues ?? [];
  const missing = declared.filter((value) => !present.includes(value));
  const extra = present.filter((value) => !declared.includes(value));
  const at = `${pair.key}.${expected.name}`;
  const common = { code: 'enum_mismatch' as const, expected: declared.join(', '), actual: present.join(', ') };
  if (missing.length > 0) {
    const fix =
      ctx.actual.dialect === 'postgres' && actual.enumName
        ? missing.map((value) => `ALTER TYPE ${actual.enumName} ADD VALUE '${value.replaceAll("'", "''")}';`).join('\n')
        : undefined;
    return [
      tableFinding(pair, {
        ...common,
        severity: 'error',
        message: `column ${at} does not accept ${listWords(missing.map((v) => `'${v}'`))}, which ${expected.property} declares: writing ${missing.length > 1 ? 'them' : 'it'} fails`,
        fix,
      }),
    ];
  }
  if (extra.length > 0) {
    return [
      tableFinding(pair, {
        ...common,
        severity: 'warning',
        message: `column ${at} also accepts ${listWords(extra.map((v) => `'${v}'`))}, unknown to ${expected.property}: rows holding ${extra.length > 1 ? 'them' : 'it'} load a value the code does not expect`,
      }),
    ];
  }
  if (declared.join('\u0000') !== present.join('\u0000') && ctx.actual.dialect === 'postgres') {
    return [
      tableFinding(pair, {
        ...common,
        severity: 'info',
        message: `enum values of ${at} are in another order than declared (affects ORDER BY and < > comparisons only)`,
      }),
    ];
  }
  return NONE;
}

function diffNullability(ctx: DiffContext, pair: TablePair, expected: ExpectedColumn, actual: ColumnModel): readonly ColumnFinding[] {
  // Primary key columns are NOT NULL by definition, whatever the catalog says (SQLite reports them nullable).
  if (expected.isPrimary || expected.isNullable === actual.isNullable) return NONE;
  const at = `${pair.key}.${expected.name}`;
  const column = ctx.adapter.quoteIdentifier(expected.name);
  if (expected.isNullable) {
    // TypeORM marks join columns nullable unless told otherwise; migrations often make them NOT NULL. Healthy.
    const isHealthyJoin = expected.isJoinColumn;
    return [
      tableFinding(pair, {
        code: 'nullability_mismatch',
        severity: isHealthyJoin ? 'info' : 'warning',
        expected: 'NULL',
        actual: 'NOT NULL',
        message: isHealthyJoin
          ? `join column ${at} is NOT NULL while ${expected.relation} is optional: saving the entity without it fails`
          : `column ${at} is NOT NULL but ${expected.property} is nullable: saving null fails`,
        fix: alterColumnFix(ctx, `ALTER TABLE ${quoteTable(ctx, pair.actual)} ALTER COLUMN ${column} DROP NOT NULL;`),
      }),
    ];
  }
  return [
    tableFinding(pair, {
      code: 'nullability_mismatch',
      severity: 'warning',
      expected: 'NOT NULL',
      actual: 'NULL',
      message: `column ${at} accepts NULL but ${expected.property} is not nullable: rows with NULL load as null into a non-null property`,
      fix: alterColumnFix(ctx, `ALTER TABLE ${quoteTable(ctx, pair.actual)} ALTER COLUMN ${column} SET NOT NULL; -- after replacing existing NULLs`),
    }),
  ];
}

function diffGeneration(ctx: DiffContext, pair: TablePair, expected: ExpectedColumn, actual: ColumnModel): readonly ColumnFinding[] {
  if (expected.generation === undefined && actual.generation === undefined) return diffDefault(ctx, pair, expected, actual);
  const at = `${pair.key}.${expected.name}`;
  if (actual.generation === 'computed' && expected.generation !== 'computed') {
    return [
      tableFinding(pair, {
        code: 'generated_mismatch',
        severity: 'error',
        expected: 'a plain column',
        actual: `GENERATED ALWAYS AS (${actual.generationExpression ?? '…'})`,
        message: `column ${at} is computed by the database but ${expected.property} is a plain column: every insert that writes it fails`,
      }),
    ];
  }
  if (expected.generation === 'computed') {
    if (actual.generation === 'computed') return NONE;
    return [
      tableFinding(pair, {
        code: 'generated_mismatch',
        severity: 'warning',
        expected: `GENERATED ALWAYS AS (${expected.generationExpression ?? '…'})`,
        actual: 'a plain column',
        message: `column ${at} is a plain column but ${expected.property} is computed: TypeORM never writes it, so it stays empty`,
      }),
    ];
  }
  if (expected.generation === 'increment' || expected.generation === 'uuid') {
    if (actual.generation !== undefined || actual.default !== undefined) return NONE;
    const kind = expected.generation === 'increment' ? 'an identity/serial default' : 'a UUID default';
    return [
      tableFinding(pair, {
        code: 'generated_mismatch',
        severity: 'error',
        expected: kind,
        actual: 'no default',
        message: `column ${at} has no default but ${expected.property} is generated by the database: every insert fails`,
        fix:
          ctx.actual.dialect === 'postgres'
            ? expected.generation === 'increment'
              ? `ALTER TABLE ${quoteTable(ctx, pair.actual)} ALTER COLUMN ${ctx.adapter.quoteIdentifier(expected.name)} ADD GENERATED BY DEFAULT AS IDENTITY;`
              : `ALTER TABLE ${quoteTable(ctx, pair.actual)} ALTER COLUMN ${ctx.adapter.quoteIdentifier(expected.name)} SET DEFAULT gen_random_uuid();`
            : undefined,
      }),
    ];
  }
  return diffDefault(ctx, pair, expected, actual);
}

function diffDefault(ctx: DiffContext, pair: TablePair, expected: ExpectedColumn, actual: ColumnModel): readonly ColumnFinding[] {
  // A serial/identity column the entity treats as plain: its sequence default is not drift.
  if (actual.generation !== undefined) return NONE;
  // Both are read as defaults of the actual column: it stores them (e.g. CURRENT_TIMESTAMP(3) is
  // now() in a timestamp(3) column, whatever precision the entity states).
  const want = ctx.adapter.normalizeDefault(expected.default, actual);
  const have = ctx.adapter.normalizeDefault(actual.default, actual);
  if (want === have) return NONE;
  const at = `${pair.key}.${expected.name}`;
  const column = ctx.adapter.quoteIdentifier(expected.name);
  const table = quoteTable(ctx, pair.actual);
  if (want === undefined) {
    return [
      tableFinding(pair, {
        code: 'default_mismatch',
        severity: 'info',
        actual: actual.default,
        message: `column ${at} has DEFAULT ${actual.default}, which ${expected.property} does not declare`,
      }),
    ];
  }
  return [
    tableFinding(pair, {
      code: 'default_mismatch',
      severity: 'warning',
      expected: expected.default,
      actual: actual.default ?? 'no default',
      message:
        have === undefined
          ? `column ${at} has no default but ${expected.property} declares ${expected.default}: inserts that omit it store ${actual.isNullable ? 'NULL' : 'nothing and fail'}`
          : `column ${at} defaults to ${actual.default}, declared ${expected.default}`,
      fix: alterColumnFix(ctx, `ALTER TABLE ${table} ALTER COLUMN ${column} SET DEFAULT ${expected.default};`),
    }),
  ];
}
