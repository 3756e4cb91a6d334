/**
 * Indexes, unique constraints and CHECK constraints, matched by structure (columns, expression),
 * never by generated name: renamed constraints are the main source of other tools' false drift.
 */
import type { Finding } from '../model/finding';
import type { IndexModel } from '../model/schema';
import { type DiffContext, type TablePair, quoteTable, sameSet, tableFinding } from './diff-context';

/** Compares the indexes and unique constraints of one table pair. */
export function diffIndexes(ctx: DiffContext, pair: TablePair): Finding[] {
  const findings: Finding[] = [];
  const actualColumns = new Set(pair.actual.columns.map((column) => column.name));
  for (const expected of pair.expected.indexes) {
    // An index over a missing column is a consequence of that column's own finding.
    if (!expected.columns.every((column) => actualColumns.has(column))) continue;
    if (pair.actual.indexes.some((actual) => satisfies(ctx, expected, actual))) continue;
    if (expected.isUnique && coveredByPrimaryKey(expected, pair.actual.primaryKey)) continue;
    const q = ctx.adapter.quoteIdentifier;
    const columns = expected.columns.map(q).join(', ');
    const where = expected.where ? ` WHERE ${expected.where}` : '';
    const name = q(expected.name ?? `IDX_${pair.expected.name}_${expected.columns.join('_')}`);
    findings.push(
      tableFinding(pair, {
        code: expected.isUnique ? 'missing_unique' : 'missing_index',
        severity: 'warning',
        column: expected.columns.join(', '),
        expected: `${expected.isUnique ? 'UNIQUE ' : ''}(${expected.columns.join(', ')})${where}`,
        message: expected.isUnique
          ? `${pair.key} has no unique constraint or unique index on (${expected.columns.join(', ')})${where}: duplicates can be stored`
          : `${pair.key} has no index on (${expected.columns.join(', ')})${where}: queries on it scan the table`,
        fix: expected.isUnique
          ? `CREATE UNIQUE INDEX ${name} ON ${quoteTable(ctx, pair.actual)} (${columns})${where};`
          : `CREATE INDEX ${name} ON ${quoteTable(ctx, pair.actual)} (${columns})${where};`,
      }),
    );
  }
  return findings;
}

/** Compares the CHECK constraints of one table pair. */
export function diffChecks(ctx: DiffContext, pair: TablePair): Finding[] {
  const findings: Finding[] = [];
  const actual = pair.actual.checks.map((check) => ({ name: check.name, normalized: ctx.adapter.normalizeExpression(check.expression) }));
  for (const expected of pair.expected.checks) {
    const normalized = ctx.adapter.normalizeExpression(expected.expression);
    // TypeORM names checks by a hash of table and expression, so a name match is the same check
    // even where the server re-spelled the expression (casts, ANY(ARRAY[...]) for IN).
    if (actual.some((check) => check.normalized === normalized || (expected.name && check.name === expected.name))) continue;
    findings.push(
      tableFinding(pair, {
        code: 'missing_check',
        severity: 'warning',
        expected: `CHECK (${expected.expression})`,
        message: `${pair.key} lacks CHECK (${expected.expression}): rows that violate it can be stored`,
        fix:
          ctx.actual.dialect === 'postgres'
            ? `ALTER TABLE ${quoteTable(ctx, pair.actual)} ADD CONSTRAINT ${ctx.adapter.quoteIdentifier(expected.name ?? `CHK_${pair.expected.name}`)} CHECK (${expected.expression});`
            : `-- SQLite adds CHECK constraints only by rebuilding the table: CHECK (${expected.expression})`,
      }),
    );
  }
  return findings;
}

function satisfies(ctx: DiffContext, expected: IndexModel, actual: IndexModel): boolean {
  if (actual.expression && !expected.expression) return false;
  const whereOf = (index: IndexModel) => (index.where ? ctx.adapter.normalizeExpression(index.where) : '');
  if (whereOf(expected) !== whereOf(actual)) return false;
  if (expected.isUnique) {
    // Uniqueness holds for any column order, and a unique index is as good as a unique constraint.
    return actual.isUnique && sameSet(expected.columns, actual.columns);
  }
  // For a plain index the leading columns decide what it serves; a unique index serves as well.
  return expected.columns.length === actual.columns.length && expected.columns.every((column, i) => actual.columns[i] === column);
}

function coveredByPrimaryKey(expected: IndexModel, primaryKey: string[]): boolean {
  return !expected.where && sameSet(expected.columns, primaryKey);
}
