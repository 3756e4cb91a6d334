/**
 * The SQLite planner: what `ALTER TABLE` can do (ADD COLUMN within SQLite's limits, indexes) as
 * statements; everything else (a type, NOT NULL, a default, keys, checks) as the documented table
 * rebuild, one per table whatever the number of findings it fixes. Pure.
 */
import type { FixPlan, FixPlanInput } from '../../fix/fix-plan';
import { PlanBuilder } from '../../fix/plan-builder';
import type { ExpectedColumn, ExpectedForeignKey, ExpectedIndex, ExpectedTable } from '../../model/expected';
import type { Finding, FindingOf } from '../../model/finding';
import type { ColumnModel, TableModel } from '../../model/schema';
import { sameSet } from '../../diff/diff-context';
import { qualifiedName, quoteLiteral as literal } from './create-table-sql';
import { quoteSqliteIdentifier as q } from './index';
import { rebuildSqliteTable } from './rebuild-table';

/** Plans the fixes of SQLite findings. */
export function planSqliteFixes(input: FixPlanInput): FixPlan {
  const plan = new PlanBuilder(input, (name) => name.toLowerCase());
  // A rebuilt table gets every column, index and key the entities declare: the other findings of
  // that table are fixed by the rebuild, not by statements of their own that it would repeat.
  const rebuilt = new Set(input.findings.filter((finding) => needsRebuild(plan, finding)).map((finding) => finding.table.toLowerCase()));
  for (const finding of input.findings) {
    const isTableFinding = finding.code !== 'missing_table' && finding.code !== 'missing_view' && finding.code !== 'unexpected_table';
    if (isTableFinding && rebuilt.has(finding.table.toLowerCase()) && !isLeftAlone(finding)) rebuild(plan, finding);
    else planFinding(plan, finding);
  }
  return plan.build([]);
}

/** Codes only a table rebuild fixes on SQLite. */
const REBUILD_CODES = new Set<Finding['code']>([
  'default_mismatch',
  'type_mismatch',
  'enum_mismatch',
  'nullability_mismatch',
  'generated_mismatch',
  'primary_key_mismatch',
  'missing_foreign_key',
  'foreign_key_mismatch',
  'foreign_key_type_mismatch',
  'missing_check',
  'invalid_index',
  'insufficient_privilege',
]);

function needsRebuild(plan: PlanBuilder, finding: Finding): boolean {
  if (REBUILD_CODES.has(finding.code)) return true;
  if (finding.code === 'unexpected_column') return !isLeftAlone(finding);
  if (finding.code !== 'missing_column') return false;
  const table = plan.expectedTable(finding.table);
  const column = plan.expectedColumn(finding.table, finding.column);
  if (!table || !column || table.kind !== 'table') return false;
  return !canAddColumn(table, column, table.foreignKeys.filter((fk) => fk.columns.includes(column.name)));
}

/** A column no entity maps that harms no insert: left alone (dropping it may lose data). */
function isLeftAlone(finding: Finding): boolean {
  return finding.code === 'unexpected_column' && finding.severity !== 'error' && (finding.isNullable || finding.hasDefault || finding.isGenerated);
}

function planFinding(plan: PlanBuilder, finding: Finding): void {
  switch (finding.code) {
    case 'missing_table':
      return missingTable(plan, finding);
    case 'missing_column':
      return missingColumn(plan, finding);
    case 'missing_index':
    case 'missing_unique':
      return missingIndex(plan, finding);
    case 'missing_view':
      return plan.skip(finding, "a view's query lives in the entity's @ViewEntity: let TypeORM create it (synchronize or a generated migration)");
    case 'unexpected_table':
      return plan.skip(finding, 'a table no entity maps may hold data another application needs: drop it by hand if it is unused');
    case 'unexpected_column':
      // Only one left alone gets here: any other marks its table rebuilt, and goes to the rebuild.
      return plan.skip(finding, 'a column no entity maps may hold data: map it, or drop it by hand once unused');
    default:
      return rebuild(plan, finding);
  }
}

