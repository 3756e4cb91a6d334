import Database from 'better-sqlite3';
import { expect } from 'chai';
import sqlite3 from 'sqlite3';
import { EntitySchema, type DataSource } from 'typeorm';
import type { Queryable } from '../../lib/dialects/dialect';
import { sqliteAdapter } from '../../lib/dialects/sqlite';
import type { ColumnModel, SchemaModel, TableModel } from '../../lib/model/schema';
import { createDatabase, type TestDatabase } from '../support/databases';

interface Connection {
  queryable: Queryable;
  close(): Promise<void>;
}

/** The two drivers TypeORM runs SQLite on: better-sqlite3 (0.3 and 1.x) and sqlite3 (0.3's `sqlite`). */
const DRIVERS: Record<string, (file: string) => Connection> = {
  'better-sqlite3': (file) => {
    const db = new Database(file);
    return {
      queryable: {
        query: async (sql, params = []) => {
          const statement = db.prepare(sql);
          if (statement.reader) return statement.all(...params) as Record<string, unknown>[];
          statement.run(...params);
          return [];
        },
      },
      close: async () => void db.close(),
    };
  },
  sqlite3: (file) => {
    const db = new sqlite3.Database(file);
    return {
      queryable: {
        query: (sql, params = []) =>
          new Promise((resolve, reject) =>
            db.all(sql, params, (error: Error | null, rows: Record<string, unknown>[]) => (error ? reject(error) : resolve(rows))),
          ),
      },
      close: () => new Promise<void>((resolve, reject) => db.close((error) => (error ? reject(error) : resolve()))),
    };
  },
};

const OPTIONS = { schemas: [], timeoutMs: 5000 };

/** Wraps a Queryable to count the statements issued through it. */
function counting(queryable: Queryable): { queryable: Queryable; statements: string[] } {
  const statements: string[] = [];
  return {
    statements,
    queryable: { query: (sql, params) => (statements.push(sql), queryable.query(sql, params)) },
  };
}

function table(model: SchemaModel, key: string): TableModel {
  const found = model.tables.get(key);
  expect(found, `table ${key}`).to.not.equal(undefined);
  return found as TableModel;
}

function column(t: TableModel, name: string) {
  const found = t.columns.find((c) => c.name === name);
  expect(found, `column ${t.name}.${name}`).to.not.equal(undefined);
  return found!;
}

const SCHEMA = `
CREATE TABLE "users" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "email" VARCHAR(255) NOT NULL,
  "name" NVARCHAR(200),
  "balance" decimal(10, 2) NOT NULL DEFAULT (0),
  "big" unsigned big int,
  "anything",
  "created_at" datetime NOT NULL DEFAULT (datetime('now')),
  "status" varchar CHECK( "status" IN ('active','it''s') ) NOT NULL DEFAULT ('active'),
  "note" text DEFAULT 'a)b' CONSTRAINT "CHK_note" CHECK ("note" <> ')'),
  "a(b" text,
  CONSTRAINT "CHK_balance" CHECK ("balance" >= 0 AND "a(b" <> 'x)'),
  CHECK (length([email]) > 3 AND \`name\` IS NOT 'it''s')
);
CREATE TABLE "groups" ("id" text PRIMARY KEY, "title" text);
CREATE TABLE "memberships" (
  "user_id" integer NOT NULL,
  "group_id" text NOT NULL,
  "role" text,
  PRIMARY KEY ("group_id", "user_id"),
  CONSTRAINT "FK_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
  FOREIGN KEY ("group_id") REFERENCES "GROUPS" ON DELETE SET NULL ON UPDATE RESTRICT
);
CREATE TABLE "grants" ("g" text, "u" integer, FOREIGN KEY ("u", "g") REFERENCES "memberships");
CREATE TABLE "docs" (
  "id" integer PRIMARY KEY,
  "slug" text,
  "title" text,
  "deleted_at" datetime,
  CONSTRAINT "UQ_slug" UNIQUE ("slug"),
  UNIQUE ("title", "id")
);
CREATE UNIQUE INDEX "IDX_title" ON "docs" ("title");
CREATE INDEX "IDX_live" ON "docs" ("slug") WHERE "deleted_at" IS NULL;
CREATE INDEX "IDX_lower" ON "docs" (lower("title") DESC, "id");
CREATE TABLE "boxes" (
  "w" real NOT NULL,
  "h" real NOT NULL,
  "area" real GENERATED ALWAYS AS ("w" * "h") VIRTUAL,
  "perimeter" real AS (2 * ("w" + "h")) STORED
);
CREATE VIEW "active_users" AS SELECT "id", "email" FROM "users" WHERE "status" = 'active';
CREATE TABLE "events" ("id" INTEGER PRIMARY KEY, "payload" TEXT NOT NULL, "n" INT) STRICT;
CREATE TABLE "kv" ("k" integer PRIMARY KEY, "v" blob) WITHOUT ROWID;
CREATE TABLE "x'y" ("id" integer PRIMARY KEY, "it's" text);
CREATE INDEX "idx x'y" ON "x'y" ("it's");
CREATE TABLE "with spaces here" ("a b" text UNIQUE);
CREATE TABLE "typeorm_metadata" ("type" varchar NOT NULL, "database" varchar, "schema" varchar, "table" varchar, "name" varchar, "value" text);
INSERT INTO "users" ("email") VALUES ('someone@example.com');
ANALYZE;
`;

