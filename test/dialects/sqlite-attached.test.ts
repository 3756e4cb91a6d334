/**
 * SQLite attached databases: TypeORM attaches the file of an entity's `database` option under a
 * handle and qualifies its table with it. Those tables are read in the same single statement as
 * `main`'s, so a healthy schema is clean and drift in the attached file is found.
 */
import { expect } from 'chai';
import { validateSchemaOnStartup } from '../../lib';
import { sqliteAdapter } from '../../lib/dialects/sqlite';
import { schemaHealth } from '../../lib/integrations/health';
import { findingTuples } from '../support/finding-tuples';
import { recordingLogger } from '../support/silent-logger';
import { SQLITE_VARIANTS, openSqlite, type FamilyDataSource, type OpenSqlite, type TypeormModule } from '../support/sqlite-family';

const entities = (EntitySchema: TypeormModule['EntitySchema']) => [
  new EntitySchema({
    name: 'Account',
    tableName: 'account',
    columns: { id: { type: 'integer', primary: true, generated: 'increment' }, name: { type: 'varchar' } },
  } as never),
  new EntitySchema({
    name: 'AuditEntry',
    tableName: 'audit_entry',
    database: 'audit.db',
    columns: {
      id: { type: 'integer', primary: true, generated: 'increment' },
      action: { type: 'varchar', length: 50 },
      detail: { type: 'text', nullable: true },
      at: { type: 'datetime', createDate: true },
    },
    indices: [{ name: 'IDX_audit_action', columns: ['action'] }],
  } as never),
];

const warn = () => ({ mode: 'warn' as const, logger: recordingLogger() });

/** The schema name TypeORM attached `audit.db` under (a hash of its path). */
function auditSchema(ds: FamilyDataSource): string {
  const driver = ds.driver as { getAttachedDatabaseHandleByRelativePath(path: string): string | undefined };
  const handle = driver.getAttachedDatabaseHandleByRelativePath('audit.db');
  expect(handle, 'attach handle').to.be.a('string');
  return handle as string;
}

for (const variant of SQLITE_VARIANTS.filter((v) => v.hasFile)) {
  describe(`sqlite attached databases: ${variant.label}`, () => {
    let open: OpenSqlite | undefined;
    afterEach(async () => {
      await open?.dispose();
      open = undefined;
    });

    it('an entity in an attached database, synchronised, gives zero findings in one statement', async () => {
      open = await openSqlite(variant, entities, { synchronize: true });
      const report = await validateSchemaOnStartup(open.ds as never, { reportUnexpectedTables: true });
      expect(report.findings).to.deep.equal([]);
      expect(report.stats).to.deep.include({ tables: 2, queries: 1 });
      await open.ds.getRepository('AuditEntry').save({ action: 'login' });
      expect(await open.ds.getRepository('AuditEntry').find()).to.have.length(1);
    });

    it('a column dropped in the attached table is missing_column, even beside a same-named table in main', async () => {
      open = await openSqlite(variant, entities, { synchronize: true });
      const schema = auditSchema(open.ds);
      await open.ds.query(`ALTER TABLE "${schema}"."audit_entry" DROP COLUMN "detail"`);
      // A table of the same name in main must neither satisfy nor confuse the check.
      await open.ds.query('CREATE TABLE main."audit_entry" ("id" integer PRIMARY KEY, "detail" text)');
      const report = await validateSchemaOnStartup(open.ds as never, warn());
      expect(findingTuples(report.findings)).to.deep.equal([`error missing_column ${schema}.audit_entry.detail`]);
      expect(report.findings[0].fix).to.equal(`ALTER TABLE "${schema}"."audit_entry" ADD COLUMN "detail" text;`);
      let failure: unknown;
      await open.ds.getRepository('AuditEntry').find().catch((error) => (failure = error));
      expect(String(failure)).to.match(/detail/);
    });

    it('a database that is not attached: its tables are missing, the rest is still checked', async () => {
      open = await openSqlite(variant, entities, { synchronize: true });
      await open.ds.query(`DETACH DATABASE "${auditSchema(open.ds)}"`);
      await open.ds.query('ALTER TABLE "account" ADD COLUMN "legacy" integer NOT NULL DEFAULT 0');
      const report = await validateSchemaOnStartup(open.ds as never, warn());
      expect(findingTuples(report.findings)).to.deep.equal([
        `error missing_table ${auditSchema(open.ds)}.audit_entry`,
        'info unexpected_column account.legacy',
      ]);
      // The failed statement, the attached list, and the statement again without the missing schema.
      expect(report.stats.queries).to.equal(3);
      let failure: unknown;
      await open.ds.getRepository('AuditEntry').find().catch((error) => (failure = error));
      expect(String(failure)).to.match(/no such table/);
      expect((await schemaHealth(open.ds as never)).state).to.equal('fail');
    });

    it('a broken view in the attached database: read relation by relation, and the drift is still found', async () => {
      open = await openSqlite(variant, entities, { synchronize: true });
      const schema = auditSchema(open.ds);
      await open.ds.query(`ALTER TABLE "${schema}"."audit_entry" DROP COLUMN "detail"`);
      await open.ds.query(`CREATE TABLE "${schema}"."scratch" ("x" integer)`);
      await open.ds.query(`CREATE VIEW "${schema}"."broken" AS SELECT "x" FROM "scratch"`);
      await open.ds.query(`DROP TABLE "${schema}"."scratch"`);
      const report = await validateSchemaOnStartup(open.ds as never, warn());
      expect(findingTuples(report.findings)).to.deep.equal([`error missing_column ${schema}.audit_entry.detail`]);
      expect(report.stats.queries).to.be.greaterThan(1);
    });

    it('the fingerprint changes with the attached schema, so the health check re-validates', async () => {
      open = await openSqlite(variant, entities, { synchronize: true });
      const schema = auditSchema(open.ds);
      const ds = open.ds;
      const fingerprint = () => sqliteAdapter.fingerprint({ query: async (sql, params) => (await ds.query(sql, params)) as Record<string, unknown>[] }, { schemas: [schema] });
      const before = await fingerprint();
      expect(await fingerprint()).to.equal(before);
      expect((await schemaHealth(ds as never)).state).to.equal('pass');
      await ds.query(`INSERT INTO "${schema}"."audit_entry" ("action") VALUES ('data, not schema')`);
      expect(await fingerprint()).to.equal(before);
      await ds.query(`CREATE INDEX "${schema}"."IDX_audit_detail" ON "audit_entry" ("detail")`);
      const afterIndex = await fingerprint();
      expect(afterIndex).to.not.equal(before);
      await ds.query(`ALTER TABLE "${schema}"."audit_entry" RENAME COLUMN "detail" TO "detali"`);
      expect(await fingerprint()).to.not.equal(afterIndex);
      const health = await schemaHealth(ds as never);
      expect([health.state, health.isCached]).to.deep.equal(['fail', false]);
    });
  });
}

describe('sqlite attached databases: sql.js', () => {
  it('has no attached files: an entity with a database option lives in main and is checked there', async () => {
    const variant = SQLITE_VARIANTS.find((v) => v.type === 'sqljs')!;
    const open = await openSqlite(variant, entities, { synchronize: true });
    try {
      expect((await validateSchemaOnStartup(open.ds as never)).findings).to.deep.equal([]);
      await open.ds.query('ALTER TABLE "audit_entry" DROP COLUMN "detail"');
      const report = await validateSchemaOnStartup(open.ds as never, warn());
      expect(findingTuples(report.findings)).to.deep.equal(['error missing_column audit_entry.detail']);
    } finally {
      await open.dispose();
    }
  });
});
