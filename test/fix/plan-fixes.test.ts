/** The planners on literal schemas (pure): what each finding becomes, in which order, with which hazards. */
import { expect } from 'chai';
import { postgresAdapter } from '../../lib/dialects/postgres';
import { sqliteAdapter } from '../../lib/dialects/sqlite';
import { planFixes, withFixes } from '../../lib/fix/plan-fixes';
import type { ExpectedColumn, ExpectedSchema, ExpectedTable } from '../../lib/model/expected';
import type { Finding } from '../../lib/model/finding';
import type { Dialect, SchemaModel, TableModel } from '../../lib/model/schema';
import { expectedTable } from '../support/literal-models';

function column(name: string, extra: Partial<ExpectedColumn> = {}): ExpectedColumn {
  return { name, type: 'integer', displayType: 'integer', isArray: false, isNullable: true, isJoinColumn: false, hasTransformer: false, isPrimary: false, ...extra };
}

function schemas(dialect: Dialect, expected: ExpectedTable[], actual: TableModel[]): { expected: ExpectedSchema; actual: SchemaModel } {
  const defaultSchema = dialect === 'postgres' ? 'public' : 'main';
  return {
    expected: { dialect, defaultSchema, tables: new Map(expected.map((t) => [t.name, t])) },
    actual: { dialect, defaultSchema, tables: new Map(actual.map((t) => [t.name, t])) },
  };
}

const missingColumn = (table: string, name: string): Finding => ({
  code: 'missing_column',
  severity: 'error',
  table,
  column: name,
  message: `no ${name}`,
  failingEntities: [],
  failingRelations: [],
});

const ID = column('id', { isPrimary: true, isNullable: false });
const NOTES = expectedTable('notes', 'Note', {
  columns: [ID, column('owner_id', { isNullable: false }), column('project_id')],
  primaryKey: ['id'],
  indexes: [{ name: 'IDX_owner', columns: ['owner_id'], isUnique: false }],
  foreignKeys: [{ name: 'FK_project', columns: ['project_id'], referencedTable: 'projects', referencedColumns: ['id'], onDelete: 'cascade', onUpdate: 'no action' }],
});
const NOTES_WITHOUT = (...names: string[]): TableModel => ({ ...NOTES, columns: NOTES.columns.filter((c) => !names.includes(c.name)), indexes: [], foreignKeys: [] });

