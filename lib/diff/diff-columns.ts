/**
 * Columns: existence, type, enum values, nullability, default and generation, each judged by
 * what it does to TypeORM's reads and writes of the entity.
 */
import type { ExpectedColumn } from '../model/expected';
import type { Finding, GenerationKind } from '../model/finding';
import type { ColumnModel } from '../model/schema';
import { describeTypeComparison } from './describe-type-comparison';
import {
  type DiffContext,
  type TablePair,
  type DistributiveOmit,
  type TableFindingDraft,
  caseInsensitiveMatch,
  listWords,
  tableFinding,
} from './diff-context';

/** Compares the columns of one table pair. */
export function diffColumns(ctx: DiffContext, pair: TablePair): Finding[] {
  const findings: Finding[] = [];
  const actualByName = new Map(pair.actual.columns.map((column) => [ctx.adapter.foldIdentifier(column.name), column]));
  const isView = pair.expected.kind !== 'table';

  for (const expected of pair.expected.columns) {
    const actual = actualByName.get(ctx.adapter.foldIdentifier(expected.name));
    if (!actual) {
      const names = pair.actual.columns.map((column) => column.name);
      findings.push(missingColumn(ctx, pair, expected, caseInsensitiveMatch(expected.name, names)));
      continue;
    }
    // A view's column types, nullability and defaults are derived from its query: only existence is checkable.
    if (isView) continue;
    // Most columns match: the sub-diffs return the shared empty list, so a clean column allocates nothing.
    for (const found of [diffColumnType(ctx, pair, expected, actual), diffNullability(ctx, pair, expected, actual), diffGeneration(ctx, pair, expected, actual)]) {
      for (const finding of found) findings.push(finding);
    }
  }

  if (!isView) {
    const expectedNames = new Set(pair.expected.columns.map((column) => ctx.adapter.foldIdentifier(column.name)));
    for (const actual of pair.actual.columns) {
      if (!expectedNames.has(ctx.adapter.foldIdentifier(actual.name))) findings.push(unexpectedColumn(ctx, pair, actual));
    }
  }
  return findings;
}

function missingColumn(ctx: DiffContext, pair: TablePair, expected: ExpectedColumn, similar: string | undefined): Finding {
  const hint = similar ? ` (the table has "${similar}", which differs only in letter case)` : '';
  const what = expected.relation ? `join column of ${expected.relation}` : `column of ${expected.property ?? pair.expected.entity}`;
  const noun = pair.expected.kind === 'table' ? 'table' : 'view';
  const failing = failingLoads(pair, expected);
  return tableFinding(pair, {
    code: 'missing_column',
    severity: 'error',
    ...onColumn(expected),
    expected: expected.displayType,
    message: `${noun} ${pair.key} has no column "${expected.name}" (${what})${hint}: ${describeLoads(failing)} fails`,
    similarName: similar,
    failingEntities: failing.entities,
    failingRelations: failing.relations,
  });
}

/** The loads that fail without the column: on a table several metadatas share, only those of the ones that map it. */
function failingLoads(pair: TablePair, expected: ExpectedColumn): { entities: string[]; relations: string[] } {
  if (!pair.expected.sharedBy) return { entities: [pair.expected.entity], relations: [...pair.expected.loadedThrough] };
  const mappings = pair.expected.sharedBy.filter((mapping) => mapping.columns.includes(expected.name));
  return {
    entities: [...new Set(mappings.filter((m) => m.role !== 'junction').map((m) => m.entity))],
    relations: [...new Set(mappings.flatMap((m) => (m.role === 'junction' ? m.relations : m.loadedThrough)))],
  };
}

function describeLoads({ entities, relations }: { entities: string[]; relations: string[] }): string {
  if (entities.length === 0) return `every load through ${listWords(relations)}`;
  return `every load of ${listWords(entities)}${relations.length ? `, and every load through ${listWords(relations)},` : ''}`;
}

/** The fields every finding about one declared column has. */
function onColumn(expected: ExpectedColumn): { entity?: string; column: string; relation?: string } {
  return { entity: expected.entity, column: expected.name, relation: expected.relation };
}

