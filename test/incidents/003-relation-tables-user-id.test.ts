/**
 * Incident 003: the user-isolation migration missed `user_id` on `task_subtasks`,
 * `task_assignees` and `task_labels`. The fix guide's migration (add, backfill, NOT NULL,
 * foreign key, index) must leave a clean report.
 */
import { expect } from 'chai';
import { validateSchemaOnStartup } from '../../lib';
import { TASK_ENTITIES } from '../../examples/incident-004/entities';
import { productionSchema } from '../../examples/incident-004/production-schema';
import { DIALECTS, type TestDatabase, createDatabase } from '../support/databases';
import { findingTuples } from '../support/finding-tuples';
import { recordingLogger } from '../support/silent-logger';

for (const dialect of DIALECTS) {
  describe(`incident 003 (user_id missing on relation tables) on ${dialect}`, () => {
    let db: TestDatabase;
    beforeEach(async () => {
      db = await createDatabase(dialect);
      for (const statement of productionSchema(dialect)) await db.exec(statement);
      // task_dependencies had been migrated already in this incident.
      const type = dialect === 'postgres' ? 'character varying' : 'varchar';
      await db.exec(`ALTER TABLE "task_dependencies" ADD COLUMN "user_id" ${type} NOT NULL DEFAULT 'system'`);
    });
    afterEach(() => db.dispose());

    it('reports the three relation tables, every one at once', async () => {
      const ds = await db.connect(TASK_ENTITIES);
      const logger = recordingLogger();
      const report = await validateSchemaOnStartup(ds, { mode: 'warn', logger });
      expect(findingTuples(report.findings, 'warning')).to.deep.equal([
        'error missing_column task_assignees.user_id',
        'error missing_column task_labels.user_id',
        'error missing_column task_subtasks.user_id',
      ]);
      // warn mode logs each finding, errors at error level, and resolves.
      expect(logger.logs.filter((log) => log.level === 'error')).to.have.length(3);
    });

    it('is clean after the fix guide migration (add, backfill, NOT NULL, index)', async () => {
      for (const table of ['task_subtasks', 'task_assignees', 'task_labels']) {
        if (dialect === 'postgres') {
          await db.exec(`ALTER TABLE "${table}" ADD COLUMN "user_id" character varying`);
          await db.exec(`UPDATE "${table}" t SET "user_id" = tasks."user_id" FROM tasks WHERE tasks.id = t.task_id`);
          await db.exec(`ALTER TABLE "${table}" ALTER COLUMN "user_id" SET NOT NULL`);
        } else {
          await db.exec(`ALTER TABLE "${table}" ADD COLUMN "user_id" varchar NOT NULL DEFAULT 'migration_user'`);
        }
        await db.exec(`CREATE INDEX "idx_${table}_user_id" ON "${table}" ("user_id")`);
      }
      const ds = await db.connect(TASK_ENTITIES);
      const report = await validateSchemaOnStartup(ds);
      expect(report.ok).to.equal(true);
      expect(findingTuples(report.findings, 'warning')).to.deep.equal([]);
    });
  });
}
