/**
 * Indexes, unique constraints and CHECK constraints, matched by structure (columns, expression),
 * never by generated name: renamed constraints are the main source of other tools' false drift.
 */
import type { ExpectedIndex } from '../model/expected';
import type { Finding, MissingIndexFields } from '../model/finding';
import type { IndexModel } from '../model/schema';
import { type DiffContext, type TablePair, sameSet, tableFinding } from './diff-context';

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
    if (coveredByPrimaryKey(expected, pair.actual.primaryKey)) continue;
    findings.push(nearlySatisfied(ctx, pair, expected) ?? missingIndex(ctx, pair, expected));
  }
  return findings;
}

function missingIndex(ctx: DiffContext, pair: TablePair, expected: ExpectedIndex): Finding {
  const where = expected.where ? ` WHERE ${expected.where}` : '';
  return tableFinding(pair, {
    code: expected.isUnique ? 'missing_unique' : 'missing_index',
    severity: 'warning',
    entity: expected.entity,
    column: expected.columns.join(', '),
    ...declaredIndex(expected),
    expected: `${expected.isUnique ? 'UNIQUE ' : ''}(${expected.columns.join(', ')})${where}`,
    message: expected.isUnique
      ? `${pair.key} has no unique constraint or unique index on (${expected.columns.join(', ')})${where}: duplicates can be stored`
      : `${pair.key} has no index on (${expected.columns.join(', ')})${where}: queries on it scan the table`,
  });
}

/**
 * An index that does what the declared one is for, but not exactly: worth an info, not a warning.
 * A full unique where a partial one is declared (the database is stricter); a partial index
 * `WHERE col IS NOT NULL` where a full one is declared (an equality lookup on `col` implies the
 * predicate, so the planner uses it: https://www.postgresql.org/docs/current/indexes-partial.html,
 * https://www.sqlite.org/partialindex.html#queries_using_partial_indexes).
 */
function nearlySatisfied(ctx: DiffContext, pair: TablePair, expected: ExpectedIndex): Finding | undefined {
  const columns = `(${expected.columns.join(', ')})`;
  const common = {
    code: expected.isUnique ? ('missing_unique' as const) : ('missing_index' as const),
    severity: 'info' as const,
    entity: expected.entity,
    column: expected.columns.join(', '),
    ...declaredIndex(expected),
    expected: `${expected.isUnique ? 'UNIQUE ' : ''}${columns}${expected.where ? ` WHERE ${expected.where}` : ''}`,
  };
  const isFull = (actual: IndexModel) => !actual.where && !actual.expression;
  if (expected.isUnique && expected.where) {
    const full = pair.actual.indexes.find(
      (actual) => actual.isValid !== false && actual.isUnique && isFull(actual) && sameSet(actual.columns, expected.columns),
    );
    if (!full && !sameSet(expected.columns, pair.actual.primaryKey)) return undefined;
    // A warning, not info: the writes the declaration allows outside its WHERE (re-inserting the
    // key of a soft-deleted row) fail, and "fails for some values" is what a warning means.
    return tableFinding(pair, {
      ...common,
      severity: 'warning',
      nearMatch: full
        ? { kind: 'index', columns: [...full.columns], isUnique: true }
        : { kind: 'primary_key', columns: [...pair.actual.primaryKey], isUnique: true },
      actual: full ? `UNIQUE (${full.columns.join(', ')})` : `PRIMARY KEY (${pair.actual.primaryKey.join(', ')})`,
      message: `${pair.key} enforces ${columns} unique on every row, where ${expected.entity ?? pair.expected.entity} declares it only WHERE ${expected.where}: stricter than declared, so inserting a duplicate of a row outside that condition fails`,
    });
  }
  if (expected.where) return undefined;
  const softDeleted = softDeleteIndex(ctx, pair, expected);
  if (softDeleted) {
    return tableFinding(pair, {
      ...common,
      actual: `(${softDeleted.columns.join(', ')}) WHERE ${softDeleted.where}`,
      nearMatch: { kind: 'index', columns: [...softDeleted.columns], isUnique: softDeleted.isUnique, where: softDeleted.where },
      message: `${pair.key} indexes ${columns} only WHERE ${softDeleted.where}: every find of ${pair.expected.entity} uses it (TypeORM adds that condition unless withDeleted); only lookups that include soft-deleted rows scan the table`,
    });
  }
  // NULLs never conflict in a unique index, so `WHERE c IS NOT NULL` over any of its columns enforces the same rule.
  const nullable = expected.isUnique ? expected.columns : expected.columns.slice(0, 1);
  const partial = pair.actual.indexes.find(
    (actual) =>
      !actual.expression &&
      actual.where !== undefined &&
      (expected.isUnique ? actual.isUnique && sameSet(actual.columns, expected.columns) : isPrefix(expected.columns, actual.columns)) &&
      nullable.some((column) => isPredicate(ctx, actual.where!, column, ['IS NOT NULL', 'NOTNULL'])),
  );
  if (!partial) return undefined;
  return tableFinding(pair, {
    ...common,
    nearMatch: { kind: 'index', columns: [...partial.columns], isUnique: partial.isUnique, where: partial.where },
    actual: `${partial.isUnique ? 'UNIQUE ' : ''}(${partial.columns.join(', ')}) WHERE ${partial.where}`,
    message: expected.isUnique
      ? `${pair.key} has UNIQUE (${partial.columns.join(', ')}) only WHERE ${partial.where}: the same rule as the declared ${columns}, since rows with NULL never conflict`
      : `${pair.key} indexes ${columns} only WHERE ${partial.where}: every equality lookup on ${expected.columns[0]} uses it; only queries for NULL or over all rows in index order scan the table`,
  });
}