for (const [driver, open] of Object.entries(DRIVERS)) {
  describe(`sqlite introspection through ${driver}`, () => {
    let db: TestDatabase;
    let connection: Connection;
    let model: SchemaModel;
    let statements: string[];

    before(async () => {
      db = await createDatabase('sqlite');
      await db.exec(SCHEMA);
      connection = open(db.location);
      const counted = counting(connection.queryable);
      model = await sqliteAdapter.introspect(counted.queryable, OPTIONS);
      statements = counted.statements;
    });
    after(async () => {
      await connection.close();
      await db.dispose();
    });

    it('reads every relation of main and none of SQLite’s or TypeORM’s own tables', () => {
      expect(model.dialect).to.equal('sqlite');
      expect(model.defaultSchema).to.equal('main');
      expect([...model.tables.keys()].sort()).to.deep.equal(
        ['active_users', 'boxes', 'docs', 'events', 'grants', 'groups', 'kv', 'memberships', 'users', 'with spaces here', "x'y"].sort(),
      );
      for (const t of model.tables.values()) expect(t.schema).to.equal(undefined);
      expect(statements).to.have.length(1);
    });

    it('reads declared types with their modifiers, nullability and raw defaults', () => {
      const users = table(model, 'users');
      expect(users.kind).to.equal('table');
      expect(users.columns.map((c) => c.name)).to.deep.equal([
        'id', 'email', 'name', 'balance', 'big', 'anything', 'created_at', 'status', 'note', 'a(b',
      ]);
      expect(column(users, 'email')).to.deep.equal({
        name: 'email', type: 'varchar', displayType: 'VARCHAR(255)', length: 255, isArray: false, isNullable: false,
      });
      expect(column(users, 'name')).to.include({ type: 'nvarchar', displayType: 'NVARCHAR(200)', length: 200, isNullable: true });
      expect(column(users, 'balance')).to.include({ type: 'decimal', precision: 10, scale: 2, isNullable: false, default: '0' });
      expect(column(users, 'big')).to.include({ type: 'unsigned big int', displayType: 'unsigned big int' });
      expect(column(users, 'anything')).to.include({ type: '', displayType: '', isNullable: true });
      expect(column(users, 'created_at')).to.include({ type: 'datetime', default: "datetime('now')", isNullable: false });
      expect(column(users, 'note').default).to.equal("'a)b'");
      expect(column(users, 'email').default).to.equal(undefined);
    });

    it('reads INTEGER PRIMARY KEY AUTOINCREMENT as a NOT NULL increment column', () => {
      const users = table(model, 'users');
      expect(users.primaryKey).to.deep.equal(['id']);
      expect(column(users, 'id')).to.deep.equal({
        name: 'id', type: 'integer', displayType: 'INTEGER', isArray: false, isNullable: false, generation: 'increment',
      });
    });

    it('reads enum values from TypeORM’s CHECK and keeps the CHECK', () => {
      const users = table(model, 'users');
      expect(column(users, 'status')).to.include({ type: 'varchar', default: "'active'", isNullable: false });
      expect(column(users, 'status').enumValues).to.deep.equal(['active', "it's"]);
      expect(column(users, 'note').enumValues).to.equal(undefined);
    });

    it('reads table- and column-level checks through literals and quoted identifiers', () => {
      expect(table(model, 'users').checks).to.deep.equal([
        { expression: `"status" IN ('active','it''s')` },
        { name: 'CHK_note', expression: `"note" <> ')'` },
        { name: 'CHK_balance', expression: `"balance" >= 0 AND "a(b" <> 'x)'` },
        { expression: "length([email]) > 3 AND `name` IS NOT 'it''s'" },
      ]);
    });

    it('reads a composite primary key in key order and foreign keys with actions', () => {
      const memberships = table(model, 'memberships');
      expect(memberships.primaryKey).to.deep.equal(['group_id', 'user_id']);
      expect(column(memberships, 'user_id').isNullable).to.equal(false);
      expect(column(memberships, 'user_id').generation).to.equal(undefined);
      expect(memberships.foreignKeys).to.have.deep.members([
        {
          name: 'FK_user', columns: ['user_id'], referencedTable: 'users', referencedColumns: ['id'],
          onDelete: 'cascade', onUpdate: 'no action',
        },
        // Referenced columns omitted: the parent's primary key; the table spelled as the database spells it.
        { columns: ['group_id'], referencedTable: 'groups', referencedColumns: ['id'], onDelete: 'set null', onUpdate: 'restrict' },
      ]);
      expect(table(model, 'grants').foreignKeys).to.deep.equal([
        { columns: ['u', 'g'], referencedTable: 'memberships', referencedColumns: ['group_id', 'user_id'], onDelete: 'no action', onUpdate: 'no action' },
      ]);
    });

    it('tells unique constraints, unique indexes, partial and expression indexes apart', () => {
      const docs = table(model, 'docs');
      const byName = new Map(docs.indexes.map((i) => [i.name, i]));
      expect(docs.indexes).to.have.length(5);
      expect(byName.get('UQ_slug')).to.deep.equal({ name: 'UQ_slug', columns: ['slug'], isUnique: true, isConstraint: true });
      expect(docs.indexes.find((i) => i.columns.join() === 'title,id')).to.include({ isUnique: true, isConstraint: true });
      expect(byName.get('IDX_title')).to.deep.equal({ name: 'IDX_title', columns: ['title'], isUnique: true, isConstraint: false });
      expect(byName.get('IDX_live')).to.deep.equal({
        name: 'IDX_live', columns: ['slug'], isUnique: false, isConstraint: false, where: '"deleted_at" IS NULL',
      });
      expect(byName.get('IDX_lower')).to.deep.equal({
        name: 'IDX_lower', columns: ['id'], isUnique: false, isConstraint: false, expression: 'lower("title")',
      });
    });

    it('reads VIRTUAL and STORED generated columns with their expressions', () => {
      const boxes = table(model, 'boxes');
      expect(boxes.columns.map((c) => c.name)).to.deep.equal(['w', 'h', 'area', 'perimeter']);
      expect(column(boxes, 'area')).to.include({ type: 'real', generation: 'computed', generationExpression: '"w" * "h"' });
      expect(column(boxes, 'perimeter')).to.include({ generation: 'computed', generationExpression: '2 * ("w" + "h")' });
      expect(column(boxes, 'w').generation).to.equal(undefined);
    });

    it('reads a view with its columns and nothing else', () => {
      const view = table(model, 'active_users');
      expect(view.kind).to.equal('view');
      expect(view.columns.map((c) => c.name)).to.deep.equal(['id', 'email']);
      expect(view.isReadable).to.equal(undefined);
      expect(view.primaryKey).to.deep.equal([]);
      expect(view.indexes).to.deep.equal([]);
      expect(view.foreignKeys).to.deep.equal([]);
      expect(view.checks).to.deep.equal([]);
    });

    it('reads STRICT and WITHOUT ROWID tables; a WITHOUT ROWID integer key is no rowid alias', () => {
      const events = table(model, 'events');
      expect(column(events, 'id')).to.include({ generation: 'increment', isNullable: false });
      expect(column(events, 'n')).to.include({ type: 'int' });
      const kv = table(model, 'kv');
      expect(kv.primaryKey).to.deep.equal(['k']);
      expect(column(kv, 'k').generation).to.equal(undefined);
      expect(column(kv, 'k').isNullable).to.equal(false);
      // The primary key of a WITHOUT ROWID table is its storage, not an index to compare.
      expect(kv.indexes).to.deep.equal([]);
    });

    it('reads tables whose names need quoting', () => {
      const quoted = table(model, "x'y");
      expect(quoted.columns.map((c) => c.name)).to.deep.equal(['id', "it's"]);
      expect(quoted.indexes).to.deep.equal([{ name: "idx x'y", columns: ["it's"], isUnique: false, isConstraint: false }]);
      const spaced = table(model, 'with spaces here');
      expect(spaced.indexes).to.have.length(1);
      expect(spaced.indexes[0]).to.include({ isUnique: true, isConstraint: true });
      expect(spaced.indexes[0].columns).to.deep.equal(['a b']);
    });
  });
}

