/**
 * The test-suite integrations on real databases: the chai plugin (`conformingSchema`) and the
 * framework-neutral `assertSchemaConforms`, in passing, failing and negated cases.
 */
import { AssertionError } from 'node:assert';
import chai, { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { SchemaGuardConfigError, type SchemaReport } from '../../lib';
import { TASK_ENTITIES } from '../../examples/incident-004/entities';
import { productionSchema } from '../../examples/incident-004/production-schema';
import { SchemaAssertionError, assertSchemaConforms } from '../../lib/integrations/assert-schema-conforms';
import { schemaGuard } from '../../lib/integrations/chai';
import { DIALECTS, type TestDatabase, createDatabase } from '../support/databases';
import { NOTE_ENTITIES } from './fixtures/notes-entities';
import { breakNotes, synchronizeNotes } from './notes-drift';

chai.use(schemaGuard);

/** Resolves with what the promise rejected with; fails when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<Error & { report?: SchemaReport }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('conformance assertion options', () => {
  it('a bad failOn is a SchemaGuardConfigError naming the option', async () => {
    const error = await rejection(assertSchemaConforms({} as never, { failOn: 'fatal' as never }));
    expect(error).to.be.instanceOf(SchemaGuardConfigError);
    expect((error as SchemaGuardConfigError).option).to.equal('failOn');
    expect(error.message).to.contain('options.failOn');
  });
});

for (const dialect of DIALECTS) {
  describe(`conformance assertions on ${dialect}`, () => {
    let db: TestDatabase;
    beforeEach(async () => {
      db = await createDatabase(dialect);
    });
    afterEach(() => db.dispose());

    async function cleanNotes(): Promise<DataSource> {
      await synchronizeNotes(db);
      return db.connect(NOTE_ENTITIES);
    }
    async function incident004(): Promise<DataSource> {
      for (const statement of productionSchema(dialect)) await db.exec(statement);
      return db.connect(TASK_ENTITIES);
    }

    it('passes on a conforming database (chai and assert)', async () => {
      const ds = await cleanNotes();
      const report = await expect(ds).to.have.conformingSchema();
      expect(report.findings).to.deep.equal([]);
      expect((await assertSchemaConforms(ds, { failOn: 'info' })).ok).to.equal(true);
    });

    it('fails on drift with the findings as a diff (chai)', async () => {
      const ds = await incident004();
      const error = await rejection(expect(ds).to.have.conformingSchema());
      expect(error).to.be.instanceOf(chai.AssertionError);
      expect(error.message).to.contain('expected the database schema to conform to the TypeORM entities, but found 4 errors at or above "error"');
      expect(error.message).to.match(/\n {2}task_subtasks\n {4}error missing_column user_id \(TaskSubtask\)\n/);
      expect(error.message).to.match(/- (character varying|varchar)\n {6}\+ \(absent\)\n/);
      // SQLite adds a NOT NULL column without a default only by rebuilding the table: its fix is the rebuild.
      if (dialect === 'postgres') expect(error.message).to.match(/\+ \(absent\)\n {6}fix: ALTER TABLE "task_subtasks" ADD COLUMN "user_id"/);
      expect(error.report?.findings).to.have.length(4);
      // The DataSource (and the password in its options) is never part of the failure.
      expect(error.message).not.to.contain('guard-test');
      expect(JSON.stringify((error as { actual?: unknown }).actual)).not.to.contain('guard-test');
    });

    it('fails on drift with node AssertionError (assertSchemaConforms)', async () => {
      const ds = await incident004();
      const error = await rejection(assertSchemaConforms(ds));
      expect(error).to.be.instanceOf(AssertionError).and.to.be.instanceOf(SchemaAssertionError);
      expect(error.name).to.equal('SchemaAssertionError');
      expect((error as SchemaAssertionError).failing.map((finding) => finding.code)).to.deep.equal(Array(4).fill('missing_column'));
      expect((error as SchemaAssertionError).failOn).to.equal('error');
      expect(error.message).to.contain('task_labels');
      if (dialect === 'postgres') expect(error.message).to.contain('fix: ALTER TABLE "task_labels" ADD COLUMN "user_id"');
      expect((error as AssertionError).actual).to.deep.equal(
        ['task_assignees', 'task_dependencies', 'task_labels', 'task_subtasks'].map((t) => `error missing_column ${t}.user_id`),
      );
      expect(error.report?.ok).to.equal(false);
    });

    it('negated: passes on drift, fails on a conforming database', async () => {
      const drifted = await incident004();
      await expect(drifted).not.to.have.conformingSchema();
      await db.dispose();
      db = await createDatabase(dialect);
      const clean = await cleanNotes();
      const error = await rejection(expect(clean).not.to.have.conformingSchema());
      expect(error).to.be.instanceOf(chai.AssertionError);
      expect(error.message).to.contain('expected the database schema not to conform');
    });

    it('honours ignore, severity and failOn', async () => {
      const ds = await incident004();
      await expect(ds).to.have.conformingSchema({ ignore: { columns: [/\.user_id$/] } });
      await assertSchemaConforms(ds, { severity: { missing_column: 'warning' } });
      const error = await rejection(assertSchemaConforms(ds, { severity: { missing_column: 'warning' }, failOn: 'warning' }));
      expect(error.message).to.contain('found 4 warnings at or above "warning"');
    });

    it('a warning fails only with failOn warning; a custom message prefixes the failure', async () => {
      await synchronizeNotes(db);
      await breakNotes(db, ['index']);
      const ds = await db.connect(NOTE_ENTITIES);
      await expect(ds).to.have.conformingSchema();
      const error = await rejection(expect(ds, 'after migrations').to.have.conformingSchema({ failOn: 'warning' }));
      expect(error.message).to.match(/^after migrations: expected the database schema to conform/);
      expect(error.message).to.contain('warning missing_index title (Note)');
    });

    it('rejects, even negated, when nothing could be checked', async () => {
      const ds = await cleanNotes();
      await ds.destroy();
      expect(await rejection(expect(ds).not.to.have.conformingSchema())).to.be.instanceOf(SchemaGuardConfigError);
      expect(await rejection(assertSchemaConforms(ds))).to.be.instanceOf(SchemaGuardConfigError);
    });
  });
}
