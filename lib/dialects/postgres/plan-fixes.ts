/**
 * The PostgreSQL planner: findings + both schemas -> ordered steps, safe by default on a live
 * database (what squawk and strong_migrations teach): indexes `CONCURRENTLY`, foreign keys and
 * checks `NOT VALID` then `VALIDATE`, `SET NOT NULL` through a validated check, type changes with
 * `USING` casts, a `lock_timeout` header. Pure.
 */
import type { FixHazard, FixPlan, FixPlanInput } from '../../fix/fix-plan';
import { PlanBuilder } from '../../fix/plan-builder';
import type { ExpectedColumn, ExpectedTable } from '../../model/expected';
import type { Finding, FindingOf } from '../../model/finding';
import type { ColumnModel, TableModel } from '../../model/schema';
import { columnDefinition, createIndex, foreignKeyClause, foreignKeyName, identifier, indexInSchema, literal, q, quoteKey } from './fix-sql';
import { planPostgresEnum } from './plan-enum-fix';

/** Statements every PostgreSQL plan starts with: wait for a lock at most this long, then fail rather than queue every query behind it. */
const HEADER = ["SET lock_timeout = '5s'"];

/** Plans the fixes of PostgreSQL findings. */
export function planPostgresFixes(input: FixPlanInput): FixPlan {
  const plan = new PlanBuilder(input);
  const ctx = new PostgresPlanContext(plan);
  // A key's type conflict is fixed by its column's type change, planned first.
  const isKeyType = (finding: Finding) => finding.code === 'foreign_key_type_mismatch';
  for (const finding of input.findings.filter((f) => !isKeyType(f))) ctx.planFinding(finding);
  for (const finding of input.findings.filter(isKeyType)) ctx.planFinding(finding);
  return plan.build(plan.input.findings.length ? HEADER : []);
}

/** What the planner of each kind of finding shares: the plan being built, quoting, and statements used by several kinds. */
class PostgresPlanContext {
  constructor(readonly plan: PlanBuilder) {}

  /** A table key quoted, with the schema the model knows it by. */
  table(key: string): string {
    return quoteKey(key, (k) => this.plan.expectedTable(k) ?? this.plan.actualTable(k));
  }

  planFinding(finding: Finding): void {
    switch (finding.code) {
      case 'missing_table':
        return this.missingTable(finding);
      case 'missing_column':
        return this.missingColumn(finding);
      case 'type_mismatch':
        return this.typeMismatch(finding);
      case 'enum_mismatch':
        return planPostgresEnum(this, finding);
      case 'nullability_mismatch':
        return this.nullability(finding);
      case 'default_mismatch':
        return this.defaultMismatch(finding);
      case 'generated_mismatch':
        return this.generated(finding);
      case 'unexpected_column':
        return this.unexpectedColumn(finding);
      case 'primary_key_mismatch':
        return this.primaryKey(finding);
      case 'missing_foreign_key':
      case 'foreign_key_mismatch':
        return this.foreignKey(finding);
      case 'foreign_key_type_mismatch':
        return this.foreignKeyType(finding);
      case 'missing_index':
      case 'missing_unique':
        return this.missingIndex(finding);
      case 'missing_check':
        return this.missingCheck(finding);
      case 'invalid_index':
        return this.invalidIndex(finding);
      case 'missing_view':
        return this.plan.skip(finding, "a view's query lives in the entity's @ViewEntity: let TypeORM create it (synchronize or a generated migration)");
      case 'unexpected_table':
        return this.plan.skip(finding, 'a table no entity maps may hold data another application needs: drop it by hand if it is unused');
      case 'insufficient_privilege':
        return this.plan.skip(finding, `grant the application role access as the table's owner: GRANT SELECT, INSERT, UPDATE, DELETE ON ${this.table(finding.table)} TO <application role>`);
    }
  }

