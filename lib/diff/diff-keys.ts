/**
 * Primary keys (as sets of columns) and foreign keys (by structure, never by name), including
 * the type conflict between a foreign key column and the column it references (incident 000:
 * UUID foreign keys pointing at a VARCHAR(255) key).
 */
import type { ExpectedForeignKey } from '../model/expected';
import type { Finding } from '../model/finding';
import type { ForeignKeyModel } from '../model/schema';
import { type DiffContext, type TablePair, alterColumnFix, quoteTable, sameSet, tableFinding } from './diff-context';

/** Compares the primary key of one table pair. */
export function diffPrimaryKey(ctx: DiffContext, pair: TablePair): Finding[] {
  const expected = pair.expected.primaryKey;
  const actual = pair.actual.primaryKey;
  if (expected.length === 0 || sameSet(expected, actual)) return [];
  // A missing key column is already an error of its own, and dropping it drops or shrinks the key:
  // what is left of the declared key (or none) is its consequence, not a second error.
  const present = new Set(pair.actual.columns.map((column) => column.name));
  const isConsequence = !expected.every((column) => present.has(column)) && actual.every((column) => expected.includes(column));
  if (isConsequence) return [];
  const describe = (columns: string[]) => (columns.length ? `(${columns.join(', ')})` : 'none');
  const q = ctx.adapter.quoteIdentifier;
  return [
    tableFinding(pair, {
      code: 'primary_key_mismatch',
      severity: 'error',
      expected: describe(expected),
      actual: describe(actual),
      message: `primary key of ${pair.key} is ${describe(actual)} but ${pair.expected.entity} identifies rows by ${describe(expected)}: loads, updates and deletes address the wrong rows or fail`,
      fix: alterColumnFix(
        ctx,
        `ALTER TABLE ${quoteTable(ctx, pair.actual)} DROP CONSTRAINT <primary key name>, ADD PRIMARY KEY (${expected.map(q).join(', ')});`,
      ),
    }),
  ];
}

/** Compares the foreign keys of one table pair. */
export function diffForeignKeys(ctx: DiffContext, pair: TablePair): Finding[] {
  const findings: Finding[] = [];
  const actualColumns = new Set(pair.actual.columns.map((column) => column.name));
  for (const expected of pair.expected.foreignKeys) {
    // A missing join column is already an error of its own; its key cannot exist either.
    if (!expected.columns.every((column) => actualColumns.has(column))) continue;
    findings.push(...diffForeignKeyTypes(ctx, pair, expected));
    const match = pair.actual.foreignKeys.find((actual) => isSameKey(expected, actual));
    if (match) {
      findings.push(...diffActions(ctx, pair, expected, match));
      continue;
    }
    const sameColumns = pair.actual.foreignKeys.find((actual) => sameSet(actual.columns, expected.columns));
    if (sameColumns) {
      findings.push(
        tableFinding(pair, {
          code: 'foreign_key_mismatch',
          severity: 'warning',
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
        severity: 'warning',
        column: expected.columns.join(', '),
        relation: expected.relation,
        expected: describeTarget(expected),
        message: `${pair.key}(${expected.columns.join(', ')}) has no foreign key to ${describeTarget(expected)}${expected.relation ? ` for ${expected.relation}` : ''}: orphaned rows are possible`,
        fix: addForeignKeySql(ctx, pair, expected),
      }),
    );
  }
  return findings;
}

function diffActions(ctx: DiffContext, pair: TablePair, expected: ExpectedForeignKey, actual: ForeignKeyModel): Finding[] {
  const changes: string[] = [];
  if (expected.onDelete !== actual.onDelete) changes.push(`ON DELETE ${actual.onDelete.toUpperCase()} (declared ${expected.onDelete.toUpperCase()})`);
  if (expected.onUpdate !== actual.onUpdate) changes.push(`ON UPDATE ${actual.onUpdate.toUpperCase()} (declared ${expected.onUpdate.toUpperCase()})`);
  if (changes.length === 0) return [];
  return [
    tableFinding(pair, {
      code: 'foreign_key_mismatch',
      severity: 'warning',
      column: expected.columns.join(', '),
      relation: expected.relation,
      expected: `ON DELETE ${expected.onDelete.toUpperCase()} ON UPDATE ${expected.onUpdate.toUpperCase()}`,
      actual: `ON DELETE ${actual.onDelete.toUpperCase()} ON UPDATE ${actual.onUpdate.toUpperCase()}`,
      message: `foreign key ${pair.key}(${expected.columns.join(', ')}) → ${describeTarget(expected)} has ${changes.join(' and ')}`,
      fix: alterColumnFix(
        ctx,
        `ALTER TABLE ${quoteTable(ctx, pair.actual)} DROP CONSTRAINT ${ctx.adapter.quoteIdentifier(actual.name ?? '<name>')};\n${addForeignKeySql(ctx, pair, expected)}`,
      ),
    }),
  ];
}

/** The referencing and referenced columns must have the same base type, or joins and the constraint itself fail. */
function diffForeignKeyTypes(ctx: DiffContext, pair: TablePair, expected: ExpectedForeignKey): Finding[] {
  // SQLite creates any foreign key, and compares a numeric-affinity column with a text one after
  // converting the text to a number, so equal keys join whatever the declared types
  // (https://www.sqlite.org/datatype3.html#type_conversions_prior_to_comparison). Values that change
  // on the way in or out are the columns' own type_mismatch.
  if (ctx.actual.dialect === 'sqlite') return [];
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
      (comparison.verdict === 'compatible' && (column.type !== referenced.type || column.isArray !== referenced.isArray));
    if (!isConflict) return;
    findings.push(
      tableFinding(pair, {
        code: 'foreign_key_type_mismatch',
        severity: 'error',
        column: columnName,
        relation: expected.relation,
        expected: `${referenced.displayType} (as ${expected.referencedTable}.${referenced.name})`,
        actual: column.displayType,
        message: `${pair.key}.${columnName} is ${column.displayType} but references ${expected.referencedTable}.${referenced.name} of type ${referenced.displayType}: the join${expected.relation ? ` of ${expected.relation}` : ''} compares different types and the constraint cannot exist`,
        fix: alterColumnFix(
          ctx,
          `-- make both sides one type, e.g.: ALTER TABLE ${quoteTable(ctx, target)} ALTER COLUMN ${ctx.adapter.quoteIdentifier(referenced.name)} TYPE ${column.displayType} USING ${ctx.adapter.quoteIdentifier(referenced.name)}::${column.displayType};`,
        ),
      }),
    );
  });
  return findings;
}

function addForeignKeySql(ctx: DiffContext, pair: TablePair, fk: ExpectedForeignKey): string {
  const q = ctx.adapter.quoteIdentifier;
  const target = ctx.actual.tables.get(fk.referencedTable);
  const targetSql = target ? quoteTable(ctx, target) : fk.referencedTable;
  return alterColumnFix(
    ctx,
    `ALTER TABLE ${quoteTable(ctx, pair.actual)} ADD CONSTRAINT ${q(fk.name ?? `FK_${pair.expected.name}_${fk.columns.join('_')}`)} FOREIGN KEY (${fk.columns.map(q).join(', ')}) REFERENCES ${targetSql} (${fk.referencedColumns.map(q).join(', ')}) ON DELETE ${fk.onDelete.toUpperCase()} ON UPDATE ${fk.onUpdate.toUpperCase()};`,
  );
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
