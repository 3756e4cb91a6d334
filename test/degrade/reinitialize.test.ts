/**
 * Issue 17: `destroy()` then `initialize()` rebuilds TypeORM's metadata, which undoes the
 * degradation. The DataSource then reports not degraded (and says so in the log) until it is
 * validated again, rather than re-applying an old report to a database that may have been
 * repaired in between.
 */
import { expect } from 'chai';
import { getSchemaDegradation, validateSchemaOnStartup } from '../../lib';
import { watchSchema } from '../../lib/integrations/health';
import { DIALECTS, type TestDatabase, createDatabase } from '../support/databases';
import { recordingLogger } from '../support/silent-logger';
import { Article, Author, Folder, LIFECYCLE_ENTITIES, createLifecycleSchema, repairLifecycleSchema } from './lifecycle-fixtures';

for (const dialect of DIALECTS) {
  describe(`degrade mode: destroy and initialize again, on ${dialect}`, () => {
    let db: TestDatabase;
    beforeEach(async () => {
      db = await createDatabase(dialect);
      await createLifecycleSchema(db);
    });
    afterEach(() => db.dispose());

    const hasOwnLoad = (ds: object) => Object.prototype.hasOwnProperty.call((ds as { relationLoader: object }).relationLoader, 'load');

    it('reports not degraded after the rebuild, fails loudly as without degrade, and degrades again on validation', async () => {
      const ds = await db.connect(LIFECYCLE_ENTITIES);
      const logger = recordingLogger();
      await validateSchemaOnStartup(ds, { mode: 'degrade', logger });
      const author = await ds.getRepository(Author).save({ name: 'ada' });
      await ds.getRepository(Article).save({ title: 'draft', author });
      expect(getSchemaDegradation(ds).isDegraded).to.equal(true);
      expect(hasOwnLoad(ds)).to.equal(true);

      await ds.destroy();
      await ds.initialize();
      expect(ds.getMetadata(Article).deleteDateColumn).not.to.equal(undefined);
      expect(getSchemaDegradation(ds)).to.deep.equal({ isDegraded: false, degraded: [], skips: {}, droppedWrites: {} });
      expect(hasOwnLoad(ds)).to.equal(false);
      expect(logger.logs.filter((log) => log.level === 'warn' && log.message?.includes('initialized again'))).to.have.length(1);
      let failure: unknown;
      await ds.getRepository(Article).find().catch((error) => (failure = error));
      expect(String(failure)).to.match(/deleted_at/);
      expect(await db.rows('SELECT "title" FROM "articles"')).to.deep.equal([{ title: 'draft' }]);

      await validateSchemaOnStartup(ds, { mode: 'degrade', logger });
      expect(getSchemaDegradation(ds).isDegraded).to.equal(true);
      expect((await ds.getRepository(Article).find()).map((article) => article.title)).to.deep.equal(['draft']);
      await ds.getRepository(Folder).save({ name: 'docs' });
      const folder = await ds.getRepository(Folder).findOneByOrFail({ name: 'docs' });
      await folder.files.catch((error: Error) => (failure = error));
      expect(failure).to.have.property('name', 'DegradedRelationError');
    });

    it('a watcher with degrade: true degrades again from its cached report when the schema is unchanged', async () => {
      const ds = await db.connect(LIFECYCLE_ENTITIES);
      const watcher = watchSchema(ds, { intervalMs: 60_000, degrade: true, logger: recordingLogger() });
      try {
        await watcher.poll();
        expect(getSchemaDegradation(ds).isDegraded).to.equal(true);
        await ds.destroy();
        await ds.initialize();
        expect(getSchemaDegradation(ds).isDegraded).to.equal(false);
        const outcome = await watcher.poll();
        expect(outcome.isCached).to.equal(true);
        expect(getSchemaDegradation(ds).isDegraded).to.equal(true);
        const author = await ds.getRepository(Author).save({ name: 'ada' });
        await ds.getRepository(Article).save({ title: 'draft', author });
        expect((await ds.getRepository(Article).find()).map((article) => article.title)).to.deep.equal(['draft']);
      } finally {
        watcher.stop();
      }
    });

    it('after a repair between destroy and initialize, nothing is left degraded and no write is dropped', async () => {
      const ds = await db.connect(LIFECYCLE_ENTITIES);
      await validateSchemaOnStartup(ds, { mode: 'degrade', logger: recordingLogger() });
      await ds.destroy();
      await repairLifecycleSchema(db);
      await ds.initialize();
      const author = await ds.getRepository(Author).save({ name: 'ada' });
      const saved = await ds.getRepository(Article).save({ title: 'draft', author });
      saved.title = 'final';
      await ds.getRepository(Article).save(saved);
      expect(saved.version).to.equal(2);
      expect(await db.rows('SELECT "title", "version" FROM "articles"')).to.deep.equal([{ title: 'final', version: 2 }]);
      expect(getSchemaDegradation(ds).isDegraded).to.equal(false);
      const report = await validateSchemaOnStartup(ds, { mode: 'degrade', logger: recordingLogger() });
      expect(report.degraded).to.deep.equal([]);
    });
  });
}
