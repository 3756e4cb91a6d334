/**
 * Issue 17, gap 4: an EntitySchema `relationIds` over a one-to-many whose join column is missing
 * (`books.shelf_id`). TypeORM loads relation ids on every select of the entity, so without
 * degrade every find of `Shelf` fails; degraded, the relation id is left out like the relation.
 */
import { expect } from 'chai';
import { getSchemaDegradation, restoreSchemaDegradation, validateSchemaOnStartup } from '../../lib';
import { DIALECTS, type TestDatabase, createDatabase } from '../support/databases';
import { recordingLogger } from '../support/silent-logger';
import { Book, LIFECYCLE_ENTITIES, Shelf, createLifecycleSchema } from './lifecycle-fixtures';

for (const dialect of DIALECTS) {
  describe(`degrade mode: relation ids over a degraded relation, on ${dialect}`, () => {
    let db: TestDatabase;
    beforeEach(async () => {
      db = await createDatabase(dialect);
      await createLifecycleSchema(db);
      await db.exec(`INSERT INTO "shelves" ("name") VALUES ('fiction'), ('poetry')`);
      await db.exec(`INSERT INTO "books" ("title") VALUES ('dune')`);
    });
    afterEach(() => db.dispose());

    it('without degrade: every find of the entity fails on the relation id query', async () => {
      const ds = await db.connect(LIFECYCLE_ENTITIES);
      let failure: unknown;
      await ds.getRepository(Shelf).find().catch((error) => (failure = error));
      expect(String(failure)).to.match(/shelf_id/);
    });

    it('degraded: every row loads, the relation id stays undefined, the skip is logged once', async () => {
      const ds = await db.connect(LIFECYCLE_ENTITIES);
      const logger = recordingLogger();
      const report = await validateSchemaOnStartup(ds, { mode: 'degrade', logger });
      expect(report.degraded!.filter((entry) => entry.kind === 'relation').map((entry) => entry.relation)).to.include.members(['Book.shelf', 'Shelf.books']);
      const shelves = ds.getRepository(Shelf);
      for (let i = 0; i < 3; i++) {
        const rows = await shelves.find({ order: { id: 'ASC' } });
        expect(rows.map((row) => [row.name, row.bookIds])).to.deep.equal([
          ['fiction', undefined],
          ['poetry', undefined],
        ]);
      }
      expect(await shelves.findOneByOrFail({ name: 'poetry' })).to.include({ name: 'poetry' });
      expect(await shelves.createQueryBuilder('s').getCount()).to.equal(2);
      const saved = await shelves.save({ name: 'essays' });
      expect(saved.bookIds).to.equal(undefined);
      expect(await db.rows('SELECT "name" FROM "shelves" ORDER BY "id"')).to.deep.equal([{ name: 'fiction' }, { name: 'poetry' }, { name: 'essays' }]);
      expect((await ds.getRepository(Book).find()).map((book) => book.title)).to.deep.equal(['dune']);
      expect(logger.logs.filter((log) => log.level === 'warn' && log.message?.includes('Shelf.bookIds'))).to.have.length(1);
      expect(getSchemaDegradation(ds).droppedWrites).to.deep.equal({});

      expect(restoreSchemaDegradation(ds)).to.equal(true);
      expect(ds.getMetadata(Shelf).relationIds.map((relationId) => relationId.propertyName)).to.deep.equal(['bookIds']);
    });
  });
}
