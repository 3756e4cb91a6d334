/**
 * SQLite's documented table rebuild, for the changes `ALTER TABLE` cannot make there (a column's
 * type, NOT NULL, default, an enum CHECK, a foreign key, a check, the primary key):
 * https://www.sqlite.org/lang_altertable.html#otheralter. Pure: two models in, statements out.
 */
import type { ExpectedTable } from '../../model/expected';
import type { CheckModel, ColumnModel, IndexModel, TableModel } from '../../model/schema';
import { createIndexSql, createTableSql, qualifiedName, type ShapeColumn, type TableShape } from './create-table-sql';
import { quoteSqliteIdentifier as quote } from './index';
import { normalizeSqliteExpression } from './normalize-sqlite-expression';
import { parseEnumCheck } from './parse-enum-check';
import { identifierName, tokenizeSql } from './tokenize-sql';

/** Options of {@link rebuildSqliteTable}. */
export interface RebuildSqliteTableOptions {
  /**
   * Keep the columns the entities do not declare (default true), with their data; one that is NOT
   * NULL without a default is kept nullable, since it would make every TypeORM insert fail. False
   * drops them and their data. Either way the notes name each one.
   */
  keepUnexpectedColumns?: boolean;
}

/** The statements of a rebuild, their undoing, and what a person should know first. */
export interface SqliteRebuild {
  /** Statements in order, without trailing `;`: first and last the `PRAGMA foreign_keys` switch. */
  sql: string[];
  /** Statements that rebuild the table back into the `actual` shape. */
  reverse: string[];
  notes: string[];
}

/**
 * Rebuilds `actual` into the table the entities declare: `CREATE TABLE "new_<table>"` with every
 * expected column (type, NOT NULL, default, primary key with AUTOINCREMENT for increment keys, enum
 * CHECK, checks, uniques, foreign keys with their actions, as TypeORM declares them), the rows copied
 * from the columns both have, the old table dropped, the new one renamed, and the indexes created.
 * Indexes, uniques, foreign keys and checks of the old table that the entities do not declare are
 * kept when their columns are. `reverse` rebuilds the `actual` shape the same way.
 *
 * @example
 * const { sql, reverse, notes } = rebuildSqliteTable(expected.tables.get('payment')!, actual.tables.get('payment')!);
 * // sql: ['PRAGMA foreign_keys = OFF', 'CREATE TABLE "new_payment" (...)', 'INSERT INTO "new_payment" (...) SELECT ... FROM "payment"',
 * //       'DROP TABLE "payment"', 'ALTER TABLE "new_payment" RENAME TO "payment"', 'CREATE INDEX ...', 'PRAGMA foreign_keys = ON']
 */
export function rebuildSqliteTable(expected: ExpectedTable, actual: TableModel, options: RebuildSqliteTableOptions = {}): SqliteRebuild {
  const notes: string[] = [];
  const where = qualifiedName(actual.schema, actual.name);
  if (expected.kind !== 'table' || actual.kind !== 'table') {
    return { sql: [], reverse: [], notes: [`${where} is a view on one side: a view is dropped and created again, not rebuilt`] };
  }
  const target = expectedShape(expected, actual, options.keepUnexpectedColumns ?? true, notes);
  const back = actualShape(actual);
  const sql = rebuildSql(target, actual.columns, notes, '');
  const reverseNotes: string[] = [];
  const reverse = rebuildSql(back, target.columns, reverseNotes, 'the reverse: ');
  const schemaPrefix = actual.schema === undefined ? '' : `${quote(actual.schema)}.`;
  notes.unshift(
    `SQLite's ALTER TABLE cannot make this change, so ${where} is rebuilt as SQLite documents (https://www.sqlite.org/lang_altertable.html#otheralter): ` +
      `a new table, the rows copied, the old table dropped, the new one renamed, its indexes created`,
    'PRAGMA foreign_keys = OFF has no effect inside a transaction: run it before BEGIN (every TypeORM SQLite driver does so before running migrations), ' +
      'then the statements between the two pragmas in one transaction. With foreign keys on, DROP TABLE deletes the rows that reference this table (ON DELETE CASCADE) or fails',
    'the copy fails, and the transaction changes nothing, when existing rows break a rule the new table adds: NOT NULL, a primary key, UNIQUE, a CHECK',
    `DROP TABLE drops the table's triggers, which the model does not know: save them first (SELECT sql FROM ${schemaPrefix}sqlite_master WHERE type = 'trigger' AND tbl_name = '${actual.name.replace(/'/g, "''")}') and create them again after; views name the table and keep working`,
    'COLLATE clauses, STRICT and WITHOUT ROWID are not in the model: the new table declares none of them; ' +
      'a generated INTEGER PRIMARY KEY is declared AUTOINCREMENT, as TypeORM declares `increment` keys (the model does not tell a `rowid` key, which has none)',
  );
  notes.push(
    `afterwards PRAGMA ${schemaPrefix}foreign_key_check(${quote(actual.name)}) must return no rows: foreign keys are not checked while they are off, so rows may reference rows that do not exist`,
    ...reverseNotes,
  );
  return { sql, reverse, notes };
}

