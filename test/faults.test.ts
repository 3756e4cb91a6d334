/**
 * Bad input and broken databases: each gives a clear error naming what is wrong, never a hang,
 * never a report that claims drift it could not check, never a password.
 */
import { expect } from 'chai';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { SchemaGuardConfigError, SchemaIntrospectionError, validateSchemaOnStartup } from '../lib';
import { schemaHealth, watchSchema } from '../lib/integrations/health';
import { redactSecrets } from '../lib/redact';
import { TASK_ENTITIES } from '../examples/incident-004/entities';
import { productionSchema } from '../examples/incident-004/production-schema';
import { createDatabase, sqliteDriverType } from './support/databases';

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('faults', () => {
  it('rejects an uninitialised DataSource with the fix', async () => {
    const ds = new DataSource({ type: sqliteDriverType(), database: ':memory:', entities: TASK_ENTITIES } as never);
    const error = await rejection(validateSchemaOnStartup(ds));
    expect(error).to.be.instanceOf(SchemaGuardConfigError);
    expect(error.message).to.contain('await dataSource.initialize()');
  });

  it('rejects something that is not a DataSource', async () => {
    const error = await rejection(validateSchemaOnStartup(undefined as never));
    expect(error).to.be.instanceOf(SchemaGuardConfigError);
    expect(error.message).to.contain('expects a TypeORM DataSource');
  });

  it('rejects an unsupported driver by name', async () => {
    const fake = { isInitialized: true, options: { type: 'mysql' }, driver: {}, createQueryRunner() {} };
    const error = await rejection(validateSchemaOnStartup(fake));
    expect(error).to.be.instanceOf(SchemaGuardConfigError);
    expect(error.message).to.contain('"mysql"').and.to.match(/postgres, and TypeORM's SQLite driver family \(sqlite, better-sqlite3, sqljs/);
  });

  it('the health check and the watcher reject what is not a DataSource, and an unsupported driver, as validation does', async () => {
    const error = await rejection(schemaHealth(null as never));
    expect(error).to.be.instanceOf(SchemaGuardConfigError);
    expect(error.message).to.contain('The schema health check expects a TypeORM DataSource').and.to.contain('(got null)');
    const fake = { isInitialized: true, options: { type: 'mysql' }, driver: {}, createQueryRunner() {} };
    expect(() => watchSchema(fake)).to.throw(SchemaGuardConfigError, /"mysql" driver, which typeorm-schema-guard does not support/);
  });

  it('rejects bad options naming each one', async () => {
    const error = await rejection(
      validateSchemaOnStartup({} as never, { mode: 'explode', timeoutMs: -1, ignore: { codes: ['nope'] } } as never),
    );
    expect(error).to.be.instanceOf(SchemaGuardConfigError);
    expect(error.message).to.contain('options.mode').and.to.contain('options.timeoutMs').and.to.contain('options.ignore.codes.0');
    expect((error as SchemaGuardConfigError).option).to.equal('mode');
  });

  it('rejects unknown option names (a typo is not silently ignored)', async () => {
    const error = await rejection(validateSchemaOnStartup({} as never, { reportUnexpectedTable: true } as never));
    expect(error.message).to.contain('reportUnexpectedTable');
  });

  it('gives SchemaIntrospectionError with the cause when the database is gone, without the password', async () => {
    const db = await createDatabase('postgres');
    const ds = await db.connect(TASK_ENTITIES);
    const name = new URL(db.location).pathname.slice(1);
    const admin = new Client({ connectionString: new URL('/postgres', db.location).toString() });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
      const error = await rejection(validateSchemaOnStartup(ds, { timeoutMs: 5000 }));
      expect(error).to.be.instanceOf(SchemaIntrospectionError);
      expect(error.message).to.contain('nothing was checked');
      expect(error.cause).to.be.instanceOf(Error);
      expect(error.message + String((error.cause as Error).stack)).not.to.contain('guard-test');
    } finally {
      await admin.end();
      await ds.destroy().catch(() => undefined);
      await db.dispose().catch(() => undefined);
    }
  });

  it('never hangs: a pool with no free connection hits the deadline, and the pool recovers', async () => {
    await withPoolOfOneHeld(async (ds, free) => {
      const started = Date.now();
      const error = await rejection(validateSchemaOnStartup(ds, { timeoutMs: 300 }));
      expect(error).to.be.instanceOf(SchemaIntrospectionError);
      expect(error.message).to.contain('300 ms');
      expect(Date.now() - started).to.be.lessThan(3000);
      await free();
      const report = await validateSchemaOnStartup(ds, { mode: 'warn', logger: { info() {}, warn() {}, error() {} } });
      expect(report.findings.length).to.equal(4);
    });
  });

  it('never hangs in the health check either: its fingerprint read hits the deadline, and the pool recovers', async () => {
    await withPoolOfOneHeld(async (ds, free) => {
      const started = Date.now();
      const stuck = await schemaHealth(ds, { timeoutMs: 300 });
      expect(stuck.state).to.equal('unreachable');
      expect(stuck.httpStatus).to.equal(503);
      expect(Date.now() - started).to.be.lessThan(3000);
      await free();
      const recovered = await schemaHealth(ds, { details: true });
      expect(recovered.state).to.equal('fail');
      expect(recovered.report?.findings.length).to.equal(4);
      expect((await schemaHealth(ds)).isCached).to.equal(true);
    });
  });

  it("never rewrites the driver's error: the cause is a masked copy, with its class and fields", () => {
    class DriverError extends Error {
      code = '28P01';
    }
    const inner = new Error('via postgres://app:hunter2@db/x');
    const driverError = Object.assign(new DriverError('connect postgres://app:hunter2@db:5432/x failed'), { cause: inner });
    const error = new SchemaIntrospectionError('Could not read the postgres catalog', { dialect: 'postgres', cause: driverError });
    expect(driverError.message, 'the original is untouched').to.contain('hunter2');
    expect(inner.message).to.contain('hunter2');
    const cause = error.cause as DriverError & { cause: Error };
    expect(cause).to.be.instanceOf(DriverError).and.not.equal(driverError);
    expect(cause.code).to.equal('28P01');
    expect(`${error.message} ${cause.message} ${cause.stack} ${cause.cause.message}`).not.to.contain('hunter2');
    const clean = new Error('connection refused');
    expect(new SchemaIntrospectionError('x', { dialect: 'postgres', cause: clean }).cause, 'nothing to mask: the same error').to.equal(clean);
  });

  it('masks passwords in URLs and key=value pairs', () => {
    expect(redactSecrets('connect postgres://app:s3cr%40t@db:5432/x failed')).to.equal('connect postgres://app:***@db:5432/x failed');
    expect(redactSecrets('host=db password=hunter2 user=app')).to.equal('host=db password=*** user=app');
    expect(redactSecrets("password='a b c' x")).to.equal('password=*** x');
    expect(redactSecrets('postgres://:tok@h/db')).to.equal('postgres://:***@h/db');
    expect(redactSecrets('no secrets here: a=b')).to.equal('no secrets here: a=b');
  });
});

/**
 * Runs `fn` on the incident-004 production schema (4 findings) through a pool of one connection
 * that another query runner holds until `fn` calls `free()`.
 */
async function withPoolOfOneHeld(fn: (ds: DataSource, free: () => Promise<void>) => Promise<void>): Promise<void> {
  const db = await createDatabase('postgres');
  try {
    for (const statement of productionSchema('postgres')) await db.exec(statement);
    const ds = await db.connect(TASK_ENTITIES, { extra: { max: 1 } } as never);
    const holder = ds.createQueryRunner();
    await holder.connect();
    await fn(ds, () => holder.release());
  } finally {
    await db.dispose();
  }
}
