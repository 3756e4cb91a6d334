/**
 * SQLite's table rebuild (issue 11, item 3): for each break of the round-trip suite that SQLite's
 * ALTER TABLE cannot undo, the rows written by TypeORM survive `rebuildSqliteTable`'s statements,
 * the check then finds nothing, and `reverse` brings back exactly the broken state's findings.
 */
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { validateSchemaOnStartup } from '../../lib';
import { introspectSqlite } from '../../lib/dialects/sqlite';
import { rebuildSqliteTable } from '../../lib/dialects/sqlite/rebuild-table';
import { buildExpectedSchema } from '../../lib/expected/build-expected-schema';
import type { ExpectedTable } from '../../lib/model/expected';
import type { TableModel } from '../../lib/model/schema';
import type { DriverLike, EntityMeta } from '../../lib/typeorm/typeorm-shapes';
import { broadEntities } from '../fixtures/broad-entities';
import { createDatabase, type TestDatabase } from '../support/databases';
import { findingTuples } from '../support/finding-tuples';
import { expectedTable } from '../support/literal-models';
import { SQLITE_VARIANTS, openSqlite, type FamilyDataSource, type TypeormModule } from '../support/sqlite-family';
import { editSqliteTable, replaceIn, without } from '../support/sqlite-table-edit';
import type { ExpectedColumn } from '../../lib/model/expected';

const silentLogger = { warn() {}, info() {}, error() {} };

function expectedTableOf(ds: DataSource, table: string): ExpectedTable {
  const schema = buildExpectedSchema(ds.entityMetadatas as unknown as EntityMeta[], ds.driver as unknown as DriverLike, {
    dialect: 'sqlite',
    defaultSchema: 'main',
  });
  const found = schema.tables.get(table);
  if (!found) throw new Error(`no expected table ${table}`);
  return found;
}

async function actualTableOf(db: TestDatabase, table: string): Promise<TableModel> {
  const schema = await introspectSqlite({ query: (sql, params = []) => rowsWith(db, sql, params) }, { schemas: [], timeoutMs: 5000 });
  const found = schema.tables.get(table);
  if (!found) throw new Error(`no table ${table}`);
  return found;
}

async function rowsWith(db: TestDatabase, sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
  if (params.length > 0) throw new Error('the catalog statement of this test takes no parameters');
  return db.rows(sql);
}

/** Runs a rebuild as its notes say: the first pragma, the rest in one transaction, the last pragma. */
async function runRebuild(db: TestDatabase, sql: string[]): Promise<void> {
  expect(sql[0]).to.equal('PRAGMA foreign_keys = OFF');
  expect(sql[sql.length - 1]).to.equal('PRAGMA foreign_keys = ON');
  await db.exec(sql[0]);
  await db.exec('BEGIN');
  try {
    for (const statement of sql.slice(1, -1)) await db.exec(statement);
    await db.exec('COMMIT');
  } catch (error) {
    await db.exec('ROLLBACK');
    throw new Error(`${String(error)}\n${sql.join(';\n')}`);
  } finally {
    await db.exec(sql[sql.length - 1]);
  }
}

async function findings(ds: DataSource): Promise<string[]> {
  const report = await validateSchemaOnStartup(ds, { mode: 'warn', logger: silentLogger });
  return findingTuples(report.findings);
}

/** Rows TypeORM writes into the table a case breaks, and the raw values they must keep. */
interface Seed {
  orderBy: string;
  rows: Record<string, unknown>[];
}

