/**
 * How validateSchemaOnStartup puts the pieces together: the expected schema is built while the
 * catalog query runs, from TypeORM's idea of the default schema, and rebuilt when the catalog says
 * otherwise.
 */
import { expect } from 'chai';
import { EntitySchema } from 'typeorm';
import { validateSchemaOnStartup } from '../lib';
import { TASK_ENTITIES } from '../examples/incident-004/entities';
import { createDatabase, DIALECTS, type TestDatabase } from './support/databases';

/** An entity naming its schema explicitly: its table key depends on which schema is the default. */
const NoteEntity = new EntitySchema<{ id: number; body: string }>({
  name: 'Note',
  tableName: 'notes',
  schema: 'public',
  columns: { id: { type: Number, primary: true, generated: 'increment' }, body: { type: String } },
});

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

for (const dialect of DIALECTS) {
  describe(`validateSchemaOnStartup orchestration on ${dialect}`, () => {
    let db: TestDatabase;
    beforeEach(async () => {
      db = await createDatabase(dialect);
    });
    afterEach(async () => {
      await db.dispose();
    });

    it('is clean on a synchronised schema, first call and repeated calls alike', async () => {
      const ds = await db.connect(TASK_ENTITIES, { synchronize: true });
      for (let i = 0; i < 3; i++) {
        const report = await validateSchemaOnStartup(ds, { mode: 'warn', logger: silent });
        expect(report.findings, `call ${i + 1}`).to.deep.equal([]);
        expect(report.stats.queries).to.equal(dialect === 'postgres' ? 3 : 1);
      }
    });

    if (dialect === 'postgres') {
      it('uses the catalog’s default schema when TypeORM’s searchSchema guess is wrong', async () => {
        const ds = await db.connect([...TASK_ENTITIES, NoteEntity], { synchronize: true });
        // The expected schema built early, while the catalog query ran, names tables relative to this
        // guess: had it been used, every table would be reported missing.
        (ds.driver as unknown as { searchSchema: string }).searchSchema = 'not_the_current_schema';
        for (let i = 0; i < 2; i++) {
          const report = await validateSchemaOnStartup(ds, { mode: 'warn', logger: silent });
          expect(report.findings, `call ${i + 1}`).to.deep.equal([]);
          expect(report.stats.tables).to.equal(ds.entityMetadatas.length);
        }
      });
    }
  });
}
