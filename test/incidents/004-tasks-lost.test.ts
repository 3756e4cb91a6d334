/**
 * Incident 004: tasks "lost". The insert committed, the joined reload failed on
 * `task_subtasks_1.user_id`, the transaction rolled back. The guard must catch every missing
 * `user_id` at startup, on both databases, and pass once the follow-up migration ran.
 */
import { expect } from 'chai';
import { SchemaDriftError, validateSchemaOnStartup } from '../../lib';
import { TASK_ENTITIES, Task } from '../../examples/incident-004/entities';
import { productionSchema, repairSchema } from '../../examples/incident-004/production-schema';
import { DIALECTS, type TestDatabase, createDatabase } from '../support/databases';
import { findingTuples } from '../support/finding-tuples';

const MISSING_USER_ID = [
  'error missing_column task_assignees.user_id',
  'error missing_column task_dependencies.user_id',
  'error missing_column task_labels.user_id',
  'error missing_column task_subtasks.user_id',
];

for (const dialect of DIALECTS) {
  describe(`incident 004 (tasks lost) on ${dialect}`, () => {
    let db: TestDatabase;
    beforeEach(async () => {
      db = await createDatabase(dialect);
      for (const statement of productionSchema(dialect)) await db.exec(statement);
    });
    afterEach(() => db.dispose());

    it('reproduces the outage: the reload with relations fails on the missing user_id', async () => {
      const ds = await db.connect(TASK_ENTITIES);
      const tasks = ds.getRepository(Task);
      const saved = await tasks.save(tasks.create({ title: 'write report', userId: 'u1' }));
      let failure: unknown;
      await tasks.findOne({ where: { id: saved.id }, relations: { subtasks: true } }).catch((error) => (failure = error));
      expect(String(failure)).to.match(/user_id/);
    });

    it('catches all four missing user_id columns at startup, and nothing else', async () => {
      const ds = await db.connect(TASK_ENTITIES);
      let thrown: unknown;
      await validateSchemaOnStartup(ds).catch((error) => (thrown = error));
      expect(thrown).to.be.instanceOf(SchemaDriftError);
      const report = (thrown as SchemaDriftError).report;
      expect(report.ok).to.equal(false);
      expect(findingTuples(report.findings)).to.deep.equal(MISSING_USER_ID);
      const subtasks = report.findings.find((f) => f.table === 'task_subtasks')!;
      expect(subtasks).to.include({ entity: 'TaskSubtask', column: 'user_id', code: 'missing_column' });
      // SQLite adds a NOT NULL column without a default only by rebuilding the table: its fix is the rebuild.
      if (dialect === 'postgres') expect(subtasks.fix).to.match(/ALTER TABLE "task_subtasks" ADD COLUMN "user_id"/);
      expect((thrown as Error).message).to.contain('task_subtasks.user_id').and.to.contain('task_labels.user_id');
    });

    it('passes once the follow-up migration added the columns', async () => {
      for (const statement of repairSchema(dialect)) await db.exec(statement);
      const ds = await db.connect(TASK_ENTITIES);
      const report = await validateSchemaOnStartup(ds);
      expect(report.ok).to.equal(true);
      expect(findingTuples(report.findings, 'warning')).to.deep.equal([]);
      const tasks = ds.getRepository(Task);
      const saved = await tasks.save(tasks.create({ title: 'write report', userId: 'u1' }));
      const loaded = await tasks.findOne({ where: { id: saved.id }, relations: { subtasks: true, labels: true } });
      expect(loaded?.subtasks).to.deep.equal([]);
    });
  });
}