describe('sqlite introspection cost and resilience', () => {
  let db: TestDatabase;
  let connection: Connection;
  beforeEach(async () => {
    db = await createDatabase('sqlite');
    connection = DRIVERS['better-sqlite3'](db.location);
  });
  afterEach(async () => {
    await connection.close();
    await db.dispose();
  });

  for (const count of [1, 200]) {
    it(`issues exactly 1 statement for ${count} table(s)`, async () => {
      const ddl = Array.from(
        { length: count },
        (_, i) =>
          `CREATE TABLE "t${i}" ("id" integer PRIMARY KEY, "v" text CHECK ("v" <> ''), "p" integer REFERENCES "t0");
           CREATE INDEX "i${i}" ON "t${i}" ("v");`,
      ).join('\n');
      await db.exec(ddl);
      const counted = counting(connection.queryable);
      const model = await sqliteAdapter.introspect(counted.queryable, OPTIONS);
      expect(counted.statements).to.have.length(1);
      expect(model.tables.size).to.equal(count);
      const last = table(model, `t${count - 1}`);
      expect(last.indexes).to.have.length(1);
      expect(last.foreignKeys).to.have.length(1);
      expect(last.checks).to.have.length(1);
    });
  }

  it('reports a view over a dropped table as unreadable and still reads the rest', async () => {
    await db.exec(`
      CREATE TABLE "base" ("x" integer);
      CREATE TABLE "kept" ("id" integer PRIMARY KEY);
      CREATE VIEW "broken" AS SELECT "x" FROM "base";
      DROP TABLE "base";`);
    const model = await sqliteAdapter.introspect(connection.queryable, OPTIONS);
    expect(table(model, 'broken')).to.include({ kind: 'view', isReadable: false });
    expect(table(model, 'broken').columns).to.deep.equal([]);
    expect(table(model, 'kept').columns.map((c) => c.name)).to.deep.equal(['id']);
    expect(table(model, 'kept').isReadable).to.equal(undefined);
  });

  it('never lists sqlite_sequence or sqlite_stat tables', async () => {
    await db.exec(`CREATE TABLE "a" ("id" INTEGER PRIMARY KEY AUTOINCREMENT); INSERT INTO "a" DEFAULT VALUES; ANALYZE;`);
    const internal = await db.rows<{ name: string }>(`SELECT name FROM sqlite_master WHERE name LIKE 'sqlite%'`);
    expect(internal.map((r) => r.name)).to.include('sqlite_sequence');
    const model = await sqliteAdapter.introspect(connection.queryable, OPTIONS);
    expect([...model.tables.keys()]).to.deep.equal(['a']);
  });

  it('keeps a user table named typeorm_metadata that is not TypeORM’s', async () => {
    await db.exec(`CREATE TABLE "typeorm_metadata" ("id" integer PRIMARY KEY, "note" text)`);
    const model = await sqliteAdapter.introspect(connection.queryable, OPTIONS);
    expect([...model.tables.keys()]).to.deep.equal(['typeorm_metadata']);
  });
});