function unexpectedColumn(ctx: DiffContext, pair: TablePair, actual: ColumnModel): Finding {
  // Inserts from TypeORM never name this column, so they fail when it is NOT NULL and has nothing to fill it.
  const hasDefault = actual.default !== undefined;
  const isGenerated = actual.generation !== undefined;
  const blocksInserts = !actual.isNullable && !hasDefault && !isGenerated;
  return tableFinding(pair, {
    code: 'unexpected_column',
    severity: blocksInserts ? 'error' : 'info',
    column: actual.name,
    actual: `${actual.displayType}${actual.isNullable ? '' : ' NOT NULL'}`,
    message: blocksInserts
      ? `column ${pair.key}.${actual.name} is NOT NULL without a default and no entity property maps it: every insert into ${pair.key} fails`
      : `column ${pair.key}.${actual.name} is not mapped by ${listWords([...new Set((pair.expected.sharedBy ?? [pair.expected]).map((m) => m.entity))])} (ignored by TypeORM)`,
    isNullable: actual.isNullable,
    hasDefault,
    isGenerated,
  });
}

/** The shared "no finding" answer of the column sub-diffs; never mutated. */
const NONE: readonly Finding[] = Object.freeze([]);

/** A finding about one declared column of the pair. */
function columnFinding(pair: TablePair, expected: ExpectedColumn, finding: DistributiveOmit<TableFindingDraft, 'column' | 'relation'>): readonly Finding[] {
  return [tableFinding(pair, { ...finding, ...onColumn(expected) })];
}

function diffColumnType(ctx: DiffContext, pair: TablePair, expected: ExpectedColumn, actual: ColumnModel): readonly Finding[] {
  if (expected.enumValues && actual.enumValues) return diffEnumValues(ctx, pair, expected, actual);
  const comparison = ctx.adapter.compareTypes(expected, actual);
  if (comparison.verdict === 'same') return NONE;
  const at = `${pair.key}.${expected.name}`;
  const isLossy = comparison.verdict === 'incompatible' && !expected.hasTransformer;
  const described = describeTypeComparison(comparison);
  const why = described ? ` (${described})` : '';
  return columnFinding(pair, expected, {
    code: 'type_mismatch',
    differences: comparison.differences,
    severity: isLossy ? 'error' : comparison.verdict === 'equivalent' ? 'info' : 'warning',
    expected: expected.displayType,
    actual: actual.displayType,
    message: isLossy
      ? `column ${at} is ${actual.displayType} but ${expected.property} is declared ${expected.displayType}${why}: values cannot round-trip`
      : `column ${at} is ${actual.displayType}, declared ${expected.displayType}${why}${expected.hasTransformer && comparison.verdict === 'incompatible' ? '; a transformer converts the value' : ''}`,
  });
}

function diffEnumValues(ctx: DiffContext, pair: TablePair, expected: ExpectedColumn, actual: ColumnModel): readonly Finding[] {
  const declared = expected.enumValues ?? [];
  const present = actual.enumValues ?? [];
  const missing = declared.filter((value) => !present.includes(value));
  const extra = present.filter((value) => !declared.includes(value));
  const at = `${pair.key}.${expected.name}`;
  // Only PostgreSQL enums have an order (their sort order); SQLite's CHECK (col IN (...)) has none.
  const shared = declared.filter((value) => present.includes(value));
  const orderDiffers = ctx.adapter.hasEnumTypes && shared.join('\u0000') !== present.filter((value) => declared.includes(value)).join('\u0000');
  const common = {
    code: 'enum_mismatch' as const,
    expected: declared.join(', '),
    actual: present.join(', '),
    missing,
    extra,
    orderDiffers,
    expectedValues: [...declared],
    actualValues: [...present],
    enumName: actual.enumName,
  };
  if (missing.length > 0) {
    return columnFinding(pair, expected, {
      ...common,
      severity: 'error',
      message: `column ${at} does not accept ${listWords(missing.map((v) => `'${v}'`))}, which ${expected.property} declares: writing ${missing.length > 1 ? 'them' : 'it'} fails`,
    });
  }
  if (extra.length > 0) {
    return columnFinding(pair, expected, {
      ...common,
      severity: 'warning',
      message: `column ${at} also accepts ${listWords(extra.map((v) => `'${v}'`))}, unknown to ${expected.property}: rows holding ${extra.length > 1 ? 'them' : 'it'} load a value the code does not expect`,
    });
  }
  if (orderDiffers) {
    return columnFinding(pair, expected, {
      ...common,
      severity: 'info',
      message: `enum values of ${at} are in another order than declared (affects ORDER BY and < > comparisons only)`,
    });
  }
  return NONE;
}

