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
import { editSqliteTable, replaceIn, without } from '../support/sqlite-table-edit';

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
        await runRebuild(db, plan.sql);
        expect(await findings(ds), `after the rebuild:\n${plan.sql.join(';\n')}\nnotes:\n${plan.notes.join('\n')}`).to.deep.equal([]);
        await expectRows(db, ds, testCase, seed);
        expect(await db.rows(`PRAGMA foreign_key_check("${testCase.table}")`)).to.deep.equal([]);

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

async function expectRows(db: TestDatabase, ds: DataSource, testCase: RebuildCase, seed: Seed): Promise<void> {
  const columns = Object.keys(seed.rows[0]).filter((column) => column !== testCase.lost);
  const rows = await db.rows(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${testCase.table}" ORDER BY "${seed.orderBy}"`);
  const want = seed.rows.map((row) => Object.fromEntries(columns.map((c) => [c, row[c]])));
  expect(rows).to.deep.equal(want);
  // TypeORM reads them all back.
  const entity = ds.entityMetadatas.find((metadata) => metadata.tableName === testCase.table)!;
  expect(await ds.getRepository(entity.target).count()).to.equal(seed.rows.length);
}
