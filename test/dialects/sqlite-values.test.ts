/**
 * SQLite affinity is about values, not names: each type rule's severity is proven here by
 * TypeORM's own save and find on the drifted table, on every driver of the SQLite family.
 */
import { expect } from 'chai';
import { type Finding, validateSchemaOnStartup } from '../../lib';
import { findingTuples } from '../support/finding-tuples';
import { recordingLogger } from '../support/silent-logger';
import { SQLITE_VARIANTS, openSqlite, type OpenSqlite, type TypeormModule } from '../support/sqlite-family';

const documents = (EntitySchema: TypeormModule['EntitySchema']) => [
  new EntitySchema({
    name: 'Doc',
    tableName: 'doc',
    columns: {
      id: { type: 'uuid', primary: true, generated: 'uuid' },
      code: { type: 'varchar', nullable: true },
      body: { type: 'json', nullable: true },
      meta: { type: 'simple-json', nullable: true },
    },
  } as never),
];

// What a hand-written migration made: `uuid` (NUMERIC affinity), an INTEGER code, TEXT and `json` documents.
const DOC_TABLE = 'CREATE TABLE "doc" ("id" uuid PRIMARY KEY NOT NULL, "code" integer, "body" TEXT, "meta" json)';

const accounts = (idType: string) => (EntitySchema: TypeormModule['EntitySchema']) => [
  new EntitySchema({
    name: 'Account',
    tableName: 'account',
    columns: {
      id: { type: idType, primary: true, ...(idType === 'uuid' ? { generated: 'uuid' } : {}) },
      name: { type: 'varchar' },
    },
  } as never),
];

// The id became the rowid: it accepts integers only.
const ACCOUNT_TABLE = 'CREATE TABLE "account" ("id" INTEGER PRIMARY KEY NOT NULL, "name" varchar NOT NULL)';

const parentsAndChildren = (keyType: string) => (EntitySchema: TypeormModule['EntitySchema']) => [
  new EntitySchema({
    name: 'Parent',
    tableName: 'parent',
    columns: { id: { type: keyType, primary: true, ...(keyType === 'uuid' ? { generated: 'uuid' } : { generated: 'increment' }) } },
  } as never),
  new EntitySchema({
    name: 'Child',
    tableName: 'child',
    columns: { id: { type: 'integer', primary: true, generated: 'increment' } },
    relations: { parent: { type: 'many-to-one', target: 'Parent', joinColumn: { name: 'parent_id' } } },
  } as never),
];

async function findingsOf(open: OpenSqlite): Promise<Finding[]> {
  const report = await validateSchemaOnStartup(open.ds as never, { mode: 'warn', logger: recordingLogger() });
  return report.findings;
}

async function failureOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    return String(error);
  }
  return 'no failure';
}