/** The table rebuilt to match the entities: one step per table, fixing every finding on it. */
function rebuild(plan: PlanBuilder, finding: Finding): void {
  if (finding.code === 'unexpected_column') {
    // The rebuild keeps the column (nullable), with its data: whether to drop it is a person's call.
    plan.skip(finding, 'a column no entity maps may hold data: the rebuild keeps it, nullable; map it, or drop it by hand once unused');
  }
  const existing = plan.stepFor((step) => step.table.toLowerCase() === finding.table.toLowerCase() && step.hazards.includes('table_rebuild'));
  if (existing) {
    existing.findings.push(finding);
    return;
  }
  const expected = plan.expectedTable(finding.table);
  const actual = plan.actualTable(finding.table);
  if (!expected || !actual) return plan.skip(finding, 'the table is not in both schemas');
  const { sql, reverse, notes } = rebuildSqliteTable(expected, actual, {});
  if (sql.length === 0) return plan.skip(finding, `needs a table rebuild: ${notes.join(' ')}`);
  plan.add(
    {
      findings: [finding],
      table: finding.table,
      sql,
      reverse,
      notes,
      hazards: ['table_rebuild', 'blocks_reads', 'blocks_writes', 'may_fail_on_data'],
      // PRAGMA foreign_keys is a no-op inside a transaction, and the rebuild must turn it off.
      isTransactional: !sql.some((statement) => /^PRAGMA\s+foreign_keys/i.test(statement)),
    },
    'column changes',
  );
}

function missingTable(plan: PlanBuilder, finding: FindingOf<'missing_table'>): void {
  const table = plan.expectedTable(finding.table);
  if (!table || !plan.claim(`table ${finding.table.toLowerCase()}`)) return;
  const name = quoteTable(table);
  const rowid = rowidAlias(table);
  const parts = table.columns.map((column) => `  ${columnDefinition(column, column === rowid)}`);
  if (table.primaryKey.length && !rowid) parts.push(`  PRIMARY KEY (${table.primaryKey.map(q).join(', ')})`);
  for (const column of table.columns) if (column.enumValues) parts.push(`  ${enumCheck(column)}`);
  for (const check of table.checks) parts.push(`  ${check.name ? `CONSTRAINT ${q(check.name)} ` : ''}CHECK (${check.expression})`);
  // SQLite declares foreign keys only in CREATE TABLE.
  for (const fk of table.foreignKeys) parts.push(`  ${foreignKeyClause(fk)}`);
  plan.add({
    findings: [finding],
    table: finding.table,
    sql: [`CREATE TABLE ${name} (\n${parts.join(',\n')}\n)`, ...table.indexes.map((index) => createIndex(table, index))],
    reverse: [`DROP TABLE ${name}`],
  });
}

function missingColumn(plan: PlanBuilder, finding: FindingOf<'missing_column'>): void {
  const table = plan.expectedTable(finding.table);
  const column = plan.expectedColumn(finding.table, finding.column);
  const actual = plan.actualTable(finding.table);
  if (!table || !column || !actual || table.kind !== 'table') {
    return plan.skip(finding, 'a column of a view comes from its query: recreate the view from its @ViewEntity');
  }
  const fks = table.foreignKeys.filter((fk) => fk.columns.includes(column.name));
  if (!canAddColumn(table, column, fks)) return rebuild(plan, finding);
  let definition = columnDefinition(column, false);
  if (column.enumValues) definition += ` ${enumCheck(column)}`;
  // A single-column key can ride on the column: ADD COLUMN ... REFERENCES (its default is NULL, as SQLite requires).
  if (fks[0]) definition += ` REFERENCES ${quoteKey(fks[0].referencedTable)} (${q(fks[0].referencedColumns[0])}) ON DELETE ${fks[0].onDelete.toUpperCase()} ON UPDATE ${fks[0].onUpdate.toUpperCase()}`;
  const name = quoteTable(actual);
  plan.add({
    findings: [finding],
    table: finding.table,
    sql: [`ALTER TABLE ${name} ADD COLUMN ${definition}`],
    reverse: [`ALTER TABLE ${name} DROP COLUMN ${q(column.name)}`],
  });
  const present = new Set(actual.columns.map((c) => c.name.toLowerCase()).concat(column.name.toLowerCase()));
  for (const index of table.indexes) {
    if (!index.columns.includes(column.name) || !index.columns.every((c) => present.has(c.toLowerCase()))) continue;
    addIndex(plan, [finding], table, index);
  }
}

/**
 * What ADD COLUMN allows (https://www.sqlite.org/lang_altertable.html#altertabaddcol): no PRIMARY
 * KEY or UNIQUE, NOT NULL only with a non-NULL default, a constant default, a key only with a NULL
 * default and over this one column, no STORED generated column.
 */
function canAddColumn(table: ExpectedTable, column: ExpectedColumn, fks: ExpectedForeignKey[]): boolean {
  if (table.primaryKey.includes(column.name) || column.generation === 'increment') return false;
  if (table.indexes.some((index) => index.isUnique && index.isConstraint && index.columns.includes(column.name))) return false;
  if (!column.isNullable && column.default === undefined) return false;
  if (column.default !== undefined && !isConstant(column.default)) return false;
  if (column.generation === 'computed') return false;
  if (fks.length > 1 || fks.some((fk) => fk.columns.length > 1) || (fks.length && column.default !== undefined)) return false;
  return true;
}

