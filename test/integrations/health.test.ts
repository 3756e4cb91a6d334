/**
 * Issue 5: schema drift as a health check, over real HTTP on 127.0.0.1 against real PostgreSQL and
 * SQLite. Status codes and bodies for pass, warn, fail and unreachable; a watcher seeing a migration
 * and its repair; one validation for 50 concurrent probes; one query per check when nothing changed.
 */
import { expect } from 'chai';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource, Logger } from 'typeorm';
import { TASK_ENTITIES, Task } from '../../examples/incident-004/entities';
import { getSchemaDegradation } from '../../lib';
import { productionSchema, repairSchema } from '../../examples/incident-004/production-schema';
import {
  type HealthBody,
  type SchemaHealthOptions,
  type SchemaWatcher,
  schemaHealth,
  schemaHealthHandler,
  schemaHealthIndicator,
  watchSchema,
} from '../../lib/integrations/health';
import { formatHealthBody } from '../../lib/integrations/health/format-health-body';
import { DIALECTS, type TestDatabase, createDatabase } from '../support/databases';
import { recordingLogger } from '../support/silent-logger';

/** Counts the SQL TypeORM sends, split into fingerprint reads and everything else. */
function queryCounter(): { logger: Logger; fingerprints: () => number; others: () => number; reset: () => void } {
  let fingerprints = 0;
  let others = 0;
  const ignore = () => undefined;
  return {
    logger: {
      logQuery: (query: string) => {
        if (/AS fingerprint|pragma_schema_version/.test(query)) fingerprints++;
        else others++;
      },
      logQueryError: ignore,
      logQuerySlow: ignore,
      logSchemaBuild: ignore,
      logMigration: ignore,
      log: ignore,
    },
    fingerprints: () => fingerprints,
    others: () => others,
    reset: () => {
      fingerprints = 0;
      others = 0;
    },
  };
}