for (const variant of SQLITE_VARIANTS) {
  describe(`sqlite values: ${variant.label}`, () => {
    let open: OpenSqlite | undefined;
    afterEach(async () => {
      await open?.dispose();
      open = undefined;
    });

    it('json and simple-json over TEXT and `json` columns store identical values: info only; `uuid` declared as the entity declares it: nothing', async () => {
      open = await openSqlite(variant, documents);
      await open.ds.query(DOC_TABLE);
      const findings = await findingsOf(open);
      expect(findingTuples(findings)).to.deep.equal([
        'info type_mismatch doc.body',
        'info type_mismatch doc.meta',
        'warning type_mismatch doc.code',
      ]);
      const docs = open.ds.getRepository('Doc');
      const values = [
        { body: { a: 1, b: [1.5, 'x'] }, meta: 5 },
        { body: [1, '2'], meta: '007' },
        { body: 'x', meta: { nested: { deep: true } } },
        { body: 12, meta: null },
      ];
      for (const value of values) {
        const saved = await docs.save({ ...value });
        const loaded = await docs.findOneBy({ id: saved.id });
        expect(loaded, JSON.stringify(value)).to.deep.include({ id: saved.id, ...value });
        expect(saved.id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
      }
    });

    it('a string over an INTEGER column: a warning naming the values that change, as save/find shows', async () => {
      open = await openSqlite(variant, documents);
      await open.ds.query(DOC_TABLE);
      const [code] = (await findingsOf(open)).filter((finding) => finding.column === 'code');
      expect(code.severity).to.equal('warning');
      expect(code.message).to.match(/non-numeric strings are stored as text/).and.match(/'007' as 7/);
      const docs = open.ds.getRepository('Doc');
      const round = async (value: string) => (await docs.findOneBy({ id: (await docs.save({ code: value })).id }))?.code;
      expect(await round('abc')).to.equal('abc');
      expect(await round('A-42')).to.equal('A-42');
      expect(await round('007')).to.equal(7);
      expect(await round('1.50')).to.equal(1.5);
    });

    it('a string primary key over the rowid: a warning, since only integer strings can be saved', async () => {
      open = await openSqlite(variant, accounts('varchar'));
      await open.ds.query(ACCOUNT_TABLE);
      const [finding] = await findingsOf(open);
      expect(findingTuples([finding])).to.deep.equal(['warning type_mismatch account.id']);
      expect(finding.message).to.match(/only integer strings/);
      const repo = open.ds.getRepository('Account');
      await repo.save({ id: '42', name: 'numeric' });
      expect((await repo.find()).map((row) => row.id)).to.deep.equal([42]);
      expect(await failureOf(repo.save({ id: 'abc', name: 'text' }))).to.match(/datatype mismatch/);
    });

    it('a foreign key between a `uuid` key and a varchar column is no conflict: it exists, joins and is enforced', async () => {
      open = await openSqlite(variant, parentsAndChildren('uuid'));
      await open.ds.query('CREATE TABLE "parent" ("id" uuid PRIMARY KEY NOT NULL)');
      await open.ds.query('CREATE TABLE "child" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "parent_id" varchar REFERENCES "parent" ("id"))');
      expect(findingTuples(await findingsOf(open))).to.deep.equal([]);
      const parent = await open.ds.getRepository('Parent').save({});
      await open.ds.getRepository('Child').save({ parent });
      const children = await open.ds.getRepository('Child').find({ relations: { parent: true } });
      expect(children.map((child) => (child.parent as { id: string }).id)).to.deep.equal([parent.id]);
      const orphan = { parent: { id: '00000000-0000-4000-8000-000000000000' } };
      expect(await failureOf(open.ds.getRepository('Child').save(orphan))).to.match(/FOREIGN KEY constraint failed/);
    });

    it('an INTEGER key referenced by a TEXT column joins: only the column’s own values are wrong (an error there)', async () => {
      open = await openSqlite(variant, parentsAndChildren('integer'));
      await open.ds.query('CREATE TABLE "parent" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL)');
      await open.ds.query('CREATE TABLE "child" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "parent_id" text REFERENCES "parent" ("id"))');
      expect(findingTuples(await findingsOf(open))).to.deep.equal(['error type_mismatch child.parent_id']);
      const parent = await open.ds.getRepository('Parent').save({});
      await open.ds.getRepository('Child').save({ parent });
      const children = await open.ds.getRepository('Child').find({ relations: { parent: true } });
      expect(children.map((child) => (child.parent as { id: number }).id)).to.deep.equal([parent.id]);
      // The join works, but the join column itself reads back as a string: what the error is about.
      const [row] = (await open.ds.query('SELECT typeof("parent_id") AS t FROM "child"')) as { t: string }[];
      expect(row.t).to.equal('text');
    });

    it('a uuid primary key over the rowid: an error, since every save fails', async () => {
      open = await openSqlite(variant, accounts('uuid'));
      await open.ds.query(ACCOUNT_TABLE);
      expect(findingTuples(await findingsOf(open))).to.deep.equal(['error type_mismatch account.id']);
      const repo = open.ds.getRepository('Account');
      for (const name of ['a', 'b']) expect(await failureOf(repo.save({ name }))).to.match(/datatype mismatch/);
      expect(await repo.find()).to.deep.equal([]);
    });
  });
}