  private missingTable(finding: FindingOf<'missing_table'>): void {
    const table = this.plan.expectedTable(finding.table);
    if (!table || !this.plan.claim(`table ${finding.table}`)) return;
    const name = this.table(finding.table);
    const parts = table.columns.map((column) => `  ${columnDefinition(column)}`);
    if (table.primaryKey.length) parts.push(`  PRIMARY KEY (${table.primaryKey.map(q).join(', ')})`);
    for (const check of table.checks) parts.push(`  ${check.name ? `CONSTRAINT ${q(check.name)} ` : ''}CHECK (${check.expression})`);
    // A new table is empty: plain CREATE INDEX is instant there and can run in the same transaction.
    const indexes = table.indexes.map((index) => createIndex(name, table.name, index, false).sql);
    this.plan.add({
      findings: [finding],
      table: finding.table,
      sql: [`CREATE TABLE ${name} (\n${parts.join(',\n')}\n)`, ...indexes],
      reverse: [`DROP TABLE ${name}`],
      notes: table.columns.some((c) => c.enumName) ? ['enum types the table uses must exist (they outlive dropped tables; TypeORM creates them)'] : [],
    });
    // Keys after every table exists: they may point at another table this plan creates.
    for (const fk of table.foreignKeys) this.addForeignKey([finding], table, fk, { isNew: true });
  }

  private missingColumn(finding: FindingOf<'missing_column'>): void {
    const table = this.plan.expectedTable(finding.table);
    const column = this.plan.expectedColumn(finding.table, finding.column);
    const actual = this.plan.actualTable(finding.table);
    if (!table || !column || !actual || table.kind !== 'table') {
      return this.plan.skip(finding, 'a column of a view comes from its query: recreate the view from its @ViewEntity');
    }
    const name = this.table(finding.table);
    const needsBackfill = !column.isNullable && !column.isPrimary && column.default === undefined && column.generation === undefined;
    const sql = [`ALTER TABLE ${name} ADD COLUMN ${columnDefinition(column, needsBackfill ? { isNullable: true } : {})}`];
    const notes: string[] = [];
    const hazards: FixHazardList = [];
    if (needsBackfill) {
      // NOT NULL without a default fails on a table with rows: add it nullable, fill it, then require it.
      sql.push(...this.setNotNull(name, actual.name, column.name));
      notes.push(
        `backfill: ${actual.name}.${column.name} is NOT NULL without a default; on a table with rows, fill it before the SET NOT NULL: UPDATE ${name} SET ${q(column.name)} = <value> WHERE ${q(column.name)} IS NULL`,
      );
      hazards.push('needs_backfill', 'validation_scan');
    }
    if (column.generation === 'increment' || column.generation === 'computed') hazards.push('table_rewrite', 'blocks_reads', 'blocks_writes');
    // Dropping a key column dropped the primary key with it (the diff reports that as this finding's consequence).
    const pkMissing = table.primaryKey.includes(column.name) && actual.primaryKey.length === 0;
    if (pkMissing && this.plan.claim(`pk ${finding.table}`)) {
      sql.push(`ALTER TABLE ${name} ADD PRIMARY KEY (${table.primaryKey.map(q).join(', ')})`);
      hazards.push('validation_scan', 'blocks_writes');
    }
    this.plan.add({ findings: [finding], table: finding.table, sql, reverse: [`ALTER TABLE ${name} DROP COLUMN ${q(column.name)}`], notes, hazards });
    // What was over the column went with it: its indexes, uniques and foreign keys come back with it.
    const present = new Set(actual.columns.map((c) => c.name).concat(column.name));
    for (const index of table.indexes) {
      if (index.columns.includes(column.name) && index.columns.every((c) => present.has(c) || this.isMissingColumn(finding.table, c))) {
        this.addIndex([finding], table, actual, index);
      }
    }
    for (const fk of table.foreignKeys) if (fk.columns.includes(column.name)) this.addForeignKey([finding], table, fk, { isNew: false });
  }

  private isMissingColumn(table: string, column: string): boolean {
    return this.plan.input.findings.some((f) => f.code === 'missing_column' && f.table === table && f.column === column);
  }