describe('fix planning (pure)', () => {
  it('fills each finding’s fix from its steps, right after the message, and the plan points at those findings', () => {
    const finding = missingColumn('notes', 'project_id');
    const plan = planFixes({ findings: [finding], ...schemas('postgres', [NOTES], [NOTES_WITHOUT('project_id')]) }, postgresAdapter);
    const { findings, plan: filled } = withFixes([finding], plan);
    expect(Object.keys(findings[0]).slice(0, 6)).to.deep.equal(['code', 'severity', 'table', 'column', 'message', 'fix']);
    expect(findings[0].fix).to.equal(filled.steps.flatMap((s) => s.sql.map((sql) => `${sql};`)).join('\n'));
    expect(filled.steps.every((step) => step.findings[0] === findings[0])).to.equal(true);
  });

  describe('PostgreSQL', () => {
    it('a NOT NULL column without default: added nullable, a backfill note, SET NOT NULL through a validated check; its index CONCURRENTLY, last', () => {
      const finding = missingColumn('notes', 'owner_id');
      const plan = planFixes({ findings: [finding], ...schemas('postgres', [NOTES], [NOTES_WITHOUT('owner_id')]) }, postgresAdapter);
      expect(plan.header).to.deep.equal(["SET lock_timeout = '5s'"]);
      const [add, index] = plan.steps;
      expect(add.sql[0]).to.equal('ALTER TABLE "notes" ADD COLUMN "owner_id" integer');
      expect(add.sql.slice(1).join('\n')).to.match(/CHECK \("owner_id" IS NOT NULL\) NOT VALID\n.*VALIDATE CONSTRAINT.*\n.*SET NOT NULL\n.*DROP CONSTRAINT/);
      expect(add.hazards).to.include('needs_backfill');
      expect(add.notes.join()).to.match(/^backfill:/);
      expect(add.reverse).to.deep.equal(['ALTER TABLE "notes" DROP COLUMN "owner_id"']);
      expect(index).to.deep.include({ sql: ['CREATE INDEX CONCURRENTLY "IDX_owner" ON "notes" ("owner_id")'], isTransactional: false, hazards: ['not_transactional'] });
    });

    it('a re-added join column brings its foreign key back, NOT VALID then VALIDATE', () => {
      const plan = planFixes({ findings: [missingColumn('notes', 'project_id')], ...schemas('postgres', [NOTES], [NOTES_WITHOUT('project_id')]) }, postgresAdapter);
      expect(plan.steps[1].sql).to.deep.equal([
        'ALTER TABLE "notes" ADD CONSTRAINT "FK_project" FOREIGN KEY ("project_id") REFERENCES "projects" ("id") ON DELETE CASCADE ON UPDATE NO ACTION NOT VALID',
        'ALTER TABLE "notes" VALIDATE CONSTRAINT "FK_project"',
      ]);
      expect(plan.steps[1].hazards).to.deep.equal(['validation_scan', 'may_fail_on_data']);
    });

    it('a missing enum value is added in declaration order; extra values rebuild the type and convert every column using it', () => {
      const status = column('status', { type: 'enum', displayType: '"status_kind"', enumValues: ['a', 'b', 'c'], enumName: 'status_kind' });
      const table = expectedTable('task', 'Task', { columns: [status] });
      const enumFinding = (actualValues: string[]): Finding => ({
        code: 'enum_mismatch',
        severity: 'error',
        table: 'task',
        column: 'status',
        message: 'enum',
        missing: ['a', 'b', 'c'].filter((v) => !actualValues.includes(v)),
        extra: actualValues.filter((v) => !['a', 'b', 'c'].includes(v)),
        orderDiffers: false,
        expectedValues: ['a', 'b', 'c'],
        actualValues,
        enumName: 'status_kind',
      });
      const actual = (values: string[]): TableModel => ({ ...table, columns: [{ ...status, enumValues: values, default: "'a'::status_kind" }] });
      const add = planFixes({ findings: [enumFinding(['a', 'c'])], ...schemas('postgres', [table], [actual(['a', 'c'])]) }, postgresAdapter);
      expect(add.steps[0].sql).to.deep.equal([`ALTER TYPE "status_kind" ADD VALUE 'b' BEFORE 'c'`]);
      const rebuild = planFixes({ findings: [enumFinding(['a', 'b', 'c', 'x'])], ...schemas('postgres', [table], [actual(['a', 'b', 'c', 'x'])]) }, postgresAdapter);
      expect(rebuild.steps[0].sql).to.deep.equal([
        'ALTER TYPE "status_kind" RENAME TO "status_kind_old"',
        `CREATE TYPE "status_kind" AS ENUM ('a', 'b', 'c')`,
        'ALTER TABLE "task" ALTER COLUMN "status" DROP DEFAULT',
        'ALTER TABLE "task" ALTER COLUMN "status" TYPE "status_kind" USING "status"::text::"status_kind"',
        `ALTER TABLE "task" ALTER COLUMN "status" SET DEFAULT 'a'::status_kind`,
        'DROP TYPE "status_kind_old"',
      ]);
    });
  });

  describe('SQLite', () => {
    it('a nullable join column: ADD COLUMN ... REFERENCES', () => {
      const plan = planFixes({ findings: [missingColumn('notes', 'project_id')], ...schemas('sqlite', [NOTES], [NOTES_WITHOUT('project_id')]) }, sqliteAdapter);
      expect(plan.steps.map((step) => step.sql)).to.deep.equal([
        ['ALTER TABLE "notes" ADD COLUMN "project_id" integer REFERENCES "projects" ("id") ON DELETE CASCADE ON UPDATE NO ACTION'],
      ]);
    });

    it('a NOT NULL column without default: the table rebuild, which then fixes every finding of the table', () => {
      const findings = [missingColumn('notes', 'project_id'), missingColumn('notes', 'owner_id')];
      const plan = planFixes({ findings, ...schemas('sqlite', [NOTES], [NOTES_WITHOUT('project_id', 'owner_id')]) }, sqliteAdapter);
      expect(plan.steps.filter((step) => !step.hazards.includes('table_rebuild'))).to.deep.equal([]);
      const rebuild = plan.steps.find((step) => step.hazards.includes('table_rebuild'));
      expect(rebuild, 'the table rebuild step').to.exist;
      expect(rebuild!.findings).to.have.members(findings);
    });
  });
});