/** The expected table's shape, plus what of the actual table still applies. */
function expectedShape(expected: ExpectedTable, actual: TableModel, keepUnexpected: boolean, notes: string[]): TableShape {
  const columns: ShapeColumn[] = expected.columns.map((column) => ({
    name: column.name,
    displayType: column.displayType,
    isNullable: column.isNullable,
    default: column.default,
    generation: column.generation,
    generationExpression: column.generationExpression,
    isStored: column.isStored,
    enumValues: column.enumValues,
  }));
  const dropped = new Set<string>();
  for (const column of actual.columns) {
    if (findColumn(expected.columns, column.name)) continue;
    const name = quote(column.name);
    if (!keepUnexpected) {
      dropped.add(column.name.toLowerCase());
      notes.push(`${name} is not declared by the entities: dropped, with its data`);
      continue;
    }
    const isRequired = !column.isNullable && column.default === undefined && column.generation === undefined;
    // Its enum CHECK, if any, is kept among the table's checks.
    const { enumValues: _enumValues, ...kept } = column;
    columns.push({ ...kept, isNullable: column.isNullable || isRequired });
    notes.push(
      isRequired
        ? `${name} is not declared by the entities: kept with its data, but nullable, since as NOT NULL without a default it makes every TypeORM insert fail`
        : `${name} is not declared by the entities: kept with its data (TypeORM never writes it)`,
    );
  }
  const survives = (names: readonly string[]) => names.every((name) => !dropped.has(name.toLowerCase()) && findColumn(columns, name));
  const expectedUniques = expected.indexes.filter((index) => index.isConstraint);
  const expectedIndexes = expected.indexes.filter((index) => !index.isConstraint);

  const extraUniques = actual.indexes.filter(
    (index) => index.isConstraint && !expected.indexes.some((e) => e.isUnique && sameSet(e.columns, index.columns)),
  );
  const extraIndexes = actual.indexes.filter(
    (index) =>
      !index.isConstraint &&
      !isAutoindex(index) &&
      !expected.indexes.some((e) => e.name === index.name || sameIndex(e, index)),
  );
  const extraKeys = actual.foreignKeys.filter((key) => !expected.foreignKeys.some((e) => sameSet(e.columns, key.columns)));
  const undeclaredChecks = actual.checks.filter((check) => isUndeclaredCheck(check, expected, actual));
  const extraChecks = undeclaredChecks.filter((check) => !mentionsAny(check.expression, dropped));

  const indexes = [...expectedIndexes];
  for (const index of extraIndexes) {
    const label = `index ${quote(index.name ?? '')} (${index.expression ?? index.columns.join(', ')})`;
    if (!survives(index.columns)) notes.push(`${label} is dropped: it is over a column the new table does not have`);
    else if (index.expression !== undefined && index.columns.length > 0) notes.push(`${label} is dropped: it mixes columns and expressions, which the model cannot spell again; create it by hand`);
    else {
      indexes.push(index);
      notes.push(`${label} is not declared by the entities: created again`);
    }
  }
  const kept = (what: string, columns: readonly string[]) =>
    survives(columns)
      ? `${what} is not declared by the entities: kept`
      : `${what} is not declared by the entities and is over a column the new table does not have: dropped`;
  for (const unique of extraUniques) notes.push(kept(`UNIQUE (${unique.columns.join(', ')})`, unique.columns));
  for (const key of extraKeys) notes.push(kept(`the foreign key (${key.columns.join(', ')}) -> ${key.referencedTable}`, key.columns));
  for (const check of undeclaredChecks) {
    notes.push(`CHECK (${check.expression}) is not declared by the entities${extraChecks.includes(check) ? ': kept' : ' and names a dropped column: dropped'}`);
  }

  return {
    schema: actual.schema,
    name: actual.name,
    columns,
    primaryKey: [...expected.primaryKey],
    uniques: [...expectedUniques, ...extraUniques.filter((unique) => survives(unique.columns)).map(withoutAutoName)],
    checks: [...expected.checks, ...extraChecks],
    foreignKeys: [...expected.foreignKeys, ...extraKeys.filter((key) => survives(key.columns))],
    indexes,
  };
}

/** The actual table's shape, as introspected: its enum CHECKs are among its checks. */
function actualShape(actual: TableModel): TableShape {
  return {
    schema: actual.schema,
    name: actual.name,
    columns: actual.columns.map(({ enumValues: _enumValues, ...column }) => column),
    primaryKey: [...actual.primaryKey],
    uniques: actual.indexes.filter((index) => index.isConstraint).map(withoutAutoName),
    checks: actual.checks,
    foreignKeys: actual.foreignKeys,
    indexes: actual.indexes.filter((index) => !index.isConstraint && !isAutoindex(index)),
  };
}