  private typeMismatch(finding: FindingOf<'type_mismatch'>): void {
    const expected = this.plan.expectedColumn(finding.table, finding.column);
    const actual = this.plan.actualColumn(finding.table, finding.column);
    const table = this.plan.actualTable(finding.table);
    if (!expected || !actual || !table) return;
    const name = this.table(finding.table);
    const sql = this.changeType(name, actual, expected.displayType, expected.default);
    const reverse = this.changeType(name, { ...actual, default: expected.default }, actual.displayType, actual.default);
    const hazards: FixHazardList = ['table_rewrite', 'blocks_reads', 'blocks_writes'];
    if (finding.severity === 'error' || finding.differences.includes('type') || finding.differences.includes('array')) hazards.push('may_fail_on_data');
    if (isNarrower(expected, actual)) hazards.push('data_loss', 'may_fail_on_data');
    const notes = [`values are converted with ${q(actual.name)}::${expected.displayType}; rows whose value does not convert make the statement fail`];
    if (actual.default !== undefined && expected.default === undefined) notes.push(`the default ${actual.default} is dropped: the entity declares none`);
    this.plan.add({ findings: [finding], table: finding.table, sql, reverse, notes, hazards });
  }

  /** A type change with a `USING` cast; a default is dropped first and set again after (it would not cast). */
  changeType(table: string, column: ColumnModel, type: string, newDefault: string | undefined): string[] {
    const c = q(column.name);
    const sql: string[] = [];
    if (column.default !== undefined && column.generation === undefined) sql.push(`ALTER TABLE ${table} ALTER COLUMN ${c} DROP DEFAULT`);
    // Through text when leaving an enum: enum-to-other casts mostly do not exist.
    const via = column.enumName ? (column.isArray ? '::text[]' : '::text') : '';
    sql.push(`ALTER TABLE ${table} ALTER COLUMN ${c} TYPE ${type} USING ${c}${via}::${type}`);
    if (newDefault !== undefined && column.generation === undefined) sql.push(`ALTER TABLE ${table} ALTER COLUMN ${c} SET DEFAULT ${newDefault}`);
    return sql;
  }

  /** SET NOT NULL without holding the table's lock for a scan: a NOT VALID check, validated under a weaker lock, lets SET NOT NULL skip its scan (PostgreSQL 12+). */
  setNotNull(table: string, tableName: string, column: string): string[] {
    const check = q(identifier(`${tableName}_${column}_not_null`));
    return [
      `ALTER TABLE ${table} ADD CONSTRAINT ${check} CHECK (${q(column)} IS NOT NULL) NOT VALID`,
      `ALTER TABLE ${table} VALIDATE CONSTRAINT ${check}`,
      `ALTER TABLE ${table} ALTER COLUMN ${q(column)} SET NOT NULL`,
      `ALTER TABLE ${table} DROP CONSTRAINT ${check}`,
    ];
  }

  private nullability(finding: FindingOf<'nullability_mismatch'>): void {
    const name = this.table(finding.table);
    const table = this.plan.actualTable(finding.table);
    if (!table) return;
    const c = q(finding.column);
    if (finding.direction === 'database_requires_value') {
      // A column of the primary key cannot drop NOT NULL until the key is replaced.
      const phase = table.primaryKey.includes(finding.column) ? 'keys' : undefined;
      this.plan.add(
        { findings: [finding], table: finding.table, sql: [`ALTER TABLE ${name} ALTER COLUMN ${c} DROP NOT NULL`], reverse: [`ALTER TABLE ${name} ALTER COLUMN ${c} SET NOT NULL`] },
        phase,
      );
      return;
    }
    this.plan.add({
      findings: [finding],
      table: finding.table,
      sql: this.setNotNull(name, table.name, finding.column),
      reverse: [`ALTER TABLE ${name} ALTER COLUMN ${c} DROP NOT NULL`],
      notes: [`rows holding NULL in ${finding.column} make the VALIDATE fail: update them first`],
      hazards: ['validation_scan', 'may_fail_on_data'],
    });
  }