/**
 * A plain index declared full, present only `WHERE <delete-date column> IS NULL`: TypeORM adds that
 * very condition to every find of a soft-deletable entity (unless `withDeleted`), so the planner
 * uses the partial index for all of them (Medusa's `WHERE deleted_at IS NULL` indexes).
 */
function softDeleteIndex(ctx: DiffContext, pair: TablePair, expected: ExpectedIndex): IndexModel | undefined {
  const column = pair.expected.softDeleteColumn;
  if (expected.isUnique || column === undefined) return undefined;
  return pair.actual.indexes.find(
    (actual) =>
      actual.isValid !== false &&
      !actual.expression &&
      actual.where !== undefined &&
      isPrefix(expected.columns, actual.columns) &&
      isPredicate(ctx, actual.where, column, ['IS NULL']),
  );
}

/** What a `missing_index` or `missing_unique` finding says about the declaration. */
function declaredIndex(expected: ExpectedIndex): Omit<MissingIndexFields, 'nearMatch'> {
  return { columns: [...expected.columns], where: expected.where, indexName: expected.name };
}

/** True when `where` is `<column> <test>` for one of the tests (`IS NULL`, `IS NOT NULL`, ...), as the dialect normalizes it. */
function isPredicate(ctx: DiffContext, where: string, column: string, tests: readonly string[]): boolean {
  const normalized = ctx.adapter.normalizeExpression(where);
  const q = ctx.adapter.quoteIdentifier(column);
  return tests.some((test) => ctx.adapter.normalizeExpression(`${q} ${test}`) === normalized);
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
    findings.push(
      tableFinding(pair, {
        code: 'invalid_index',
        indexName: name,
        columns: [...invalid.columns],
        isUnique: invalid.isUnique,
        where: invalid.where,
        expression: invalid.expression,
        declaredColumns: declared && [...declared.columns],
        severity: invalid.isUnique || declared ? 'warning' : 'info',
        column: invalid.columns.join(', ') || undefined,
        expected: declared ? `${declared.isUnique ? 'UNIQUE ' : ''}(${declared.columns.join(', ')})` : undefined,
        actual: `${shape} INVALID`,
        message: invalid.isUnique
          ? `${cause}: it was never checked against the rows already there, so the table may already hold duplicates${declaredBy}`
          : `${cause}: queries never use it${declared ? `${declaredBy} and queries on (${declared.columns.join(', ')}) scan the table` : ', and writes may still pay for maintaining it'}`,
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
        expression: expected.expression,
        checkName: expected.name,
        severity: 'warning',
        expected: `CHECK (${expected.expression})`,
        message: `${pair.key} lacks CHECK (${expected.expression}): rows that violate it can be stored`,
      }),
    );
  }
  return findings;
}

function satisfies(ctx: DiffContext, expected: IndexModel, actual: IndexModel): boolean {
  if (actual.expression && !expected.expression) return false;
  const whereOf = (index: IndexModel) => (index.where ? ctx.adapter.normalizeExpression(index.where) : '');
  if (expected.isUnique) {
    // Uniqueness holds for any column order, and a unique index is as good as a unique constraint.
    return whereOf(expected) === whereOf(actual) && actual.isUnique && sameSet(expected.columns, actual.columns);
  }
  // A plain index is there for lookups: any index whose leading columns are the declared ones serves
  // them (a unique one as well), and a full index serves every query a partial one would.
  return (!actual.where || whereOf(expected) === whereOf(actual)) && isPrefix(expected.columns, actual.columns);
}

/** A declared unique is enforced by a primary key on the same columns; a declared index is served by one that starts with its columns. */
function coveredByPrimaryKey(expected: IndexModel, primaryKey: readonly string[]): boolean {
  if (expected.isUnique) return !expected.where && sameSet(expected.columns, primaryKey);
  return isPrefix(expected.columns, primaryKey);
}

/** True when `columns` are the leading columns of `index`, in order. */
function isPrefix(columns: readonly string[], index: readonly string[]): boolean {
  return columns.length > 0 && columns.length <= index.length && columns.every((column, i) => index[i] === column);
}
