/**
 * Example: the schema health endpoint on a plain `node:http` server, and a watcher that sees a
 * migration applied (and then repaired) while the service runs. The same handler fits Express:
 * `app.get('/health/schema', handler)`.
 *
 * Run: npx tsc -p . && node dist/examples/health-http.js
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { schemaHealthHandler, watchSchema } from '../lib/integrations/health'; // 'typeorm-schema-guard/health'
import { TASK_ENTITIES } from './incident-004/entities';
import { sqliteDriver } from './incident-004/sqlite-driver';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'schema-guard-health-'));
  // Stands in for your migrated database.
  const dataSource = new DataSource({
    type: sqliteDriver(),
    database: join(dir, 'app.sqlite'),
    entities: TASK_ENTITIES,
    synchronize: true,
  } as DataSourceOptions);
  await dataSource.initialize();

  const health = schemaHealthHandler(dataSource); // counts only; { details: true } adds table names
  const server = createServer((req, res) => {
    if (req.url === '/health/schema') return void health(req, res);
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health/schema`;

  let seenDrift!: () => void;
  let seenRepair!: () => void;
  const drift = new Promise<void>((resolve) => (seenDrift = resolve));
  const repair = new Promise<void>((resolve) => (seenRepair = resolve));
  const watcher = watchSchema(dataSource, {
    intervalMs: 200,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined }, // pino on stderr by default
    onDrift: (report) => {
      console.log(`watcher: drift seen: ${report.findings.map((f) => f.message).join('; ')}\n`);
      seenDrift();
    },
    onResolved: () => {
      console.log('watcher: the repair was seen too\n');
      seenRepair();
    },
  });

  const probe = async (label: string) => {
    const response = await fetch(url);
    console.log(`${label}: HTTP ${response.status} ${response.headers.get('content-type')}\n${await response.text()}\n`);
  };

  try {
    await probe('1. migrated database');
    // A migration rolled back while the service runs (outside TypeORM, as a deploy tool would).
    await dataSource.query('ALTER TABLE "task_labels" DROP COLUMN "user_id"');
    await drift;
    await probe('2. after the roll-back');
    await dataSource.query(`ALTER TABLE "task_labels" ADD COLUMN "user_id" varchar NOT NULL DEFAULT 'system'`);
    await repair;
    await probe('3. after the repair');
  } finally {
    watcher.stop();
    server.close();
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
