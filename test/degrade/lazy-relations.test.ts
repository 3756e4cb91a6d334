/**
 * Issue 17, gap 3: a degraded lazy relation (`files.folder_id` missing). TypeORM's lazy getter
 * leaves an unhandled rejection behind when the load fails, and Node exits. Degraded, the getter
 * rejects once with DegradedRelationError, before any SQL, and nothing is left unhandled.
 */
import { expect } from 'chai';
import { DegradedRelationError, getSchemaDegradation, validateSchemaOnStartup } from '../../lib';
import { DIALECTS, type TestDatabase, createDatabase } from '../support/databases';
import { recordingLogger } from '../support/silent-logger';
import { Author, FileEntry, Folder, LIFECYCLE_ENTITIES, createLifecycleSchema } from './lifecycle-fixtures';

for (const dialect of DIALECTS) {
  describe(`degrade mode: degraded lazy relations, on ${dialect}`, () => {
    let db: TestDatabase;
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => void unhandled.push(reason);
    beforeEach(async () => {
      db = await createDatabase(dialect);
      await createLifecycleSchema(db);
      unhandled.length = 0;
      process.on('unhandledRejection', record);
    });
    afterEach(async () => {
      process.off('unhandledRejection', record);
      await db.dispose();
    });

    /** Gives Node the turns it needs to report an unhandled rejection. */
    const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

    it('the lazy getters reject with DegradedRelationError, once per access, before any SQL, nothing unhandled', async () => {
      const ds = await db.connect(LIFECYCLE_ENTITIES);
      const logger = recordingLogger();
      const report = await validateSchemaOnStartup(ds, { mode: 'degrade', logger });
      expect(report.degraded!.filter((entry) => entry.kind === 'relation').map((entry) => entry.relation)).to.include.members([
        'FileEntry.folder',
        'Folder.files',
      ]);
      const owner = await ds.getRepository(Author).save({ name: 'ada' });
      await ds.getRepository(Folder).save({ name: 'docs' });
      await db.exec(`UPDATE "folders" SET "owner_id" = ${owner.id}`);
      await ds.getRepository(FileEntry).save({ name: 'a.txt' });
      const folder = await ds.getRepository(Folder).findOneByOrFail({ name: 'docs' });
      const file = await ds.getRepository(FileEntry).findOneByOrFail({ name: 'a.txt' });

      // Every query of this driver, to prove nothing reaches the database for the refused loads.
      const sent: string[] = [];
      const runner = ds.createQueryRunner();
      const prototype = Object.getPrototypeOf(runner) as { query: (sql: string, ...rest: unknown[]) => Promise<unknown> };
      await runner.release();
      const originalQuery = prototype.query;
      prototype.query = function (this: unknown, sql: string, ...rest: unknown[]) {
        sent.push(sql);
        return originalQuery.call(this, sql, ...rest);
      };
      const failures: unknown[] = [];
      try {
        for (const load of [() => folder.files, () => folder.files, () => file.folder, () => ds.getRepository(Folder).create({ name: 'new' }).files]) {
          await (load() as Promise<unknown>).catch((error) => failures.push(error));
        }
        // TypeORM's other way through the relation loader.
        await ds.createQueryBuilder().relation(Folder, 'files').of(folder).loadMany().catch((error) => failures.push(error));
      } finally {
        prototype.query = originalQuery;
      }
      await settle();
      expect(unhandled).to.deep.equal([]);
      expect(failures.map((error) => (error as DegradedRelationError).relation)).to.deep.equal([
        'Folder.files',
        'Folder.files',
        'FileEntry.folder',
        'Folder.files',
        'Folder.files',
      ]);
      for (const failure of failures) expect(failure).to.be.instanceOf(DegradedRelationError);
      expect(sent.filter((sql) => /"files"|folder_id/.test(sql))).to.deep.equal([]);
      expect(logger.logs.filter((log) => log.level === 'warn' && log.message?.startsWith('schema degrade: refused to lazy-load Folder.files'))).to.have.length(1);
      expect(getSchemaDegradation(ds).skips).to.include({ 'Folder.files': 3, 'FileEntry.folder': 1 });
      // A healthy lazy relation, and the relation loader over a healthy relation, still load.
      expect((await folder.owner)?.name).to.equal('ada');
      expect(await ds.createQueryBuilder().relation(Author, 'articles').of(owner).loadMany()).to.deep.equal([]);
      // The healthy part of both entities still reads and writes.
      expect(await ds.getRepository(Folder).count()).to.equal(1);
      expect((await ds.getRepository(FileEntry).find()).map((entry) => entry.name)).to.deep.equal(['a.txt']);
      expect(await db.rows('SELECT "name" FROM "files"')).to.deep.equal([{ name: 'a.txt' }]);
    });
  });
}
