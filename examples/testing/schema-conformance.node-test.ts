/**
 * Example: the same conformance check under `node:test`, with no assertion library at all.
 * Run: npx tsc -p . && node --test dist/examples/testing/schema-conformance.node-test.js
 * Set SHOW_DRIFT=1 to point it at the incident-004 database and see the failure it prints.
 */
import 'reflect-metadata';
import { after, before, test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { assertSchemaConforms } from '../../lib/integrations/assert-schema-conforms'; // 'typeorm-schema-guard/assert'
import { TASK_ENTITIES } from '../incident-004/entities';
import { productionSchema } from '../incident-004/production-schema';

const dir = mkdtempSync(join(tmpdir(), 'schema-guard-node-test-'));
const dataSource = new DataSource({
  type: 'better-sqlite3',
  database: join(dir, 'app.sqlite'),
  entities: TASK_ENTITIES,
  synchronize: !process.env.SHOW_DRIFT,
} as DataSourceOptions);

before(async () => {
  await dataSource.initialize();
  if (process.env.SHOW_DRIFT) for (const statement of productionSchema('sqlite')) await dataSource.query(statement);
});
after(async () => {
  await dataSource.destroy();
  rmSync(dir, { recursive: true, force: true });
});

test('the database schema matches the entities', async () => {
  await assertSchemaConforms(dataSource);
});