function diffNullability(ctx: DiffContext, pair: TablePair, expected: ExpectedColumn, actual: ColumnModel): readonly Finding[] {
  // Primary key columns are NOT NULL by definition, whatever the catalog says (SQLite reports them nullable).
  if (expected.isPrimary || expected.isNullable === actual.isNullable) return NONE;
  const at = `${pair.key}.${expected.name}`;
  if (expected.isNullable) {
    // TypeORM marks join columns nullable unless told otherwise; migrations often make them NOT NULL. Healthy.
    const isHealthyJoin = expected.isJoinColumn;
    return columnFinding(pair, expected, {
      code: 'nullability_mismatch',
      direction: 'database_requires_value',
      isJoinColumn: expected.isJoinColumn,
      severity: isHealthyJoin ? 'info' : 'warning',
      expected: 'NULL',
      actual: 'NOT NULL',
      message: isHealthyJoin
        ? `join column ${at} is NOT NULL while ${expected.relation} is optional: saving the entity without it fails`
        : `column ${at} is NOT NULL but ${expected.property} is nullable: saving null fails`,
    });
  }
  return columnFinding(pair, expected, {
    code: 'nullability_mismatch',
    direction: 'database_allows_null',
    isJoinColumn: expected.isJoinColumn,
    severity: 'warning',
    expected: 'NOT NULL',
    actual: 'NULL',
    message: `column ${at} accepts NULL but ${expected.property} is not nullable: rows with NULL load as null into a non-null property`,
  });
}

function diffGeneration(ctx: DiffContext, pair: TablePair, expected: ExpectedColumn, actual: ColumnModel): readonly Finding[] {
  if (expected.generation === undefined && actual.generation === undefined) return diffDefault(ctx, pair, expected, actual);
  const at = `${pair.key}.${expected.name}`;
  const generations = {
    code: 'generated_mismatch' as const,
    expectedGeneration: generationOf(expected),
    actualGeneration: generationOf(actual),
    expectedExpression: expected.generationExpression,
    actualExpression: actual.generationExpression,
  };
  if (actual.generation === 'computed' && expected.generation !== 'computed') {
    return columnFinding(pair, expected, {
      ...generations,
      severity: 'error',
      expected: 'a plain column',
      actual: `GENERATED ALWAYS AS (${actual.generationExpression ?? '…'})`,
      message: `column ${at} is computed by the database but ${expected.property} is a plain column: every insert that writes it fails`,
    });
  }
  if (expected.generation === 'computed') {
    if (actual.generation === 'computed') return NONE;
    return columnFinding(pair, expected, {
      ...generations,
      severity: 'warning',
      expected: `GENERATED ALWAYS AS (${expected.generationExpression ?? '…'})`,
      actual: 'a plain column',
      message: `column ${at} is a plain column but ${expected.property} is computed: TypeORM never writes it, so it stays empty`,
    });
  }
  if (expected.generation === 'increment' || expected.generation === 'uuid') {
    if (actual.generation !== undefined || actual.default !== undefined) return NONE;
    const kind = expected.generation === 'increment' ? 'an identity/serial default' : 'a UUID default';
    return columnFinding(pair, expected, {
      ...generations,
      severity: 'error',
      expected: kind,
      actual: 'no default',
      message: `column ${at} has no default but ${expected.property} is generated by the database: every insert fails`,
    });
  }
  return diffDefault(ctx, pair, expected, actual);
}

function generationOf(column: ColumnModel): GenerationKind {
  return column.generation ?? 'none';
}

function diffDefault(ctx: DiffContext, pair: TablePair, expected: ExpectedColumn, actual: ColumnModel): readonly Finding[] {
  // A serial/identity column the entity treats as plain: its sequence default is not drift.
  if (actual.generation !== undefined) return NONE;
  // Both are read as defaults of the actual column: it stores them (e.g. CURRENT_TIMESTAMP(3) is
  // now() in a timestamp(3) column, whatever precision the entity states).
  const want = ctx.adapter.normalizeDefault(expected.default, actual);
  const have = ctx.adapter.normalizeDefault(actual.default, actual);
  if (want === have) return NONE;
  const at = `${pair.key}.${expected.name}`;
  if (want === undefined) {
    return columnFinding(pair, expected, {
      code: 'default_mismatch',
      actualDefault: actual.default,
      severity: 'info',
      actual: actual.default,
      message: `column ${at} has DEFAULT ${actual.default}, which ${expected.property} does not declare`,
    });
  }
  return columnFinding(pair, expected, {
    code: 'default_mismatch',
    expectedDefault: expected.default,
    actualDefault: actual.default,
    severity: 'warning',
    expected: expected.default,
    actual: actual.default ?? 'no default',
    message:
      have === undefined
        ? `column ${at} has no default but ${expected.property} declares ${expected.default}: inserts that omit it store ${actual.isNullable ? 'NULL' : 'nothing and fail'}`
        : `column ${at} defaults to ${actual.default}, declared ${expected.default}`,
  });
}