/** The statements that turn a table with `sourceColumns` into `shape`, following the 12 steps. */
function rebuildSql(shape: TableShape, sourceColumns: readonly Pick<ColumnModel, 'name' | 'displayType' | 'isNullable'>[], notes: string[], prefix: string): string[] {
  const temporary = `new_${shape.name}`;
  const targets: string[] = [];
  const values: string[] = [];
  for (const column of shape.columns) {
    const name = quote(column.name);
    // A computed column cannot be written; it computes itself from the copied ones.
    if (column.generation === 'computed') continue;
    const source = findColumn(sourceColumns, column.name);
    if (!source) {
      if (column.generation === 'increment') continue;
      const filler = column.default !== undefined ? `its default ${column.default}` : 'NULL';
      notes.push(
        !column.isNullable && column.default === undefined
          ? `${prefix}${name} is new and NOT NULL without a default: the copy fails if the table has rows; give it a value first or a default`
          : `${prefix}${name} is new: existing rows get ${filler}`,
      );
      continue;
    }
    targets.push(name);
    if (!column.isNullable && source.isNullable && column.default !== undefined) {
      values.push(`COALESCE(${quote(source.name)}, ${column.default})`);
      notes.push(`${prefix}${name} becomes NOT NULL: rows where it is NULL get its default ${column.default}`);
    } else {
      values.push(quote(source.name));
      if (!column.isNullable && source.isNullable) {
        notes.push(`${prefix}${name} becomes NOT NULL: the copy fails if a row has NULL there; set those rows first`);
      }
    }
    if (source.displayType.trim().toLowerCase() !== column.displayType.trim().toLowerCase()) {
      notes.push(`${prefix}${name} changes type from ${source.displayType || 'none'} to ${column.displayType || 'none'}: SQLite converts the copied values by the new column's affinity`);
    }
  }
  for (const source of sourceColumns) {
    if (!findColumn(shape.columns, source.name) && prefix) notes.push(`${prefix}${quote(source.name)} is dropped again, with the data written to it since`);
  }
  const table = qualifiedName(shape.schema, shape.name);
  const sql = [
    'PRAGMA foreign_keys = OFF',
    createTableSql(shape, temporary),
    targets.length > 0
      ? `INSERT INTO ${qualifiedName(shape.schema, temporary)} (${targets.join(', ')}) SELECT ${values.join(', ')} FROM ${table}`
      : undefined,
    `DROP TABLE ${table}`,
    // Since SQLite 3.26 RENAME re-reads every view and trigger of the schema, and one that names the
    // dropped table fails it ("error in view v: no such table"); the legacy behaviour renames the table alone.
    'PRAGMA legacy_alter_table = ON',
    `ALTER TABLE ${qualifiedName(shape.schema, temporary)} RENAME TO ${quote(shape.name)}`,
    'PRAGMA legacy_alter_table = OFF',
    ...shape.indexes.map((index) => createIndexSql(shape, index)),
    'PRAGMA foreign_keys = ON',
  ];
  return sql.filter((statement): statement is string => statement !== undefined);
}

/** An actual CHECK the entities do not declare (an enum CHECK of a declared column is replaced by the entity's, or by none). */
function isUndeclaredCheck(check: CheckModel, expected: ExpectedTable, actual: TableModel): boolean {
  const normalized = normalizeSqliteExpression(check.expression);
  if (expected.checks.some((e) => (e.name !== undefined && e.name === check.name) || normalizeSqliteExpression(e.expression) === normalized)) return false;
  const enumCheck = parseEnumCheck(check.expression);
  return !(enumCheck && (findColumn(expected.columns, enumCheck.column) || !findColumn(actual.columns, enumCheck.column)));
}

/** Whether an expression names one of the (lower-cased) column names. */
function mentionsAny(expression: string, names: Set<string>): boolean {
  if (names.size === 0) return false;
  return tokenizeSql(expression).some((t) => (t.kind === 'word' || t.kind === 'quoted') && names.has(identifierName(t).toLowerCase()));
}

function findColumn<T extends { name: string }>(columns: readonly T[], name: string): T | undefined {
  // SQLite matches column names case-insensitively.
  return columns.find((c) => c.name === name) ?? columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const lower = (names: readonly string[]) => names.map((n) => n.toLowerCase()).sort().join('\0');
  return a.length === b.length && lower(a) === lower(b);
}

function sameIndex(a: IndexModel, b: IndexModel): boolean {
  const whereOf = (index: IndexModel) => (index.where ? normalizeSqliteExpression(index.where) : '');
  return a.isUnique === b.isUnique && whereOf(a) === whereOf(b) && a.expression === b.expression && sameSet(a.columns, b.columns);
}

/** Indexes SQLite creates itself for a PRIMARY KEY or UNIQUE constraint; CREATE INDEX refuses the name. */
function isAutoindex(index: IndexModel): boolean {
  return (index.name ?? '').startsWith('sqlite_autoindex_');
}

function withoutAutoName(index: IndexModel): IndexModel {
  return isAutoindex(index) ? { ...index, name: undefined } : index;
}
