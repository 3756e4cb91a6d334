/**
 * Demo: incident 004 ("tasks lost") on an embedded SQLite database.
 *
 * 1. Builds the production database as it was: `user_id` missing on four relation tables.
 * 2. Shows the outage: a task is inserted, its reload with relations fails.
 * 3. Runs validateSchemaOnStartup, which catches all four drifts at once, before any request.
 *
 * Run: npm run demo
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { SchemaDriftError, formatReportText, validateSchemaOnStartup } from '../lib';
import { TASK_ENTITIES, Task } from './incident-004/entities';
import { productionSchema } from './incident-004/production-schema';
import { sqliteDriver } from './incident-004/sqlite-driver';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'schema-guard-demo-'));
  const dataSource = new DataSource({
    type: sqliteDriver(),
    database: join(dir, 'tasks.sqlite'),
    entities: TASK_ENTITIES,
  } as ConstructorParameters<typeof DataSource>[0]);
  try {
    await dataSource.initialize();
    for (const statement of productionSchema('sqlite')) await dataSource.query(statement);
    console.log('1. The production database of incident 004: `user_id` is missing on the four relation tables.\n');

    const tasks = dataSource.getRepository(Task);
    const saved = await tasks.save(tasks.create({ title: 'Ship the fix', userId: 'u-1' }));
    try {
      await tasks.findOne({ where: { id: saved.id }, relations: { subtasks: true, labels: true, assignees: true } });
      console.log('2. (unexpected) the reload worked');
    } catch (error) {
      console.log(`2. Without the guard, the reload of the new task fails at request time:\n   ${(error as Error).message}\n`);
    }

    console.log('3. With the guard, at startup:\n');
    try {
      await validateSchemaOnStartup(dataSource);
      console.log('(unexpected) no drift found');
      process.exitCode = 1;
    } catch (error) {
      if (!(error instanceof SchemaDriftError)) throw error;
      console.log(formatReportText(error.report));
      console.log('\nvalidateSchemaOnStartup threw SchemaDriftError: the service would stop here, before its first request.');
    }
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