const SEEDS: Record<string, (ds: DataSource) => Promise<Seed>> = {
  kitchen_sink: async (ds) => {
    const rows = [1, 2, 3].map((i) => ({
      plainString: `p${i}`, varcharNoLength: 'v', varchar255: 'w', code: `c${i}`, region: 'eu', body: `b${i}`, note: `n${i}`,
      qty: i, small: 1, big: '9007199254740993', ratio: 0.5, score: 1.25, weight: 2, day: '2024-01-02', clock: '10:00:00',
      stamp: new Date('2024-01-02T03:04:05Z'), answer: 6 + i, greeting: 'hi', status: i === 1 ? 'archived' : 'active',
    }));
    await ds.getRepository('KitchenSink').save(rows);
    return { orderBy: 'qty', rows: rows.map(({ plainString, body, note, qty, answer, greeting, status, code, region }) => ({ plainString, body, note, qty, answer, greeting, status, code, region })) };
  },
  profile: async (ds) => {
    await ds.getRepository('Profile').save([{ bio: 'a', settings: { x: 1 } }, { bio: 'b' }]);
    return { orderBy: 'bio', rows: [{ bio: 'a', settings: '{"x":1}' }, { bio: 'b', settings: '{"theme":"dark","size":2}' }] };
  },
  setting: async (ds) => {
    await ds.getRepository('Setting').save([{ name: 'a', value: '1' }, { name: 'b', value: '2' }]);
    return { orderBy: 'name', rows: [{ name: 'a', value: '1' }, { name: 'b', value: '2' }] };
  },
  payment: async (ds) => {
    const invoice = await ds.getRepository('Invoice').save({ total: '3.75' });
    await ds.getRepository('Payment').save([{ amount: '1.5', invoice }, { amount: '2.25', invoice }]);
    return { orderBy: 'amount', rows: [{ amount: 1.5, invoiceId: invoice.id }, { amount: 2.25, invoiceId: invoice.id }] };
  },
  extras_explicit: async (ds) => {
    const organization = await ds.getRepository('Organization').save({ name: 'acme', address: { street: 's' } });
    const members = await ds.getRepository('Member').save([1, 2].map((i) => ({ name: `m${i}`, organization })));
    await ds.getRepository('Extras').save(members.map((ownerMember, i) => ({ renamed: `r${i}`, negative: -5 - i, ownerMember, orgByName: organization })));
    return {
      orderBy: 'custom_name',
      rows: members.map((member, i) => ({ custom_name: `r${i}`, negative: -5 - i, owner_member_id: member.id, org_name: 'acme' })),
    };
  },
  tag: async (ds) => {
    await ds.getRepository('Tag').save([{ label: 'red' }, { label: 'blue' }]);
    return { orderBy: 'label', rows: [{ label: 'blue' }, { label: 'red' }] };
  },
  organization: async (ds) => {
    const organizations = await ds.getRepository('Organization').save([1, 2].map((i) => ({ name: `o${i}`, address: { street: `s${i}`, city: 'Rome' } })));
    // Members reference it ON DELETE CASCADE: with foreign keys on, DROP TABLE would delete them.
    await ds.getRepository('Member').save(organizations.map((organization, i) => ({ name: `m${i}`, organization })));
    return { orderBy: 'name', rows: [{ name: 'o1', addressCity: 'Rome' }, { name: 'o2', addressCity: 'Rome' }] };
  },
  member: async (ds) => {
    const organization = await ds.getRepository('Organization').save({ name: 'acme', address: { street: 's' } });
    await ds.getRepository('Member').save([1, 2].map((i) => ({ name: `m${i}`, organization })));
    return { orderBy: 'name', rows: [{ name: 'm1', organizationId: organization.id }, { name: 'm2', organizationId: organization.id }] };
  },
};

interface RebuildCase {
  name: string;
  table: string;
  break: (db: TestDatabase) => Promise<void>;
  /** A column whose values the break itself destroys (not compared afterwards). */
  lost?: string;
  /** False when TypeORM cannot write the seed rows before the break (the rows are then inserted after it). */
  seed?: false;
}

