/**
 * Incident 004 end to end in degrade mode: `task_subtasks`, `task_labels`, `task_assignees` (and
 * `task_dependencies`) lack `user_id`. Without degrade the reload fails and the task is lost;
 * with it the task is saved and comes back with its relations, and nothing is rolled back.
 */
import { expect } from 'chai';
import { getSchemaDegradation, restoreSchemaDegradation, validateSchemaOnStartup } from '../../lib';
import { TASK_ENTITIES, Task, TaskLabel, TaskSubtask } from '../../examples/incident-004/entities';
import { productionSchema, repairSchema } from '../../examples/incident-004/production-schema';
import { DIALECTS, type TestDatabase, createDatabase } from '../support/databases';
import { recordingLogger } from '../support/silent-logger';

const RELATIONS = { subtasks: true, labels: true, assignees: true } as const;

for (const dialect of DIALECTS) {
  describe(`degrade mode: incident 004 on ${dialect}`, () => {
    let db: TestDatabase;
    beforeEach(async () => {
      db = await createDatabase(dialect);
      for (const statement of productionSchema(dialect)) await db.exec(statement);
    });
    afterEach(() => db.dispose());

    const countTasks = async () => Number((await db.rows<{ n: number }>('SELECT COUNT(*) AS n FROM "tasks"'))[0].n);

    it('without degrade: the reload inside the transaction fails and the task is lost', async () => {
      const ds = await db.connect(TASK_ENTITIES);
      let failure: unknown;
      await ds
        .transaction(async (manager) => {
          const saved = await manager.save(manager.create(Task, { title: 'write report', userId: 'u1' }));
          return manager.findOne(Task, { where: { id: saved.id }, relations: RELATIONS });
        })
        .catch((error) => (failure = error));
      expect(String(failure)).to.match(/user_id/);
      expect(await countTasks()).to.equal(0);
    });

    it('with degrade: the task is saved and reloaded with its relations, in one transaction, nothing rolled back', async () => {
      const ds = await db.connect(TASK_ENTITIES);
      const logger = recordingLogger();
      const report = await validateSchemaOnStartup(ds, { mode: 'degrade', logger });
      expect(report.ok).to.equal(false);
      expect(report.degraded!.map((entry) => `${entry.kind} ${entry.property} ${entry.finding.code}`).sort()).to.deep.equal([
        'column TaskAssignee.userId missing_column',
        'column TaskDependency.userId missing_column',
        'column TaskLabel.userId missing_column',
        'column TaskSubtask.userId missing_column',
      ]);
      const subtaskEntry = report.degraded!.find((entry) => entry.entity === 'TaskSubtask')!;
      expect(subtaskEntry).to.include({ column: 'user_id' });
      expect(subtaskEntry.finding).to.include({ table: 'task_subtasks', column: 'user_id' });

      const loaded = await ds.transaction(async (manager) => {
        const task = await manager.save(manager.create(Task, { title: 'write report', userId: 'u1' }));
        await manager.save(TaskSubtask, [
          manager.create(TaskSubtask, { title: 'draft', task }),
          manager.create(TaskSubtask, { title: 'review', task }),
        ]);
        await manager.save(manager.create(TaskLabel, { labelName: 'urgent', task }));
        return manager.findOne(Task, { where: { id: task.id }, relations: RELATIONS });
      });
      expect(loaded).to.include({ title: 'write report', userId: 'u1' });
      expect(loaded!.subtasks.map((subtask) => subtask.title).sort()).to.deep.equal(['draft', 'review']);
      expect(loaded!.subtasks[0].userId).to.equal(undefined);
      expect(loaded!.labels.map((label) => label.labelName)).to.deep.equal(['urgent']);
      expect(loaded!.assignees).to.deep.equal([]);
      expect(await countTasks()).to.equal(1);

      // Repositories, findBy / findAndCount / findOneOrFail, and many calls: the warning stays at one per column.
      const tasks = ds.getRepository(Task);
      for (let i = 0; i < 5; i++) {
        expect((await tasks.findOneOrFail({ where: { id: loaded!.id }, relations: RELATIONS })).subtasks).to.have.length(2);
        expect((await tasks.findAndCount({ relations: RELATIONS }))[1]).to.equal(1);
        expect(await tasks.findBy({ id: loaded!.id })).to.have.length(1);
        expect(await ds.getRepository(TaskSubtask).find({ relations: { task: true } })).to.have.length(2);
      }
      const warnings = logger.logs.filter((log) => log.level === 'warn' && /schema degrade/.test(log.message ?? ''));
      expect(warnings.map((log) => log.message!.split(' ')[2]).sort()).to.deep.equal([
        'TaskAssignee.userId',
        'TaskDependency.userId',
        'TaskLabel.userId',
        'TaskSubtask.userId',
      ]);
      expect(getSchemaDegradation(ds)).to.include({ isDegraded: true });
      expect(getSchemaDegradation(ds).droppedWrites).to.deep.equal({});
    });

    it('restores full loading once the migration added the columns', async () => {
      const ds = await db.connect(TASK_ENTITIES);
      await validateSchemaOnStartup(ds, { mode: 'degrade', logger: recordingLogger() });
      for (const statement of repairSchema(dialect)) await db.exec(statement);
      const report = await validateSchemaOnStartup(ds, { mode: 'degrade', logger: recordingLogger() });
      expect(report.ok).to.equal(true);
      expect(report.degraded).to.deep.equal([]);
      expect(getSchemaDegradation(ds)).to.deep.equal({ isDegraded: false, degraded: [], skips: {}, droppedWrites: {} });
      expect(restoreSchemaDegradation(ds)).to.equal(false);
      const tasks = ds.getRepository(Task);
      const saved = await tasks.save(tasks.create({ title: 'write report', userId: 'u1' }));
      await ds.getRepository(TaskSubtask).save({ title: 'draft', userId: 'u1', task: saved });
      const loaded = await tasks.findOneOrFail({ where: { id: saved.id }, relations: RELATIONS });
      expect(loaded.subtasks.map((subtask) => subtask.userId)).to.deep.equal(['u1']);
    });

    it('an explicit restore brings back the failing behaviour of the unrepaired database', async () => {
      const ds = await db.connect(TASK_ENTITIES);
      await validateSchemaOnStartup(ds, { mode: 'degrade', logger: recordingLogger() });
      expect(restoreSchemaDegradation(ds)).to.equal(true);
      expect(getSchemaDegradation(ds).isDegraded).to.equal(false);
      const tasks = ds.getRepository(Task);
      const saved = await tasks.save(tasks.create({ title: 'write report', userId: 'u1' }));
      let failure: unknown;
      await tasks.findOne({ where: { id: saved.id }, relations: { subtasks: true } }).catch((error) => (failure = error));
      expect(String(failure)).to.match(/user_id/);
    });
  });
}