async function serve(ds: DataSource, options?: SchemaHealthOptions): Promise<{ url: string; server: Server }> {
  const handler = schemaHealthHandler(ds, options);
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`, server };
}

async function probe(url: string): Promise<{ status: number; type: string | null; text: string; body: HealthBody }> {
  const response = await fetch(url);
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), text, body: JSON.parse(text) as HealthBody };
}

/** Resolves with the hook's argument, or rejects after `ms`. */
function nextCall<T>(ms: number): { hook: (value: T) => void; next: () => Promise<T> } {
  let waiting: ((value: T) => void) | undefined;
  const queue: T[] = [];
  return {
    hook: (value) => (waiting ? (waiting(value), (waiting = undefined)) : queue.push(value)),
    next: () =>
      queue.length
        ? Promise.resolve(queue.shift() as T)
        : new Promise<T>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`hook not called within ${ms} ms`)), ms);
            waiting = (value) => {
              clearTimeout(timer);
              resolve(value);
            };
          }),
  };
}

for (const dialect of DIALECTS) {
  describe(`schema health on ${dialect}`, () => {
    let db: TestDatabase;
    let server: Server | undefined;
    let watcher: SchemaWatcher | undefined;
    beforeEach(async () => {
      db = await createDatabase(dialect);
    });
    afterEach(async () => {
      watcher?.stop();
      watcher = undefined;
      if (server) await new Promise((resolve) => server!.close(resolve));
      server = undefined;
      await db.dispose();
    });

    it('pass: 200, application/health+json, counts and no output', async () => {
      const ds = await db.connect(TASK_ENTITIES, { synchronize: true });
      let url: string;
      ({ url, server } = await serve(ds));
      const { status, type, body } = await probe(url);
      expect(status).to.equal(200);
      expect(type).to.equal('application/health+json');
      expect(body.status).to.equal('pass');
      expect(body).not.to.have.property('output');
      expect(Object.keys(body.checks)).to.deep.equal(['database:reachable', 'schema:errors', 'schema:warnings', 'schema:tables']);
      expect(body.checks['schema:errors'][0]).to.include({ observedValue: 0, status: 'pass', observedUnit: 'errors' });
      expect(body.checks['schema:errors'][0]).not.to.have.property('output');
      expect(body.checks['schema:tables'][0].observedValue).to.equal(5);
      expect(new Date(body.checks['schema:errors'][0].time).getTime()).to.be.closeTo(Date.now(), 60_000);
    });

    it('fail: 503 with error counts; table names only with details', async () => {
      for (const statement of productionSchema(dialect)) await db.exec(statement);
      const ds = await db.connect(TASK_ENTITIES);
      let url: string;
      ({ url, server } = await serve(ds));
      const { status, text, body } = await probe(url);
      expect(status).to.equal(503);
      expect(body.status).to.equal('fail');
      expect(body.output).to.equal('schema drift: 4 errors, 0 warnings');
      expect(body.checks['schema:errors'][0]).to.include({ observedValue: 4, status: 'fail', output: '4 errors' });
      expect(text).not.to.contain('task_').and.not.to.contain('user_id').and.not.to.contain(db.location);

      const detailed = await schemaHealthHandlerBody(ds, { details: true });
      expect(detailed.checks['schema:errors'][0].output).to.contain('missing_column task_subtasks.user_id');
    });

    it('warn: 200 when the drift is warnings only', async () => {
      for (const statement of productionSchema(dialect)) await db.exec(statement);
      const ds = await db.connect(TASK_ENTITIES);
      let url: string;
      ({ url, server } = await serve(ds, { severity: { missing_column: 'warning' } }));
      const { status, body } = await probe(url);
      expect(status).to.equal(200);
      expect(body.status).to.equal('warn');
      expect(body.output).to.equal('schema drift: 0 errors, 4 warnings');
      expect(body.checks['schema:warnings'][0]).to.include({ observedValue: 4, status: 'warn' });
      expect(body.checks['schema:errors'][0]).to.include({ observedValue: 0, status: 'pass' });
    });

    it('unreachable: 503 as its own state, not drift, and no connection details', async () => {
      const ds = await db.connect(TASK_ENTITIES, { synchronize: true });
      let url: string;
      ({ url, server } = await serve(ds, { details: true }));
      expect((await probe(url)).status).to.equal(200);
      if (dialect === 'postgres') {
        // The database goes away under the running service.
        const name = new URL(db.location).pathname.slice(1);
        const { Client } = await import('pg');
        const admin = new Client({ connectionString: db.location.replace(`/${name}`, '/postgres') });
        await admin.connect();
        await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
        await admin.end();
      } else {
        await ds.destroy();
      }
      const { status, text, body } = await probe(url);
      expect(status).to.equal(503);
      expect(body.status).to.equal('fail');
      expect(Object.keys(body.checks)).to.deep.equal(['database:reachable']);
      expect(body.checks['database:reachable'][0]).to.include({ status: 'fail', componentType: 'datastore' });
      expect(body.output).to.match(/^database could not be reached or its catalog read/);
      expect(text).not.to.contain('guard-test').and.not.to.contain('postgres://');
      const indicator = await schemaHealthIndicator(ds)('schema');
      expect(indicator.schema).to.deep.include({ status: 'down', state: 'unreachable' });
    });

    it('the terminus-shaped indicator is up on pass and warn, down on fail', async () => {
      for (const statement of productionSchema(dialect)) await db.exec(statement);
      const ds = await db.connect(TASK_ENTITIES);
      expect(await schemaHealthIndicator(ds)()).to.deep.equal({ schema: { status: 'down', state: 'fail', errors: 4, warnings: 0 } });
      const detailed = await schemaHealthIndicator(ds, { details: true })();
      expect(detailed.schema.message).to.contain('4 errors: missing_column task_assignees.user_id');
      const warnOnly = schemaHealthIndicator(ds, { severity: { missing_column: 'warning' } });
      expect((await warnOnly('db-schema'))['db-schema']).to.include({ status: 'up', state: 'warn', warnings: 4 });
      for (const statement of repairSchema(dialect)) await db.exec(statement);
      expect((await schemaHealthIndicator(ds)()).schema).to.include({ status: 'up', state: 'pass' });
    });

    it('a watcher sees a migration on the next poll, and its repair', async () => {
      const ds = await db.connect(TASK_ENTITIES, { synchronize: true });
      const drift = nextCall<{ findings: { code: string; table: string }[] }>(5000);
      const resolved = nextCall<unknown>(5000);
      const reports = nextCall<unknown>(5000);
      const logs = recordingLogger();
      watcher = watchSchema(ds, { intervalMs: 150, onDrift: drift.hook, onResolved: resolved.hook, onReport: reports.hook, logger: logs });
      await reports.next(); // the baseline
      expect(watcher.last?.state).to.equal('pass');

      await db.exec('ALTER TABLE "task_labels" DROP COLUMN "user_id"');
      const seen = await drift.next();
      expect(seen.findings.map((f) => `${f.code} ${f.table}`)).to.deep.equal(['missing_column task_labels']);
      expect(logs.logs.some((log) => log.level === 'error' && /schema drift detected while running: 1 error/.test(log.message ?? ''))).to.equal(true);

      await db.exec(repairSchema(dialect).find((sql) => sql.includes('task_labels'))!);
      await resolved.next();
      expect(watcher.last?.state).to.equal('pass');
      expect(logs.logs.at(-1)?.message).to.match(/schema drift resolved/);
    });

    it('a watcher with degrade: true degrades on drift and restores on repair', async () => {
      const ds = await db.connect(TASK_ENTITIES, { synchronize: true });
      const drift = nextCall<unknown>(5000);
      const resolved = nextCall<unknown>(5000);
      const reports = nextCall<unknown>(5000);
      watcher = watchSchema(ds, { intervalMs: 150, degrade: true, onDrift: drift.hook, onResolved: resolved.hook, onReport: reports.hook, logger: recordingLogger() });
      await reports.next();
      expect(getSchemaDegradation(ds).isDegraded).to.equal(false);

      await db.exec('ALTER TABLE "task_labels" DROP COLUMN "user_id"');
      await drift.next();
      expect(getSchemaDegradation(ds).degraded.map((d) => `${d.kind} ${d.property}`)).to.deep.equal(['column TaskLabel.userId']);
      const tasks = ds.getRepository(Task);
      const saved = await tasks.save(tasks.create({ title: 'watched', userId: 'u1' }));
      const loaded = await tasks.findOne({ where: { id: saved.id }, relations: { labels: true } });
      expect(loaded?.labels).to.deep.equal([]);

      await db.exec(repairSchema(dialect).find((sql) => sql.includes('task_labels'))!);
      await resolved.next();
      expect(getSchemaDegradation(ds).isDegraded).to.equal(false);
    });

    it('stop() ends polling, and polls never overlap', async () => {
      const counter = queryCounter();
      const ds = await db.connect(TASK_ENTITIES, { synchronize: true, logger: counter.logger });
      counter.reset();
      const reports = nextCall<unknown>(5000);
      watcher = watchSchema(ds, { intervalMs: 100, onReport: reports.hook, logger: recordingLogger() });
      await reports.next();
      // A manual poll while another runs shares it.
      const [a, b] = await Promise.all([watcher.poll(), watcher.poll()]);
      expect(a).to.equal(b);
      watcher.stop();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const after = counter.fingerprints();
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(counter.fingerprints()).to.equal(after);
    });

    it('50 concurrent probes cause one validation; an unchanged schema costs one query per check', async () => {
      const counter = queryCounter();
      // PostgreSQL: BEGIN READ ONLY, the catalog query, ROLLBACK. SQLite: one catalog statement.
      const perValidation = dialect === 'postgres' ? 3 : 1;
      const ds = await db.connect(TASK_ENTITIES, { synchronize: true, logger: counter.logger });
      let url: string;
      ({ url, server } = await serve(ds));
      counter.reset();
      const results = await Promise.all(Array.from({ length: 50 }, () => probe(url)));
      expect(results.map((r) => r.status)).to.deep.equal(Array(50).fill(200));
      // Over HTTP, SQLite answers so fast that probes barely overlap: each may read the fingerprint,
      // but only one validates.
      expect(counter.others(), `validation queries (one validation is ${perValidation})`).to.equal(perValidation);
      expect(counter.fingerprints(), 'fingerprint reads').to.be.within(1, 50);
      if (dialect === 'postgres') expect(counter.fingerprints(), 'shared in flight').to.be.below(50);

      counter.reset();
      for (let i = 0; i < 5; i++) expect((await probe(url)).status).to.equal(200);
      expect(counter.fingerprints()).to.equal(5);
      expect(counter.others()).to.equal(0);

      // A change is picked up by the next check: one fingerprint plus one validation.
      await db.exec('CREATE INDEX "idx_tasks_title" ON "tasks" ("title")');
      counter.reset();
      expect((await probe(url)).status).to.equal(200);
      expect([counter.fingerprints(), counter.others()]).to.deep.equal([1, perValidation]);

      // Calls in flight together share the fingerprint read as well as the validation.
      await db.exec('DROP INDEX "idx_tasks_title"');
      counter.reset();
      const together = await Promise.all(Array.from({ length: 50 }, () => schemaHealth(ds)));
      expect(new Set(together.map((r) => r.report)).size).to.equal(1);
      expect([counter.fingerprints(), counter.others()]).to.deep.equal([1, perValidation]);
    });
  });
}

describe('schema health body', () => {
  it('an unreachable database with details: the error message, passwords masked', () => {
    const error = new Error('connect ECONNREFUSED postgres://app:s3cret@db.internal:5432/app password=s3cret');
    const body = formatHealthBody({ state: 'unreachable', error, checkedAt: new Date(0), isCached: false }, { details: true });
    expect(JSON.stringify(body)).not.to.contain('s3cret');
    expect(body.output).to.contain('postgres://app:***@db.internal');
    const quiet = formatHealthBody({ state: 'unreachable', error, checkedAt: new Date(0), isCached: false }, { details: false });
    expect(JSON.stringify(quiet)).not.to.contain('db.internal');
    expect(quiet.checks['database:reachable'][0].time).to.equal('1970-01-01T00:00:00.000Z');
  });

  it('rejects unknown options by name', () => {
    expect(() => schemaHealthHandler({ isInitialized: true, options: { type: 'sqlite' } } as never, { detail: true } as never)).to.throw(
      /options: Unrecognized key: "detail"|options.*detail/,
    );
  });
});

async function schemaHealthHandlerBody(ds: DataSource, options: SchemaHealthOptions): Promise<HealthBody> {
  const handler = schemaHealthHandler(ds, options);
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return (await probe(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)).body;
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
