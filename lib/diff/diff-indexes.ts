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
    if (pair.actual.indexes.some((actual) => actual.isValid !== false && satisfies(ctx, expected, actual))) continue;
    // An invalid index of this shape is reported by diffInvalidIndexes, with its cause and its fix.
    if (pair.actual.indexes.some((actual) => actual.isValid === false && satisfies(ctx, expected, actual))) continue;
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

/**
 * Reports the indexes PostgreSQL marked invalid (a failed `CREATE [UNIQUE] INDEX CONCURRENTLY`
 * leaves one behind): the planner never uses them and a unique one was never checked against the
 * rows already there. A unique one is a warning: the table may hold duplicates. A plain one is a
 * warning when it is the only index of a shape an entity declares (queries on it scan the table,
 * as with `missing_index`), info otherwise (it serves nothing and may still slow writes).
 */
export function diffInvalidIndexes(ctx: DiffContext, pair: TablePair): Finding[] {
  const findings: Finding[] = [];
  for (const invalid of pair.actual.indexes) {
    if (invalid.isValid !== false) continue;
    const declared = pair.expected.indexes.find(
      (expected) =>
        satisfies(ctx, expected, invalid) &&
        !pair.actual.indexes.some((actual) => actual.isValid !== false && satisfies(ctx, expected, actual)),
    );
    const shape = `${invalid.isUnique ? 'UNIQUE ' : ''}(${invalid.expression ?? invalid.columns.join(', ')})${invalid.where ? ` WHERE ${invalid.where}` : ''}`;
    const name = invalid.name ?? '?';
    const cause = `index ${name} ${shape} on ${pair.key} is invalid (left by a failed CREATE${invalid.isUnique ? ' UNIQUE' : ''} INDEX CONCURRENTLY)`;
    const declaredBy = declared ? `, so the ${declared.isUnique ? 'unique' : 'index'} ${pair.expected.entity} declares is not in force` : '';
    const quotedName = quoteTable(ctx, { schema: pair.actual.schema, name });
    findings.push(
      tableFinding(pair, {
        code: 'invalid_index',
        severity: invalid.isUnique || declared ? 'warning' : 'info',
        column: invalid.columns.join(', ') || undefined,
        expected: declared ? `${declared.isUnique ? 'UNIQUE ' : ''}(${declared.columns.join(', ')})` : undefined,
        actual: `${shape} INVALID`,
        message: invalid.isUnique
          ? `${cause}: it was never checked against the rows already there, so the table may already hold duplicates${declaredBy}`
          : `${cause}: queries never use it${declared ? `${declaredBy} and queries on (${declared.columns.join(', ')}) scan the table` : ', and writes may still pay for maintaining it'}`,
        fix: `${invalid.isUnique ? `-- remove the duplicates first (SELECT ${invalid.columns.join(', ') || '…'}, count(*) FROM ${quoteTable(ctx, pair.actual)} GROUP BY ${invalid.columns.join(', ') || '…'} HAVING count(*) > 1), then:\n` : ''}REINDEX INDEX ${quotedName}; -- blocks writes while it runs; outside a transaction, REINDEX INDEX CONCURRENTLY does not`,
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