  private defaultMismatch(finding: FindingOf<'default_mismatch'>): void {
    const name = this.table(finding.table);
    const c = q(finding.column);
    const set = (value: string | undefined) => `ALTER TABLE ${name} ALTER COLUMN ${c} ${value === undefined ? 'DROP DEFAULT' : `SET DEFAULT ${value}`}`;
    this.plan.add({ findings: [finding], table: finding.table, sql: [set(finding.expectedDefault)], reverse: [set(finding.actualDefault)] });
  }

  private generated(finding: FindingOf<'generated_mismatch'>): void {
    const name = this.table(finding.table);
    const table = this.plan.actualTable(finding.table);
    const expected = this.plan.expectedColumn(finding.table, finding.column);
    const actual = this.plan.actualColumn(finding.table, finding.column);
    if (!table || !expected || !actual) return;
    const c = q(finding.column);
    const alter = `ALTER TABLE ${name} ALTER COLUMN ${c}`;
    if (finding.actualGeneration === 'computed') {
      const sql = [`${alter} DROP EXPRESSION`];
      if (expected.default !== undefined) sql.push(`${alter} SET DEFAULT ${expected.default}`);
      const reverse = [`ALTER TABLE ${name} DROP COLUMN ${c}`, `ALTER TABLE ${name} ADD COLUMN ${columnDefinition(actual)}`];
      this.plan.add({ findings: [finding], table: finding.table, sql, reverse, hazards: ['blocks_reads', 'blocks_writes'] });
      return;
    }
    if (finding.expectedGeneration === 'computed') {
      // A plain column cannot become computed in place: it is dropped and added again, computed.
      this.plan.add({
        findings: [finding],
        table: finding.table,
        sql: [`ALTER TABLE ${name} DROP COLUMN ${c}`, `ALTER TABLE ${name} ADD COLUMN ${columnDefinition(expected)}`],
        reverse: [`ALTER TABLE ${name} DROP COLUMN ${c}`, `ALTER TABLE ${name} ADD COLUMN ${columnDefinition(actual)}`],
        notes: ['the column is dropped and added again as computed: its stored values are replaced by the expression'],
        hazards: ['data_loss', 'table_rewrite', 'blocks_reads', 'blocks_writes'],
      });
      const expectedTable = this.plan.expectedTable(finding.table);
      for (const index of expectedTable?.indexes ?? []) if (index.columns.includes(finding.column)) this.addIndex([finding], expectedTable!, table, index);
      return;
    }
    if (finding.expectedGeneration === 'increment') {
      // The identity's sequence starts after the highest value already there.
      this.plan.add({
        findings: [finding],
        table: finding.table,
        sql: [
          `${alter} ADD GENERATED BY DEFAULT AS IDENTITY`,
          `SELECT setval(pg_get_serial_sequence(${literal(name)}, ${literal(finding.column)}), COALESCE(MAX(${c}), 0) + 1, false) FROM ${name}`,
        ],
        reverse: [`${alter} DROP IDENTITY`],
      });
      return;
    }
    if (finding.expectedGeneration === 'uuid') {
      this.plan.add({ findings: [finding], table: finding.table, sql: [`${alter} SET DEFAULT gen_random_uuid()`], reverse: [`${alter} DROP DEFAULT`] });
      return;
    }
    this.plan.skip(finding, 'the database generates a value the entity writes itself: drop the generation by hand if nothing else relies on it');
  }

  private unexpectedColumn(finding: FindingOf<'unexpected_column'>): void {
    if (finding.severity === 'error' || (!finding.isNullable && !finding.hasDefault && !finding.isGenerated)) {
      const name = this.table(finding.table);
      const c = q(finding.column);
      this.plan.add({
        findings: [finding],
        table: finding.table,
        sql: [`ALTER TABLE ${name} ALTER COLUMN ${c} DROP NOT NULL`],
        reverse: [`ALTER TABLE ${name} ALTER COLUMN ${c} SET NOT NULL`],
        notes: ['inserts from TypeORM never name the column: it must accept NULL (or have a DEFAULT, or be mapped)'],
      });
    }
    this.plan.skip(finding, 'a column no entity maps may hold data: map it, or drop it by hand once unused');
  }

