/**
 * Primary keys (as sets of columns) and foreign keys (by structure, never by name), including
 * the type conflict between a foreign key column and the column it references (incident 000:
 * UUID foreign keys pointing at a VARCHAR(255) key).
 */
import type { ExpectedForeignKey } from '../model/expected';
import type { Finding, ForeignKeyActionChange, ForeignKeyTarget, Severity } from '../model/finding';
import type { ForeignKeyModel, IndexModel } from '../model/schema';
import { SEVERITY_RANK } from '../model/sort-findings';
import { type DiffContext, type TablePair, sameSet, tableFinding } from './diff-context';

/** Compares the primary key of one table pair. */
export function diffPrimaryKey(ctx: DiffContext, pair: TablePair): Finding[] {
  const expected = pair.expected.primaryKey;
  const actual = pair.actual.primaryKey;
  // Metadatas sharing the table may declare different keys: the database may match any of them.
  const declared = [expected, ...(pair.expected.acceptedPrimaryKeys ?? [])];
  if (expected.length === 0 || declared.some((key) => sameSet(key, actual))) return [];
  // A missing key column is already an error of its own, and dropping it drops or shrinks the key:
  // what is left of the declared key (or none) is its consequence, not a second error.
  const present = new Set(pair.actual.columns.map((column) => column.name));
  const isConsequence = !expected.every((column) => present.has(column)) && actual.every((column) => expected.includes(column));
  if (isConsequence) return [];
  const describe = (columns: readonly string[]) => (columns.length ? `(${columns.join(', ')})` : 'none');
  const substitute = actual.length === 0 ? uniqueIndexOver(pair, declared) : undefined;
  const keys = { code: 'primary_key_mismatch' as const, expectedColumns: [...expected], actualColumns: [...actual] };
  if (substitute) {
    const nullable = pair.actual.columns.filter((column) => substitute.columns.includes(column.name) && column.isNullable).map((c) => c.name);
    return [
      tableFinding(pair, {
        ...keys,
        uniqueIndexColumns: [...substitute.columns],
        severity: 'warning',
        expected: describe(expected),
        actual: `none; UNIQUE ${describe(substitute.columns)}`,
        message:
          `${pair.key} has no primary key, but a unique index on ${describe(substitute.columns)} identifies rows as ${pair.expected.entity} does: loads, updates and deletes still address one row each` +
          (nullable.length ? `, except rows with NULL in ${nullable.join(', ')}, which the index lets repeat` : ''),
      }),
    ];
  }
  if (actual.length === 0 && expected.every((column) => present.has(column))) {
    // TypeORM addresses rows by the declared key columns in its WHERE clauses, whatever the
    // constraint: save, find, update and remove work (Flowise's login_activity). Only what needs a
    // constraint fails: upsert's ON CONFLICT, and rows that repeat a key.
    return [
      tableFinding(pair, {
        ...keys,
        severity: 'warning',
        expected: describe(expected),
        actual: 'none',
        message:
          `${pair.key} has no primary key and no unique index on ${describe(expected)}: ${pair.expected.entity}'s loads, saves, updates and deletes still address rows by ${describe(expected)}, ` +
          `but nothing stops two rows sharing a key (then updates and deletes touch both), and upsert fails (no constraint to conflict on)`,
      }),
    ];
  }
  return [
    tableFinding(pair, {
      ...keys,
      severity: 'error',
      expected: describe(expected),
      actual: describe(actual),
      message: `primary key of ${pair.key} is ${describe(actual)} but ${pair.expected.entity} identifies rows by ${describe(expected)}: loads, updates and deletes address the wrong rows or fail`,
    }),
  ];
}

/** A full (non-partial, non-expression) unique index on exactly one of the declared keys: it addresses rows as a primary key would. */
function uniqueIndexOver(pair: TablePair, keys: readonly (readonly string[])[]): IndexModel | undefined {
  return pair.actual.indexes.find(
    (index) => index.isUnique && !index.where && !index.expression && keys.some((key) => sameSet(key, index.columns)),
  );
}