function missingIndex(plan: PlanBuilder, finding: FindingOf<'missing_index' | 'missing_unique'>): void {
  const table = plan.expectedTable(finding.table);
  const index = table?.indexes.find(
    (i) => sameSet(i.columns, finding.columns) && i.isUnique === (finding.code === 'missing_unique') && (i.where ?? '') === (finding.where ?? ''),
  );
  if (!table || !index) return;
  addIndex(plan, [finding], table, index);
}

function addIndex(plan: PlanBuilder, findings: Finding[], table: ExpectedTable, index: ExpectedIndex): void {
  if (!plan.claim(`index ${table.name.toLowerCase()} ${index.isUnique} ${index.columns.join(',')} ${index.where ?? ''}`)) return;
  plan.add(
    {
      findings,
      table: findings[0].table,
      sql: [createIndex(table, index)],
      reverse: [`DROP INDEX ${indexName(table, index)}`],
      hazards: index.isUnique ? ['blocks_writes', 'may_fail_on_data'] : ['blocks_writes'],
    },
    'indexes and checks',
  );
}

/** A column's definition; the rowid alias is `INTEGER PRIMARY KEY AUTOINCREMENT`, as TypeORM declares it. */
function columnDefinition(column: ExpectedColumn | ColumnModel, isRowid: boolean): string {
  const parts = [q(column.name), isRowid ? 'integer PRIMARY KEY AUTOINCREMENT' : column.displayType];
  if (column.generation === 'computed') parts.push(`AS (${column.generationExpression}) STORED`);
  else if (column.default !== undefined) parts.push(`DEFAULT ${isConstant(column.default) ? column.default : `(${column.default.replace(/^\((.*)\)$/s, '$1')})`}`);
  if (!column.isNullable || isRowid) parts.push('NOT NULL');
  return parts.join(' ');
}

/** The single integer key column SQLite makes the rowid alias, when the key is generated. */
function rowidAlias(table: ExpectedTable): ExpectedColumn | undefined {
  if (table.primaryKey.length !== 1) return undefined;
  const column = table.columns.find((c) => c.name === table.primaryKey[0]);
  return column?.generation === 'increment' ? column : undefined;
}

/** TypeORM's `enum` and `simple-enum` on SQLite: a CHECK of the values. */
function enumCheck(column: ColumnModel): string {
  return `CHECK (${q(column.name)} IN (${(column.enumValues ?? []).map(literal).join(', ')}))`;
}

function foreignKeyClause(fk: ExpectedForeignKey): string {
  return (
    `${fk.name ? `CONSTRAINT ${q(fk.name)} ` : ''}FOREIGN KEY (${fk.columns.map(q).join(', ')}) REFERENCES ${quoteKey(fk.referencedTable)} (${fk.referencedColumns.map(q).join(', ')})` +
    ` ON DELETE ${fk.onDelete.toUpperCase()} ON UPDATE ${fk.onUpdate.toUpperCase()}`
  );
}

function createIndex(table: ExpectedTable, index: ExpectedIndex): string {
  const keys = index.expression ?? index.columns.map(q).join(', ');
  // An index lives in its table's database: the schema qualifies the index name, not the table's.
  return `CREATE ${index.isUnique ? 'UNIQUE ' : ''}INDEX ${indexName(table, index)} ON ${q(table.name)} (${keys})${index.where ? ` WHERE ${index.where}` : ''}`;
}

function indexName(table: Pick<TableModel, 'schema' | 'name'>, index: ExpectedIndex): string {
  const name = q(index.name ?? `IDX_${table.name}_${index.columns.join('_')}`);
  return table.schema ? `${q(table.schema)}.${name}` : name;
}

function quoteTable(table: Pick<TableModel, 'schema' | 'name'>): string {
  return qualifiedName(table.schema || undefined, table.name);
}

/** A referenced table: SQLite resolves it in the referencing table's own database, so never qualified. */
function quoteKey(key: string): string {
  const dot = key.indexOf('.');
  return q(dot < 0 ? key : key.slice(dot + 1));
}

/** A literal SQLite accepts as ADD COLUMN's default and writes without parentheses. */
function isConstant(value: string): boolean {
  return /^(?:'(?:[^']|'')*'|[-+]?\d+(?:\.\d+)?|NULL|TRUE|FALSE)$/i.test(value.trim());
}