  private primaryKey(finding: FindingOf<'primary_key_mismatch'>): void {
    const table = this.plan.actualTable(finding.table);
    if (!table || !this.plan.claim(`pk ${finding.table}`)) return;
    const name = this.table(finding.table);
    const add = (columns: readonly string[]) => `ADD PRIMARY KEY (${columns.map(q).join(', ')})`;
    const drop = (constraint: string) => `DROP CONSTRAINT ${q(constraint)}`;
    const sql = table.primaryKey.length && table.primaryKeyName ? `ALTER TABLE ${name} ${drop(table.primaryKeyName)}, ${add(finding.expectedColumns)}` : `ALTER TABLE ${name} ${add(finding.expectedColumns)}`;
    // PostgreSQL names an unnamed primary key <table>_pkey.
    const ownName = identifier(`${table.name}_pkey`);
    const reverse = [`ALTER TABLE ${name} ${drop(ownName)}${finding.actualColumns.length ? `, ${add(finding.actualColumns)}` : ''}`];
    this.plan.add({
      findings: [finding],
      table: finding.table,
      sql: [sql],
      reverse,
      notes: ['rows that repeat the new key or hold NULL in it make the statement fail'],
      hazards: ['blocks_reads', 'blocks_writes', 'validation_scan', 'may_fail_on_data'],
    });
  }

  private foreignKey(finding: FindingOf<'missing_foreign_key' | 'foreign_key_mismatch'>): void {
    const table = this.plan.expectedTable(finding.table);
    const fk = table?.foreignKeys.find((k) => sameList(k.columns, finding.columns) && k.referencedTable === finding.target.table);
    if (!table || !fk) return;
    const actual = this.plan.actualTable(finding.table);
    const old = finding.code === 'foreign_key_mismatch' ? actual?.foreignKeys.find((k) => k.name === finding.constraintName) : undefined;
    this.addForeignKey([finding], table, fk, { isNew: false, replaces: old });
  }

  /** ADD CONSTRAINT ... NOT VALID, then VALIDATE under a lock that lets writes through; on a new table, plainly. */
  addForeignKey(findings: Finding[], table: ExpectedTable, fk: ExpectedTable['foreignKeys'][number], options: { isNew: boolean; replaces?: TableModel['foreignKeys'][number] }): void {
    if (!this.plan.claim(`fk ${findings[0].table} ${fk.columns.join(',')} ${fk.referencedTable}`)) return;
    const name = this.table(findings[0].table);
    const constraint = q(foreignKeyName(fk, table.name));
    const referenced = this.table(fk.referencedTable);
    const sql: string[] = [];
    const reverse = [`ALTER TABLE ${name} DROP CONSTRAINT ${constraint}`];
    if (options.replaces?.name) {
      sql.push(`ALTER TABLE ${name} DROP CONSTRAINT ${q(options.replaces.name)}`);
      reverse.push(`ALTER TABLE ${name} ADD CONSTRAINT ${q(options.replaces.name)} ${foreignKeyClause(options.replaces, this.table(options.replaces.referencedTable))}`);
    }
    if (options.isNew) {
      sql.push(`ALTER TABLE ${name} ADD CONSTRAINT ${constraint} ${foreignKeyClause(fk, referenced)}`);
      this.plan.add({ findings, table: findings[0].table, sql, reverse }, 'keys');
      return;
    }
    sql.push(`ALTER TABLE ${name} ADD CONSTRAINT ${constraint} ${foreignKeyClause(fk, referenced)} NOT VALID`, `ALTER TABLE ${name} VALIDATE CONSTRAINT ${constraint}`);
    this.plan.add(
      {
        findings,
        table: findings[0].table,
        sql,
        reverse,
        notes: ['rows whose key matches no referenced row make the VALIDATE fail: fix or delete them first'],
        hazards: ['validation_scan', 'may_fail_on_data'],
      },
      'keys',
    );
  }