/** Compares the foreign keys of one table pair. */
export function diffForeignKeys(ctx: DiffContext, pair: TablePair): Finding[] {
  const findings: Finding[] = [];
  const actualColumns = new Set(pair.actual.columns.map((column) => column.name));
  for (const expected of pair.expected.foreignKeys) {
    // A missing join column is already an error of its own; its key cannot exist either.
    if (!expected.columns.every((column) => actualColumns.has(column))) continue;
    findings.push(...diffForeignKeyTypes(ctx, pair, expected));
    const matches = pair.actual.foreignKeys.filter((actual) => isSameKey(expected, actual));
    if (matches.length > 0) {
      findings.push(...diffActions(ctx, pair, expected, matches));
      continue;
    }
    const sameColumns = pair.actual.foreignKeys.find((actual) => sameSet(actual.columns, expected.columns));
    if (sameColumns) {
      findings.push(
        tableFinding(pair, {
          code: 'foreign_key_mismatch',
          columns: [...expected.columns],
          target: targetOf(expected),
          actualTarget: targetOf(sameColumns),
          changes: [],
          constraintName: sameColumns.name,
          severity: 'warning',
          entity: expected.entity,
          column: expected.columns.join(', '),
          relation: expected.relation,
          expected: describeTarget(expected),
          actual: describeTarget(sameColumns),
          message: `foreign key (${expected.columns.join(', ')}) of ${pair.key} references ${describeTarget(sameColumns)}, but ${expected.relation ?? 'the entity'} points to ${describeTarget(expected)}`,
        }),
      );
      continue;
    }
    findings.push(
      tableFinding(pair, {
        code: 'missing_foreign_key',
        columns: [...expected.columns],
        target: targetOf(expected),
        onDelete: expected.onDelete,
        onUpdate: expected.onUpdate,
        severity: 'warning',
        entity: expected.entity,
        column: expected.columns.join(', '),
        relation: expected.relation,
        expected: describeTarget(expected),
        message: `${pair.key}(${expected.columns.join(', ')}) has no foreign key to ${describeTarget(expected)}${expected.relation ? ` for ${expected.relation}` : ''}: orphaned rows are possible`,
      }),
    );
  }
  return findings;
}

type Actions = Pick<ForeignKeyModel, 'onDelete' | 'onUpdate'>;

/** One differing action of a foreign key, with how much it matters. */
interface ActionChange extends ForeignKeyActionChange {
  severity: Severity;
  note?: string;
}

/**
 * Compares the actions of the database's keys over the same columns with each declaration of the
 * key (metadatas sharing the table may declare different ones); the closest pair is reported,
 * the explicit entity's declaration first among equals.
 */
function diffActions(ctx: DiffContext, pair: TablePair, expected: ExpectedForeignKey, actuals: ForeignKeyModel[]): Finding[] {
  const declarations: Actions[] = [expected, ...(expected.acceptedActions ?? [])];
  // Each action is its own promise: an explicit entity may declare ON UPDATE while the junction over
  // the same table declares ON DELETE (n8n's folder_tag), so each is checked against any declaration.
  const matchesEach = (actual: ForeignKeyModel) =>
    declarations.some((d) => d.onDelete === actual.onDelete) && declarations.some((d) => d.onUpdate === actual.onUpdate);
  if (actuals.some(matchesEach)) return [];
  let best: { declared: Actions; actual: ForeignKeyModel; changes: ActionChange[] } | undefined;
  for (const declared of declarations) {
    for (const actual of actuals) {
      const changes = compareActions(ctx, expected, declared, actual);
      if (changes.length === 0) return [];
      if (!best || SEVERITY_RANK[worst(changes)] > SEVERITY_RANK[worst(best.changes)]) best = { declared, actual, changes };
    }
  }
  if (!best) return [];
  const { declared, actual, changes } = best;
  const notes = [...new Set(changes.map((change) => change.note).filter((note) => note !== undefined))];
  const severity = worst(changes);
  return [
    tableFinding(pair, {
      code: 'foreign_key_mismatch',
      columns: [...expected.columns],
      target: targetOf(expected),
      changes: changes.map(({ event, expected: declaredAction, actual: actualAction }) => ({ event, expected: declaredAction, actual: actualAction })),
      constraintName: actual.name,
      severity,
      entity: expected.entity,
      column: expected.columns.join(', '),
      relation: expected.relation,
      expected: `ON DELETE ${declared.onDelete.toUpperCase()} ON UPDATE ${declared.onUpdate.toUpperCase()}`,
      actual: `ON DELETE ${actual.onDelete.toUpperCase()} ON UPDATE ${actual.onUpdate.toUpperCase()}`,
      message: `foreign key ${pair.key}(${expected.columns.join(', ')}) → ${describeTarget(expected)} has ${changes.map(describeChange).join(' and ')}${notes.length ? `: ${notes.join('; ')}` : ''}`,
    }),
  ];
}