const CASES: RebuildCase[] = [
  { name: 'change a type incompatibly', table: 'kitchen_sink', break: editSqliteTable('kitchen_sink', replaceIn('"answer" integer', '"answer" integer', '"answer" text')) },
  { name: 'change a type compatibly', table: 'kitchen_sink', break: editSqliteTable('kitchen_sink', replaceIn('"answer" integer', '"answer" integer', '"answer" real')) },
  { name: 'SET NOT NULL on a nullable column', table: 'kitchen_sink', break: editSqliteTable('kitchen_sink', replaceIn('"note"', '"note" text', '"note" text NOT NULL')) },
  { name: 'DROP NOT NULL on a required column', table: 'kitchen_sink', break: editSqliteTable('kitchen_sink', replaceIn('"body"', ' NOT NULL', '')) },
  { name: 'change a default', table: 'kitchen_sink', break: editSqliteTable('kitchen_sink', replaceIn('"greeting"', "'hello'", "'bye'")) },
  { name: 'change a json default', table: 'profile', break: editSqliteTable('profile', replaceIn('"settings"', '"dark"', '"light"')) },
  { name: 'change a negative default', table: 'extras_explicit', break: editSqliteTable('extras_explicit', replaceIn('"negative"', 'DEFAULT (-1)', 'DEFAULT (-2)')) },
  {
    name: 'replace a function default with a constant',
    table: 'kitchen_sink',
    break: editSqliteTable('kitchen_sink', replaceIn('"touchedAt"', "(datetime('now'))", "('2020-01-01 00:00:00')")),
  },
  { name: 'drop a default', table: 'kitchen_sink', break: editSqliteTable('kitchen_sink', replaceIn('"answer"', / DEFAULT \(?42\)?/, '')) },
  {
    name: 'replace the primary key',
    table: 'setting',
    break: editSqliteTable('setting', (parts) =>
      parts.map((part) =>
        part.startsWith('"name"') ? part.replace(' PRIMARY KEY', '') : part.startsWith('"value"') ? part.replace('text', 'text PRIMARY KEY') : part,
      ),
    ),
  },
  { name: 'drop a foreign key', table: 'payment', break: editSqliteTable('payment', (parts) => parts.filter((part) => !/FOREIGN KEY \("invoiceId"\)/.test(part))) },
  {
    name: "change a foreign key's ON DELETE",
    table: 'payment',
    break: editSqliteTable('payment', (parts) =>
      parts.map((part) => (/FOREIGN KEY \("invoiceId"\)/.test(part) ? part.replace('ON DELETE CASCADE', 'ON DELETE SET NULL') : part)),
    ),
  },
  {
    name: "change a foreign key's ON UPDATE",
    table: 'extras_explicit',
    break: editSqliteTable('extras_explicit', (parts) =>
      parts.map((part) => (/FOREIGN KEY \("org_name"\)/.test(part) ? part.replace('ON UPDATE CASCADE', 'ON UPDATE NO ACTION') : part)),
    ),
  },
  {
    name: 'point a foreign key at another table',
    table: 'payment',
    break: editSqliteTable('payment', (parts) =>
      parts.map((part) => (/FOREIGN KEY \("invoiceId"\)/.test(part) ? part.replace('REFERENCES "invoice"', 'REFERENCES "team"') : part)),
    ),
  },
  { name: 'drop a unique constraint', table: 'kitchen_sink', break: editSqliteTable('kitchen_sink', (parts) => parts.filter((part) => !/UNIQUE \("code", "region"\)/.test(part))) },
  { name: 'drop a check constraint', table: 'kitchen_sink', break: editSqliteTable('kitchen_sink', (parts) => parts.filter((part) => !part.includes('"qty" >= 0'))) },
  {
    name: 'remove an enum value',
    table: 'kitchen_sink',
    break: editSqliteTable('kitchen_sink', (parts) => parts.map((part) => (/CHECK\s*\(\s*"status" IN/.test(part) ? part.replace(",'deleted'", '') : part))),
  },
  {
    name: 'add an enum value',
    table: 'kitchen_sink',
    break: editSqliteTable('kitchen_sink', (parts) =>
      parts.map((part) => (/CHECK\s*\(\s*"status" IN/.test(part) ? part.replace("'deleted'", "'deleted','suspended'") : part)),
    ),
  },
  { name: 'make a computed column plain', table: 'kitchen_sink', break: editSqliteTable('kitchen_sink', replaceIn('"doubled"', / AS \(.*\) STORED/, '')) },
  {
    name: 'make a plain column computed',
    table: 'kitchen_sink',
    lost: 'answer',
    break: editSqliteTable('kitchen_sink', replaceIn('"answer"', '"answer" integer NOT NULL DEFAULT (42)', '"answer" integer AS ("qty" + 1) STORED')),
  },
  {
    name: 'drop the serial default of a generated primary key',
    table: 'tag',
    break: editSqliteTable('tag', replaceIn('"id"', /"id" integer PRIMARY KEY AUTOINCREMENT NOT NULL/, '"id" int PRIMARY KEY NOT NULL')),
  },
  { name: 'drop the join column of a ManyToOne', table: 'payment', lost: 'invoiceId', break: editSqliteTable('payment', without('"invoiceId"')) },
  {
    name: 'change the default of a table other tables reference ON DELETE CASCADE',
    table: 'organization',
    break: editSqliteTable('organization', replaceIn('"addressCity"', "'Paris'", "'Lyon'")),
  },
  { name: 'drop the join column of a lazy relation', table: 'member', break: editSqliteTable('member', without('"mentorId"')) },
];

describe('SQLite table rebuild (rebuildSqliteTable)', function () {
  this.timeout(60_000);

  for (const testCase of CASES) {
    it(`${testCase.name}: converges with the rows kept, and reverses to the broken state`, async () => {
      const db = await createDatabase('sqlite');
      try {
        const ds = await db.connect(broadEntities('sqlite'), { synchronize: true });
        const seed = await SEEDS[testCase.table](ds);
        await testCase.break(db);
        const broken = await findings(ds);
        expect(broken.some((f) => f.split(' ')[2].startsWith(testCase.table)), `the break shows:\n${broken.join('\n')}`).to.equal(true);

        const plan = rebuildSqliteTable(expectedTableOf(ds, testCase.table), await actualTableOf(db, testCase.table));
        const counts = await rowCounts(db);
        await runRebuild(db, plan.sql);
        // No other table lost rows (foreign keys were off while the old table was dropped).
        expect(await rowCounts(db)).to.deep.equal(counts);
        expect(await findings(ds), `after the rebuild:\n${plan.sql.join(';\n')}\nnotes:\n${plan.notes.join('\n')}`).to.deep.equal([]);
        await expectRows(db, ds, testCase, seed);
        expect(await db.rows(`PRAGMA foreign_key_check("${testCase.table}")`)).to.deep.equal([]);
        // What the validation cannot see: a computed column is STORED or VIRTUAL as declared.
        const computed = (table: TableModel) => table.columns.filter((c) => c.generation === 'computed').map((c) => [c.name, c.isStored]);
        expect(computed(await actualTableOf(db, testCase.table))).to.deep.equal(computed(expectedTableOf(ds, testCase.table)));

        await runRebuild(db, plan.reverse);
        expect(await findings(ds), `after the reverse:\n${plan.reverse.join(';\n')}`).to.deep.equal(broken);
        const [{ n }] = await db.rows<{ n: number }>(`SELECT count(*) AS n FROM "${testCase.table}"`);
        expect(n).to.equal(seed.rows.length);
      } finally {
        await db.dispose();
      }
    });
  }
});

async function rowCounts(db: TestDatabase): Promise<Record<string, number>> {
  const tables = await db.rows<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`);
  const counts: Record<string, number> = {};
  for (const { name } of tables) counts[name] = (await db.rows<{ n: number }>(`SELECT count(*) AS n FROM "${name}"`))[0].n;
  return counts;
}

async function expectRows(db: TestDatabase, ds: DataSource, testCase: RebuildCase, seed: Seed): Promise<void> {
  const columns = Object.keys(seed.rows[0]).filter((column) => column !== testCase.lost);
  const rows = await db.rows(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${testCase.table}" ORDER BY "${seed.orderBy}"`);
  const want = seed.rows.map((row) => Object.fromEntries(columns.map((c) => [c, row[c]])));
  expect(rows).to.deep.equal(want);
  // TypeORM reads them all back.
  const entity = ds.entityMetadatas.find((metadata) => metadata.tableName === testCase.table)!;
  expect(await ds.getRepository(entity.target).count()).to.equal(seed.rows.length);
}

/** An expected column with the flags a literal model needs. */
function column(name: string, displayType: string, extra: Partial<ExpectedColumn> = {}): ExpectedColumn {
  return { name, type: displayType.replace(/\(.*$/, ''), displayType, isArray: false, isNullable: true, isJoinColumn: false, hasTransformer: false, isPrimary: false, ...extra };
}

describe('SQLite table rebuild: hostile names and unexpected columns', function () {
  this.timeout(60_000);

  it('quotes every identifier and literal: quotes and spaces in table, column, index, constraint names and enum values', async () => {
    const db = await createDatabase('sqlite');
    try {
      await db.exec(`CREATE TABLE "pa""rent" ("i d" integer PRIMARY KEY AUTOINCREMENT NOT NULL);
        CREATE TABLE "we""ird tab'le" ("i d" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "na""me" varchar(20), "st'atus" varchar,
          "pa rent" integer, "le gacy" text DEFAULT ('x''y') CHECK( "le gacy" IN ('x''y','z') ));
        CREATE INDEX "ix ""a""" ON "we""ird tab'le" ("na""me");
        INSERT INTO "pa""rent" DEFAULT VALUES;
        INSERT INTO "we""ird tab'le" ("na""me", "st'atus", "pa rent") VALUES ('one', 'c', 1), ('two', 'a''b', 1);`);
      const actual = await actualTableOf(db, `we"ird tab'le`);
      const expected = expectedTable(`we"ird tab'le`, 'Weird', {
        columns: [
          column('i d', 'integer', { isNullable: false, isPrimary: true, generation: 'increment' }),
          column('na"me', 'varchar(20)', { isNullable: false, default: "'it''s'" }),
          column("st'atus", 'varchar', { enumValues: ["a'b", 'c'] }),
          column('pa rent', 'integer', { isJoinColumn: true }),
        ],
        primaryKey: ['i d'],
        foreignKeys: [{ name: 'FK "p"', columns: ['pa rent'], referencedTable: 'pa"rent', referencedColumns: ['i d'], onDelete: 'cascade', onUpdate: 'no action' }],
        indexes: [
          { name: 'UQ "n"', columns: ['na"me', "st'atus"], isUnique: true, isConstraint: true },
          { name: "IDX 'x'", columns: ['na"me'], isUnique: true, where: `"na""me" <> 'z'` },
        ],
        checks: [{ name: 'CHK "c"', expression: `"i d" > 0` }],
      });
      const plan = rebuildSqliteTable(expected, actual);
      await runRebuild(db, plan.sql);

      const rebuilt = await actualTableOf(db, `we"ird tab'le`);
      expect(rebuilt.columns.map((c) => [c.name, c.displayType.toLowerCase(), c.isNullable, c.default ?? null])).to.deep.equal([
        ['i d', 'integer', false, null],
        ['na"me', 'varchar(20)', false, "'it''s'"],
        ["st'atus", 'varchar', true, null],
        ['pa rent', 'integer', true, null],
        ['le gacy', 'text', true, "'x''y'"],
      ]);
      expect(rebuilt.columns[2].enumValues).to.deep.equal(["a'b", 'c']);
      expect(rebuilt.foreignKeys).to.deep.equal(expected.foreignKeys);
      // The enum CHECK is written inline, as TypeORM writes it, with the quote in the value doubled.
      // The kept column's enum CHECK is kept once, as a table constraint.
      expect(rebuilt.checks).to.deep.equal([
        { expression: `"st'atus" IN ('a''b','c')` },
        { name: 'CHK "c"', expression: '"i d" > 0' },
        { expression: `"le gacy" IN ('x''y','z')` },
      ]);
      expect(rebuilt.columns[4].enumValues).to.deep.equal(["x'y", 'z']);
      expect(rebuilt.indexes.map((i) => [i.name, i.columns, i.isUnique, i.where ?? null]).sort()).to.deep.equal(
        [
          ['UQ "n"', ['na"me', "st'atus"], true, null],
          ["IDX 'x'", ['na"me'], true, `"na""me" <> 'z'`],
          ['ix "a"', ['na"me'], false, null],
        ].sort(),
      );
      expect(await db.rows(`SELECT "na""me" AS n, "st'atus" AS s, "le gacy" AS l FROM "we""ird tab'le" ORDER BY "i d"`)).to.deep.equal([
        { n: 'one', s: 'c', l: "x'y" },
        { n: 'two', s: "a'b", l: "x'y" },
      ]);
      expect(plan.notes.join('\n')).to.include(`"le gacy" is not declared by the entities: kept with its data`);

      await runRebuild(db, plan.reverse);
      expect(await actualTableOf(db, `we"ird tab'le`)).to.deep.equal(actual);
    } finally {
      await db.dispose();
    }
  });

  for (const keepUnexpectedColumns of [undefined, false]) {
    it(`an unexpected NOT NULL column without default (keepUnexpectedColumns: ${keepUnexpectedColumns}): ${keepUnexpectedColumns === false ? 'dropped' : 'kept nullable'}, and said so`, async () => {
      const db = await createDatabase('sqlite');
      try {
        const ds = await db.connect(broadEntities('sqlite'), { synchronize: true });
        await editSqliteTable('tag', (parts) => [...parts.slice(0, 2), '"legacy" integer NOT NULL', ...parts.slice(2)])(db);
        await db.exec(`INSERT INTO tag (label, legacy) VALUES ('red', 1), ('blue', 2)`);
        const broken = await findings(ds);
        expect(broken).to.deep.equal(['error unexpected_column tag.legacy']);

        const plan = rebuildSqliteTable(expectedTableOf(ds, 'tag'), await actualTableOf(db, 'tag'), { keepUnexpectedColumns });
        await runRebuild(db, plan.sql);
        if (keepUnexpectedColumns === false) {
          expect(plan.notes).to.include('"legacy" is not declared by the entities: dropped, with its data');
          expect(await findings(ds)).to.deep.equal([]);
          expect(await db.rows('SELECT label FROM tag ORDER BY id')).to.deep.equal([{ label: 'red' }, { label: 'blue' }]);
        } else {
          expect(plan.notes.join('\n')).to.include('"legacy" is not declared by the entities: kept with its data, but nullable');
          // Nullable, TypeORM's inserts work: what is left is information.
          expect(await findings(ds)).to.deep.equal(['info unexpected_column tag.legacy']);
          expect(await db.rows('SELECT label, legacy FROM tag ORDER BY id')).to.deep.equal([{ label: 'red', legacy: 1 }, { label: 'blue', legacy: 2 }]);
          const green = await ds.getRepository('Tag').save({ label: 'green' });
          // Back to NOT NULL: the row TypeORM wrote has no value there, as the notes say.
          expect(plan.notes).to.include('the reverse: "legacy" becomes NOT NULL: the copy fails if a row has NULL there; set those rows first');
          await ds.getRepository('Tag').delete(green.id);
        }
        if (keepUnexpectedColumns === false) {
          // The dropped column comes back NOT NULL: the old rows have no value for it, so the reverse copy fails.
          expect(plan.notes.join('\n')).to.include('the reverse: "legacy" is new and NOT NULL without a default: the copy fails if the table has rows');
          let failure: unknown;
          await runRebuild(db, plan.reverse).catch((error: unknown) => (failure = error));
          expect(String(failure)).to.match(/NOT NULL constraint failed: new_tag.legacy/);
        } else {
          await runRebuild(db, plan.reverse);
          expect(await findings(ds)).to.deep.equal(broken);
        }
      } finally {
        await db.dispose();
      }
    });
  }

  for (const keepUnexpectedColumns of [true, false]) {
    it(`what the entities do not declare over an unexpected column (keepUnexpectedColumns: ${keepUnexpectedColumns}): index, unique, check, foreign key ${keepUnexpectedColumns ? 'kept' : 'dropped with it'}, each named in the notes`, async () => {
      const db = await createDatabase('sqlite');
      try {
        await db.exec(`CREATE TABLE parent (id integer PRIMARY KEY);
          CREATE TABLE child (id integer PRIMARY KEY AUTOINCREMENT NOT NULL, legacy integer, CONSTRAINT "UQ_l" UNIQUE (legacy),
            CHECK (legacy > 0), FOREIGN KEY (legacy) REFERENCES parent (id) ON DELETE SET NULL);
          CREATE INDEX "IDX_l" ON child (legacy, id);
          INSERT INTO parent VALUES (5); INSERT INTO child (legacy) VALUES (5), (NULL);`);
        const actual = await actualTableOf(db, 'child');
        const expected = expectedTable('child', 'Child', {
          columns: [column('id', 'integer', { isNullable: false, isPrimary: true, generation: 'increment' })],
          primaryKey: ['id'],
        });
        const plan = rebuildSqliteTable(expected, actual, { keepUnexpectedColumns });
        await runRebuild(db, plan.sql);
        const rebuilt = await actualTableOf(db, 'child');
        const ending = keepUnexpectedColumns ? ': kept' : ' and is over a column the new table does not have: dropped';
        expect(plan.notes).to.include.members([
          `UNIQUE (legacy) is not declared by the entities${ending}`,
          `the foreign key (legacy) -> parent is not declared by the entities${ending}`,
          `CHECK (legacy > 0) is not declared by the entities${keepUnexpectedColumns ? ': kept' : ' and names a dropped column: dropped'}`,
          keepUnexpectedColumns ? 'index "IDX_l" (legacy, id) is not declared by the entities: created again' : 'index "IDX_l" (legacy, id) is dropped: it is over a column the new table does not have',
        ]);
        if (keepUnexpectedColumns) {
          expect({ ...rebuilt, indexes: rebuilt.indexes.map((i) => ({ ...i, name: i.name?.startsWith('sqlite_autoindex') ? 'auto' : i.name })) }).to.deep.equal({
            ...actual,
            indexes: actual.indexes.map((i) => ({ ...i, name: i.name?.startsWith('sqlite_autoindex') ? 'auto' : i.name })),
          });
        } else {
          expect(rebuilt.columns.map((c) => c.name)).to.deep.equal(['id']);
          expect([rebuilt.indexes, rebuilt.checks, rebuilt.foreignKeys]).to.deep.equal([[], [], []]);
        }
        expect(await db.rows('SELECT id FROM child ORDER BY id')).to.deep.equal([{ id: 1 }, { id: 2 }]);
        await runRebuild(db, plan.reverse);
        if (keepUnexpectedColumns) expect(await actualTableOf(db, 'child')).to.deep.equal(actual);
        else expect(plan.notes).to.include('the reverse: "legacy" is new: existing rows get NULL');
      } finally {
        await db.dispose();
      }
    });
  }

  it('a table of an attached database: every statement names its schema, the foreign key stays in that database', async () => {
    const db = await createDatabase('sqlite');
    try {
      const other = db.location.replace(/test\.sqlite$/, 'other.sqlite');
      await db.exec(`ATTACH DATABASE '${other}' AS "o""ther db";
        CREATE TABLE "o""ther db".parent (id integer PRIMARY KEY);
        CREATE TABLE "o""ther db".child (id integer PRIMARY KEY AUTOINCREMENT NOT NULL, "parentId" integer, note text);
        CREATE INDEX "o""ther db"."IDX_note" ON child (note);
        INSERT INTO "o""ther db".parent VALUES (1); INSERT INTO "o""ther db".child ("parentId", note) VALUES (1, 'x');`);
      const read = async () => {
        const schema = await introspectSqlite({ query: (sql, params = []) => rowsWith(db, sql, params) }, { schemas: ['o"ther db'], timeoutMs: 5000 });
        return schema.tables.get('o"ther db.child')!;
      };
      const actual = await read();
      expect(actual.schema).to.equal('o"ther db');
      const expected = expectedTable('child', 'Child', {
        schema: 'o"ther db',
        columns: [
          column('id', 'integer', { isNullable: false, isPrimary: true, generation: 'increment' }),
          column('parentId', 'integer', { isJoinColumn: true }),
          column('note', 'text', { isNullable: false, default: "''" }),
        ],
        primaryKey: ['id'],
        foreignKeys: [{ columns: ['parentId'], referencedTable: 'o"ther db.parent', referencedColumns: ['id'], onDelete: 'cascade', onUpdate: 'no action' }],
        indexes: [{ name: 'IDX_note', columns: ['note'], isUnique: false }],
      });
      const plan = rebuildSqliteTable(expected, actual);
      expect(plan.notes).to.include(`afterwards PRAGMA "o""ther db".foreign_key_check("child") must return no rows: foreign keys are not checked while they are off, so rows may reference rows that do not exist`);
      await runRebuild(db, plan.sql);
      const rebuilt = await read();
      expect(rebuilt.foreignKeys).to.deep.equal(expected.foreignKeys);
      expect(rebuilt.columns.map((c) => [c.name, c.isNullable, c.default ?? null])).to.deep.equal([['id', false, null], ['parentId', true, null], ['note', false, "''"]]);
      expect(rebuilt.indexes.map((i) => i.name)).to.deep.equal(['IDX_note']);
      expect(await db.rows(`SELECT "parentId", note FROM "o""ther db".child`)).to.deep.equal([{ parentId: 1, note: 'x' }]);
      await runRebuild(db, plan.reverse);
      expect(await read()).to.deep.equal(actual);
    } finally {
      await db.dispose();
    }
  });

  it('a missing NOT NULL key column without default: converges on an empty table; with rows the notes say the copy fails, and it does', async () => {
    const db = await createDatabase('sqlite');
    try {
      const ds = await db.connect(broadEntities('sqlite'), { synchronize: true });
      await editSqliteTable('member_role_links', without('"role_ref"'))(db);
      const plan = rebuildSqliteTable(expectedTableOf(ds, 'member_role_links'), await actualTableOf(db, 'member_role_links'));
      expect(plan.notes).to.include('"role_ref" is new and NOT NULL without a default: the copy fails if the table has rows; give it a value first or a default');
      const organization = await ds.getRepository('Organization').save({ name: 'acme', address: { street: 's' } });
      const member = await ds.getRepository('Member').save({ name: 'm', organization });
      await db.exec(`INSERT INTO member_role_links (member_ref) VALUES (${member.id})`);
      let failure: unknown;
      await runRebuild(db, plan.sql).catch((error: unknown) => (failure = error));
      expect(String(failure)).to.match(/NOT NULL constraint failed/);
      // The failed transaction changed nothing.
      expect(await db.rows('SELECT member_ref FROM member_role_links')).to.deep.equal([{ member_ref: member.id }]);
      await db.exec('DELETE FROM member_role_links');
      await runRebuild(db, plan.sql);
      expect(await findings(ds)).to.deep.equal([]);
    } finally {
      await db.dispose();
    }
  });
});

const familyEntities = (EntitySchema: TypeormModule['EntitySchema']) => [
  new EntitySchema({
    name: 'Shelf',
    tableName: 'shelf',
    columns: { id: { type: 'integer', primary: true, generated: 'increment' } },
  } as never),
  new EntitySchema({
    name: 'Book',
    tableName: 'book',
    columns: {
      id: { type: 'integer', primary: true, generated: 'increment' },
      title: { type: 'varchar', length: 100 },
      pages: { type: 'integer', default: 0 },
      state: { type: 'simple-enum', enum: ['new', 'used'], default: 'new' },
    },
    relations: { shelf: { type: 'many-to-one', target: 'Shelf', onDelete: 'CASCADE', nullable: true } },
    indices: [{ name: 'IDX_book_title', columns: ['title'] }],
  } as never),
];

/** Runs statements as the notes say, through the variant's own TypeORM query runner. */
async function runThroughTypeorm(ds: FamilyDataSource, sql: string[]): Promise<void> {
  const runner = (ds as unknown as DataSource).createQueryRunner();
  try {
    await runner.query(sql[0]);
    await runner.startTransaction();
    for (const statement of sql.slice(1, -1)) await runner.query(statement);
    await runner.commitTransaction();
    await runner.query(sql[sql.length - 1]);
  } finally {
    await runner.release();
  }
}

describe('SQLite table rebuild on every driver of the SQLite family', function () {
  this.timeout(60_000);

  for (const variant of SQLITE_VARIANTS) {
    it(`${variant.label}: a broken table rebuilt through TypeORM's query runner converges, rows kept`, async () => {
      const open = await openSqlite(variant, familyEntities, { synchronize: true });
      try {
        const { ds } = open;
        const shelf = await ds.getRepository('Shelf').save({});
        await ds.getRepository('Book').save({ title: 'a', pages: 3, state: 'used', shelf });
        await ds.getRepository('Book').save({ title: 'b', shelf });
        const expected = buildExpectedSchema(ds.entityMetadatas as unknown as EntityMeta[], ds.driver as unknown as DriverLike, { dialect: 'sqlite', defaultSchema: 'main' }).tables.get('book')!;
        const actualOf = async () =>
          (await introspectSqlite({ query: async (sql, params) => (await ds.query(sql, params)) as Record<string, unknown>[] }, { schemas: [], timeoutMs: 5000 })).tables.get('book')!;
        // The break: the same rebuild towards a drifted declaration (no foreign key, another default, a nullable title, one more enum value).
        const drifted = {
          ...expected,
          foreignKeys: [],
          columns: expected.columns.map((c) =>
            c.name === 'pages' ? { ...c, default: '7' } : c.name === 'title' ? { ...c, isNullable: true } : c.name === 'state' ? { ...c, enumValues: ['new', 'used', 'lost'] } : c,
          ),
        };
        await runThroughTypeorm(ds, rebuildSqliteTable(drifted, await actualOf()).sql);
        const validate = async () => findingTuples((await validateSchemaOnStartup(ds as never, { mode: 'warn', logger: silentLogger })).findings);
        expect(await validate()).to.have.length.greaterThan(2);

        await runThroughTypeorm(ds, rebuildSqliteTable(expected, await actualOf()).sql);
        expect(await validate()).to.deep.equal([]);
        const books = await ds.getRepository('Book').find({ order: { title: 'ASC' }, relations: { shelf: true } });
        expect(books.map((b) => [b.title, b.pages, b.state, (b.shelf as { id: number }).id])).to.deep.equal([
          ['a', 3, 'used', shelf.id],
          ['b', 0, 'new', shelf.id],
        ]);
      } finally {
        await open.dispose();
      }
    });
  }
});