  private foreignKeyType(finding: FindingOf<'foreign_key_type_mismatch'>): void {
    const step = this.plan.stepFor((s) => s.findings.some((f) => f.code === 'type_mismatch' && f.table === finding.table && f.column === finding.column));
    if (step) {
      step.findings.push(finding);
      return;
    }
    this.plan.skip(finding, `the entity declares ${finding.table}.${finding.column} with another type than ${finding.referencedTable}.${finding.referencedColumn}: make both one type in the entities first`);
  }

  private missingIndex(finding: FindingOf<'missing_index' | 'missing_unique'>): void {
    const table = this.plan.expectedTable(finding.table);
    const actual = this.plan.actualTable(finding.table);
    const index = table?.indexes.find((i) => sameList(i.columns, finding.columns) && i.isUnique === (finding.code === 'missing_unique') && (i.where ?? '') === (finding.where ?? ''));
    if (!table || !actual || !index) return;
    this.addIndex([finding], table, actual, index);
  }

  /** CREATE INDEX CONCURRENTLY: builds without blocking writes, outside a transaction. */
  addIndex(findings: Finding[], table: ExpectedTable, actual: TableModel, index: ExpectedTable['indexes'][number]): void {
    if (!this.plan.claim(`index ${findings[0].table} ${index.isUnique} ${index.columns.join(',')} ${index.where ?? ''}`)) return;
    const { sql, name } = createIndex(this.table(findings[0].table), table.name, index, true);
    const hazards: FixHazardList = ['not_transactional'];
    if (index.isUnique) hazards.push('may_fail_on_data');
    this.plan.add(
      {
        findings,
        table: findings[0].table,
        sql: [sql],
        reverse: [`DROP INDEX CONCURRENTLY ${indexInSchema(actual.schema, name)}`],
        notes: index.isUnique ? ['duplicate rows make it fail and leave an invalid index behind: drop that index, remove the duplicates, run it again'] : [],
        hazards,
        isTransactional: false,
      },
      'indexes and checks',
    );
  }

  private missingCheck(finding: FindingOf<'missing_check'>): void {
    const table = this.plan.actualTable(finding.table);
    if (!table) return;
    const name = this.table(finding.table);
    const constraint = q(identifier(finding.checkName ?? `CHK_${table.name}_${this.plan.input.findings.indexOf(finding)}`));
    this.plan.add({
      findings: [finding],
      table: finding.table,
      sql: [`ALTER TABLE ${name} ADD CONSTRAINT ${constraint} CHECK (${finding.expression}) NOT VALID`, `ALTER TABLE ${name} VALIDATE CONSTRAINT ${constraint}`],
      reverse: [`ALTER TABLE ${name} DROP CONSTRAINT ${constraint}`],
      notes: ['rows that violate it make the VALIDATE fail: fix them first'],
      hazards: ['validation_scan', 'may_fail_on_data'],
    });
  }

  private invalidIndex(finding: FindingOf<'invalid_index'>): void {
    const table = this.plan.actualTable(finding.table);
    this.plan.add({
      findings: [finding],
      table: finding.table,
      sql: [`REINDEX INDEX CONCURRENTLY ${indexInSchema(table?.schema, finding.indexName)}`],
      notes: finding.isUnique ? [`remove the duplicates first: SELECT ${finding.columns.map(q).join(', ') || '…'}, count(*) FROM ${this.table(finding.table)} GROUP BY ${finding.columns.map(q).join(', ') || '…'} HAVING count(*) > 1`] : [],
      hazards: finding.isUnique ? ['not_transactional', 'may_fail_on_data'] : ['not_transactional'],
      isTransactional: false,
    });
  }
}

type FixHazardList = FixHazard[];

export type { PostgresPlanContext };

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value) => b.includes(value));
}

/** True when the declared type holds less than the database's: a shorter length, a lower precision or scale. */
function isNarrower(expected: ExpectedColumn, actual: ColumnModel): boolean {
  const less = (a?: number, b?: number) => b === undefined ? a !== undefined : a !== undefined && a < b;
  return less(expected.length, actual.length) || less(expected.precision, actual.precision) || less(expected.scale, actual.scale);
}
