/**
 * Issue 17, gap 2: a missing `@DeleteDateColumn`, `@UpdateDateColumn` and `@VersionColumn`.
 * Without degrade every find of `Article` (and every load through `Author.articles`) fails on
 * `deleted_at IS NULL`, and every update on `updated_at` / `version`. Degraded, the entity reads
 * and writes; soft delete, which has nowhere to write, is refused before any SQL.
 */
import { expect } from 'chai';
import { getSchemaDegradation, restoreSchemaDegradation, validateSchemaOnStartup } from '../../lib';
import { DIALECTS, type TestDatabase, createDatabase } from '../support/databases';
import { recordingLogger } from '../support/silent-logger';
import { Article, Author, LIFECYCLE_ENTITIES, createLifecycleSchema } from './lifecycle-fixtures';

for (const dialect of DIALECTS) {
  describe(`degrade mode: TypeORM's automatic columns missing, on ${dialect}`, () => {
    let db: TestDatabase;
    beforeEach(async () => {
      db = await createDatabase(dialect);
      await createLifecycleSchema(db);
    });
    afterEach(() => db.dispose());

    const articleRows = () => db.rows<{ id: number; title: string }>('SELECT "id", "title" FROM "articles" ORDER BY "id"');

    it('without degrade: every find of the entity fails on the soft-delete condition', async () => {
      const ds = await db.connect(LIFECYCLE_ENTITIES);
      const author = await ds.getRepository(Author).save({ name: 'ada' });
      await db.exec(`INSERT INTO "articles" ("title", "author_id") VALUES ('notes', ${author.id})`);
      let failure: unknown;
      await ds.getRepository(Article).find().catch((error) => (failure = error));
      expect(String(failure)).to.match(/deleted_at/);
    });

    it('degraded: reads, saves and updates work, nothing is filtered or dropped, soft delete is refused', async () => {
      const ds = await db.connect(LIFECYCLE_ENTITIES);
      const logger = recordingLogger();
      const report = await validateSchemaOnStartup(ds, { mode: 'degrade', logger });
      const columns = report.degraded!.filter((entry) => entry.entity === 'Article').map((entry) => `${entry.kind} ${entry.property}`);
      expect(columns.sort()).to.deep.equal(['column Article.deletedAt', 'column Article.updatedAt', 'column Article.version']);
      for (const property of ['deletedAt', 'updatedAt', 'version']) {
        expect(logger.logs.filter((log) => log.level === 'warn' && log.message?.includes(`Article.${property} is TypeORM's`))).to.have.length(1);
      }

      const author = await ds.getRepository(Author).save({ name: 'ada' });
      const articles = ds.getRepository(Article);
      const saved = await articles.save(articles.create({ title: 'draft', author }));
      await db.exec(`INSERT INTO "articles" ("title", "author_id") VALUES ('raw', ${author.id})`);
      expect(await articleRows()).to.have.length(2);
      // Every row comes back: without the column no row can be soft-deleted.
      expect((await articles.find({ order: { id: 'ASC' } })).map((article) => article.title)).to.deep.equal(['draft', 'raw']);
      expect(await articles.count()).to.equal(2);
      const loaded = await articles.findOneOrFail({ where: { id: saved.id }, relations: { author: true } });
      expect(loaded).to.include({ title: 'draft', deletedAt: undefined, updatedAt: undefined, version: undefined });
      expect(loaded.author.name).to.equal('ada');
      // Through the healthy relation into the entity, by join and by separate queries.
      for (const relationLoadStrategy of ['join', 'query'] as const) {
        const withArticles = await ds.getRepository(Author).findOneOrFail({ where: { id: author.id }, relations: { articles: true }, relationLoadStrategy });
        expect(withArticles.articles.map((article) => article.title).sort()).to.deep.equal(['draft', 'raw']);
      }
      const joined = await ds.getRepository(Author).createQueryBuilder('a').leftJoinAndSelect('a.articles', 'x').getOneOrFail();
      expect(joined.articles).to.have.length(2);

      loaded.title = 'final';
      await articles.save(loaded);
      await articles.update({ id: saved.id }, { title: 'final 2' });
      await articles.createQueryBuilder().update().set({ title: 'final 3' }).where('id = :id', { id: saved.id }).execute();
      // PostgreSQL's upsert would add `"updated_at" = DEFAULT` to its DO UPDATE SET.
      await articles.upsert({ title: 'fresh', author }, ['id']);
      expect((await articleRows()).map((row) => row.title)).to.deep.equal(['final 3', 'raw', 'fresh']);
      expect(getSchemaDegradation(ds).droppedWrites).to.deep.equal({});
      // An optimistic lock has neither a version nor an update date to compare: TypeORM refuses it.
      let lockFailure: unknown;
      await articles.findOne({ where: { id: saved.id }, lock: { mode: 'optimistic', version: 1 } }).catch((error) => (lockFailure = error));
      expect(lockFailure).to.have.property('name', 'NoVersionOrUpdateDateColumnError');

      // Soft delete has nowhere to write: refused before the UPDATE, every row stays and stays visible.
      const attempts = [
        () => articles.softDelete({ id: saved.id }),
        () => articles.softRemove(loaded),
        () => articles.restore({ id: saved.id }),
        () => articles.recover(loaded),
        () => articles.createQueryBuilder().softDelete().where('id = :id', { id: saved.id }).execute(),
      ];
      for (const attempt of attempts) {
        let failure: unknown;
        await attempt().catch((error) => (failure = error));
        expect(failure, String(attempt)).to.have.property('name', 'MissingDeleteDateColumnError');
      }
      expect(await articleRows()).to.have.length(3);
      expect(await articles.count()).to.equal(3);
      // Hard delete still works and is exact.
      await articles.delete({ id: saved.id });
      expect((await articleRows()).map((row) => row.title)).to.deep.equal(['raw', 'fresh']);
    });

    // SQLite stores any value in any column: a type difference there is a warning and degrades nothing.
    if (dialect === 'postgres') {
      it('there but mistyped: the soft-delete condition stays (rows may be deleted), updates stop setting the update date', async () => {
        await db.exec('ALTER TABLE "articles" ADD "updated_at" integer NOT NULL DEFAULT 0, ADD "deleted_at" integer');
        const ds = await db.connect(LIFECYCLE_ENTITIES);
        const report = await validateSchemaOnStartup(ds, { mode: 'degrade', logger: recordingLogger() });
        const entries = report.degraded!.filter((entry) => entry.entity === 'Article').map((entry) => `${entry.property} ${entry.finding.code}`);
        expect(entries.sort()).to.deep.equal(['Article.deletedAt type_mismatch', 'Article.updatedAt type_mismatch', 'Article.version missing_column']);
        const author = await ds.getRepository(Author).save({ name: 'ada' });
        await db.exec(`INSERT INTO "articles" ("title", "author_id", "deleted_at") VALUES ('kept', ${author.id}, NULL), ('gone', ${author.id}, 1)`);
        const articles = ds.getRepository(Article);
        expect((await articles.find()).map((article) => article.title)).to.deep.equal(['kept']);
        const withArticles = await ds.getRepository(Author).findOneOrFail({ where: { id: author.id }, relations: { articles: true } });
        expect(withArticles.articles.map((article) => article.title)).to.deep.equal(['kept']);
        await articles.update({ title: 'kept' }, { title: 'still kept' });
        expect(await db.rows('SELECT "title", "updated_at", "deleted_at" FROM "articles" ORDER BY "id"')).to.deep.equal([
          { title: 'still kept', updated_at: 0, deleted_at: null },
          { title: 'gone', updated_at: 0, deleted_at: 1 },
        ]);
      });
    }

    it('restoring puts the automatic columns back in the metadata', async () => {
      const ds = await db.connect(LIFECYCLE_ENTITIES);
      const metadata = ds.getMetadata(Article);
      const originals = [metadata.deleteDateColumn, metadata.updateDateColumn, metadata.versionColumn];
      await validateSchemaOnStartup(ds, { mode: 'degrade', logger: recordingLogger() });
      expect([metadata.deleteDateColumn, metadata.updateDateColumn, metadata.versionColumn]).to.deep.equal([undefined, undefined, undefined]);
      expect(restoreSchemaDegradation(ds)).to.equal(true);
      expect([metadata.deleteDateColumn, metadata.updateDateColumn, metadata.versionColumn]).to.deep.equal(originals);
      expect(originals.map((column) => [column!.isUpdateDate, column!.isVersion])).to.deep.equal([
        [false, false],
        [true, false],
        [false, true],
      ]);
    });
  });
}