function compareActions(ctx: DiffContext, expected: ExpectedForeignKey, declared: Actions, actual: ForeignKeyModel): ActionChange[] {
  const changes: ActionChange[] = [];
  for (const event of ['onDelete', 'onUpdate'] as const) {
    const want = declared[event];
    const have = actual[event];
    if (want === have) continue;
    const change = { event: event === 'onDelete' ? ('delete' as const) : ('update' as const), expected: want, actual: have };
    if (!expected.isDeferrable && isRestrictOrNoAction(want) && isRestrictOrNoAction(have)) {
      // Both refuse to orphan rows; NO ACTION only checks at the end of the statement (or, when deferred, of the transaction).
      changes.push({ ...change, severity: 'info', note: 'RESTRICT and NO ACTION behave the same on a non-deferrable foreign key' });
    } else if (event === 'onUpdate' && referencesPrimaryKey(ctx, expected)) {
      // TypeORM's junctions (0.3 and 1.x) default ON UPDATE CASCADE where migrations usually write NO ACTION; its save never changes a primary key.
      changes.push({ ...change, severity: 'info', note: 'ON UPDATE only acts when a referenced primary key value changes, which TypeORM never does on save' });
    } else {
      changes.push({ ...change, severity: 'warning' });
    }
  }
  return changes;
}

function describeChange(change: ForeignKeyActionChange): string {
  return `ON ${change.event.toUpperCase()} ${change.actual.toUpperCase()} (declared ${change.expected.toUpperCase()})`;
}

function isRestrictOrNoAction(action: string): boolean {
  return action === 'restrict' || action === 'no action';
}

/** True when the key references exactly the referenced table's primary key. */
function referencesPrimaryKey(ctx: DiffContext, fk: ForeignKeyModel): boolean {
  const target = ctx.actual.tables.get(fk.referencedTable);
  return target !== undefined && target.primaryKey.length > 0 && sameSet(target.primaryKey, fk.referencedColumns);
}

function worst(changes: ActionChange[]): Severity {
  return changes.reduce<Severity>((acc, change) => (SEVERITY_RANK[change.severity] < SEVERITY_RANK[acc] ? change.severity : acc), 'info');
}

/** The referencing and referenced columns must have the same base type, or joins and the constraint itself fail. */
function diffForeignKeyTypes(ctx: DiffContext, pair: TablePair, expected: ExpectedForeignKey): Finding[] {
  // Where types need not match (SQLite), values that change on the way in or out are the columns' own type_mismatch.
  if (!ctx.adapter.checksForeignKeyTypes) return [];
  const target = ctx.actual.tables.get(expected.referencedTable);
  if (!target) return [];
  const findings: Finding[] = [];
  expected.columns.forEach((columnName, i) => {
    const column = pair.actual.columns.find((c) => c.name === columnName);
    const referenced = target.columns.find((c) => c.name === expected.referencedColumns[i]);
    if (!column || !referenced) return;
    const comparison = ctx.adapter.compareTypes(referenced, column);
    const isConflict =
      comparison.verdict === 'incompatible' ||
      (comparison.verdict === 'compatible' && !comparison.isSameKeyType && (column.type !== referenced.type || column.isArray !== referenced.isArray));
    if (!isConflict) return;
    findings.push(
      tableFinding(pair, {
        code: 'foreign_key_type_mismatch',
        referencedTable: expected.referencedTable,
        referencedColumn: referenced.name,
        referencedType: referenced.displayType,
        differences: comparison.differences,
        severity: 'error',
        entity: expected.entity,
        column: columnName,
        relation: expected.relation,
        expected: `${referenced.displayType} (as ${expected.referencedTable}.${referenced.name})`,
        actual: column.displayType,
        message: `${pair.key}.${columnName} is ${column.displayType} but references ${expected.referencedTable}.${referenced.name} of type ${referenced.displayType}: the join${expected.relation ? ` of ${expected.relation}` : ''} compares different types and the constraint cannot exist`,
      }),
    );
  });
  return findings;
}

function targetOf(fk: ForeignKeyModel): ForeignKeyTarget {
  return { table: fk.referencedTable, columns: [...fk.referencedColumns] };
}

function describeTarget(fk: ForeignKeyModel): string {
  return `${fk.referencedTable}(${fk.referencedColumns.join(', ')})`;
}

/** Same pairs of (column, referenced column) and the same referenced table, in any order. */
function isSameKey(a: ForeignKeyModel, b: ForeignKeyModel): boolean {
  if (a.referencedTable !== b.referencedTable || a.columns.length !== b.columns.length) return false;
  const pairs = (fk: ForeignKeyModel) => fk.columns.map((column, i) => `${column}\u0000${fk.referencedColumns[i]}`);
  return sameSet(pairs(a), pairs(b));
}
