/**
 * Degrade mode duck-types TypeORM: a DataSource from a second copy of TypeORM (here the 0.3 line
 * installed beside 1.x) gets its own prototype patch, and both copies are restored independently.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource as OtherDataSource, EntitySchema as OtherEntitySchema } from 'typeorm-0.3';
import { getSchemaDegradation, restoreSchemaDegradation, validateSchemaOnStartup } from '../../lib';
import { recordingLogger } from '../support/silent-logger';

const Note = new OtherEntitySchema<{ id: number; text: string; priority?: number }>({
  name: 'Note',
  tableName: 'notes',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    text: { type: 'varchar' },
    priority: { type: 'integer', default: 0 },
  },
});

describe('degrade mode: a second copy of TypeORM', () => {
  let dir: string;
  let ds: OtherDataSource;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'schema-guard-degrade-copy-'));
    ds = new OtherDataSource({ type: 'better-sqlite3', database: join(dir, 'notes.sqlite'), entities: [Note] });
    await ds.initialize();
    await ds.query('CREATE TABLE "notes" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "text" varchar NOT NULL)');
  });
  after(async () => {
    if (ds.isInitialized) await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('degrades, loads around the missing column, and restores, on its own prototype', async () => {
    const report = await validateSchemaOnStartup(ds, { mode: 'degrade', logger: recordingLogger() });
    expect(report.degraded!.map((entry) => entry.property)).to.deep.equal(['Note.priority']);
    const notes = ds.getRepository(Note);
    const saved = await notes.save({ text: 'hello' });
    const loaded = await notes.findOneByOrFail({ id: saved.id });
    expect([loaded.text, loaded.priority]).to.deep.equal(['hello', undefined]);
    const prototype = Object.getPrototypeOf(ds.createQueryBuilder());
    expect(Object.prototype.hasOwnProperty.call(prototype, 'setFindOptions')).to.equal(true);
    const patched = prototype.setFindOptions;
    expect(restoreSchemaDegradation(ds)).to.equal(true);
    expect(getSchemaDegradation(ds).isDegraded).to.equal(false);
    expect(prototype.setFindOptions).not.to.equal(patched);
    let failure: unknown;
    await notes.findOneBy({ id: saved.id }).catch((error) => (failure = error));
    expect(String(failure)).to.match(/priority/);
  });
});