describe('sqlite introspection of a schema TypeORM synchronised', () => {
  const Owner = new EntitySchema<{ id: number; name: string }>({
    name: 'owner',
    columns: { id: { type: Number, primary: true, generated: 'increment' }, name: { type: String, length: 100, unique: true } },
  });
  const Item = new EntitySchema<{ id: number; status: string; flag: boolean; createdAt: Date; price: number; owner: unknown }>({
    name: 'item',
    columns: {
      id: { type: Number, primary: true, generated: 'increment' },
      status: { type: 'simple-enum', enum: ['draft', 'live'], default: 'draft' },
      flag: { type: Boolean, default: true },
      createdAt: { type: 'datetime', createDate: true },
      price: { type: 'decimal', precision: 10, scale: 2, default: 0 },
    },
    relations: { owner: { type: 'many-to-one', target: 'owner', onDelete: 'CASCADE', nullable: false } },
    indices: [{ columns: ['status', 'flag'] }],
    checks: [{ expression: '"price" >= 0' }],
  });

  let db: TestDatabase;
  let dataSource: DataSource;
  let model: SchemaModel;
  before(async () => {
    db = await createDatabase('sqlite');
    dataSource = await db.connect([Owner, Item], { synchronize: true });
    const runner = dataSource.createQueryRunner();
    try {
      model = await sqliteAdapter.introspect(runner, OPTIONS);
    } finally {
      await runner.release();
    }
  });
  after(() => db.dispose());

  it('reads keys, constraint names, enum CHECKs and indexes as TypeORM wrote them', () => {
    expect([...model.tables.keys()].sort()).to.deep.equal(['item', 'owner']);
    const item = table(model, 'item');
    expect(column(item, 'id')).to.include({ generation: 'increment', isNullable: false });
    expect(column(item, 'status').enumValues).to.deep.equal(['draft', 'live']);
    expect(item.checks.map((c) => sqliteAdapter.normalizeExpression(c.expression))).to.include.members([
      sqliteAdapter.normalizeExpression(`"status" IN ('draft','live')`),
      sqliteAdapter.normalizeExpression('price >= 0'),
    ]);
    expect(item.foreignKeys).to.have.length(1);
    expect(item.foreignKeys[0]).to.include({ referencedTable: 'owner', onDelete: 'cascade' });
    expect(item.foreignKeys[0].name).to.match(/^FK_/);
    expect(item.indexes).to.have.length(1);
    expect(item.indexes[0]).to.deep.include({ columns: ['status', 'flag'], isUnique: false });
    const owner = table(model, 'owner');
    expect(owner.indexes).to.have.length(1);
    expect(owner.indexes[0]).to.deep.include({ columns: ['name'], isUnique: true, isConstraint: true });
    expect(owner.indexes[0].name).to.match(/^UQ_/);
  });

  it('finds every column’s type the same and every default equal to what TypeORM declares', () => {
    for (const metadata of dataSource.entityMetadatas) {
      const actual = table(model, metadata.tableName);
      for (const columnMetadata of metadata.columns) {
        const actualColumn = column(actual, columnMetadata.databaseName);
        const expected: ColumnModel = {
          name: columnMetadata.databaseName,
          type: dataSource.driver.normalizeType(columnMetadata),
          displayType: dataSource.driver.normalizeType(columnMetadata),
          isArray: false,
          isNullable: columnMetadata.isNullable,
        };
        const where = `${metadata.tableName}.${columnMetadata.databaseName}`;
        expect(sqliteAdapter.compareTypes(expected, actualColumn).verdict, where).to.equal('same');
        expect(
          sqliteAdapter.normalizeDefault(dataSource.driver.normalizeDefault(columnMetadata), expected),
          where,
        ).to.equal(sqliteAdapter.normalizeDefault(actualColumn.default, actualColumn));
      }
    }
  });
});
