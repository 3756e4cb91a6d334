/**
 * Degrade mode on incident 004 ("tasks lost"), on an embedded SQLite database.
 *
 * 1. Builds the production database as it was: `user_id` missing on four relation tables.
 * 2. Validates in degrade mode: the four columns are degraded, the service keeps running.
 * 3. Creates a task with subtasks and labels and reloads it with its relations, in one
 *    transaction: nothing fails, nothing is rolled back.
 * 4. Applies the repair migration and validates again: full loading is back.
 *
 * Run: npm run build && node dist/examples/degrade-incident-004.js
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { getSchemaDegradation, validateSchemaOnStartup } from '../lib';
import { TASK_ENTITIES, Task, TaskLabel, TaskSubtask } from './incident-004/entities';
import { productionSchema, repairSchema } from './incident-004/production-schema';
import { sqliteDriver } from './incident-004/sqlite-driver';

/** Prints what degrade mode logs, one line each (a pino logger works the same). */
const logger = {
  info: () => undefined,
  error: () => undefined,
  warn: (_object: object, message?: string) => console.log(`   [warn] ${message}`),
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'schema-guard-degrade-'));
  const dataSource = new DataSource({
    type: sqliteDriver(),
    database: join(dir, 'tasks.sqlite'),
    entities: TASK_ENTITIES,
  } as ConstructorParameters<typeof DataSource>[0]);
  try {
    await dataSource.initialize();
    for (const statement of productionSchema('sqlite')) await dataSource.query(statement);
    console.log('1. The production database of incident 004: `user_id` is missing on the four relation tables.\n');

    console.log("2. validateSchemaOnStartup(dataSource, { mode: 'degrade' }):");
    const report = await validateSchemaOnStartup(dataSource, { mode: 'degrade', logger });
    for (const entry of report.degraded ?? []) console.log(`   degraded ${entry.kind} ${entry.property ?? entry.relation} (${entry.finding.code})`);

    const task = await dataSource.transaction(async (manager) => {
      const saved = await manager.save(manager.create(Task, { title: 'Ship the fix', userId: 'u-1' }));
      await manager.save(manager.create(TaskSubtask, { title: 'Write the migration', task: saved }));
      await manager.save(manager.create(TaskLabel, { labelName: 'urgent', task: saved }));
      return manager.findOneOrFail(Task, { where: { id: saved.id }, relations: { subtasks: true, labels: true, assignees: true } });
    });
    console.log(
      `\n3. In one transaction, the task was saved and reloaded: "${task.title}" with ` +
        `${task.subtasks.length} subtask, ${task.labels.length} label, ${task.assignees.length} assignees; ` +
        `tasks in the table: ${(await dataSource.getRepository(Task).count())}.`,
    );
    console.log(`   health check: ${JSON.stringify({ isDegraded: getSchemaDegradation(dataSource).isDegraded })}`);

    for (const statement of repairSchema('sqlite')) await dataSource.query(statement);
    const repaired = await validateSchemaOnStartup(dataSource, { mode: 'degrade', logger });
    const reloaded = await dataSource.getRepository(Task).findOneOrFail({ where: { id: task.id }, relations: { subtasks: true } });
    console.log(
      `\n4. After the repair migration, validating again restores full loading: ok=${repaired.ok}, ` +
        `degraded=${repaired.degraded?.length ?? 0}, subtask user_id=${reloaded.subtasks[0].userId}.`,
    );
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
