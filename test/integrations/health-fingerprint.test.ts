/**
 * The schema fingerprint behind the cheap health check: it changes on every schema change the
 * validation could report, and not on data changes. Real databases, read through TypeORM.
 */
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { postgresAdapter } from '../../lib/dialects/postgres';
import { sqliteAdapter } from '../../lib/dialects/sqlite';
import { DIALECTS, type TestDatabase, createDatabase } from '../support/databases';

const BASE: Record<'postgres' | 'sqlite', string[]> = {
  postgres: [
    `CREATE TYPE "mood" AS ENUM ('happy', 'sad')`,
    `CREATE TABLE "items" ("id" serial PRIMARY KEY, "name" varchar(50) NOT NULL, "mood" "mood", "qty" integer DEFAULT 1)`,
    `CREATE TABLE "other" ("id" integer PRIMARY KEY)`,
  ],
  sqlite: [
    `CREATE TABLE "items" ("id" integer PRIMARY KEY, "name" varchar(50) NOT NULL, "mood" varchar, "qty" integer DEFAULT 1)`,
    `CREATE TABLE "other" ("id" integer PRIMARY KEY)`,
  ],
};

const SCHEMA_CHANGES: Record<'postgres' | 'sqlite', string[]> = {
  postgres: [
    `ALTER TABLE "items" ADD COLUMN "note" text`,
    `ALTER TABLE "items" RENAME COLUMN "note" TO "remark"`,
    `ALTER TABLE "items" ALTER COLUMN "name" TYPE varchar(80)`,
    `ALTER TABLE "items" ALTER COLUMN "remark" SET NOT NULL`,
    `ALTER TABLE "items" ALTER COLUMN "qty" SET DEFAULT 2`,
    `ALTER TABLE "items" ADD CONSTRAINT "qty_positive" CHECK ("qty" > 0)`,
    `ALTER TABLE "items" RENAME CONSTRAINT "qty_positive" TO "qty_pos"`,
    `CREATE INDEX "items_name" ON "items" ("name")`,
    `ALTER TYPE "mood" ADD VALUE 'angry'`,
    `ALTER TYPE "mood" RENAME VALUE 'sad' TO 'blue'`,
    `ALTER TABLE "other" ADD CONSTRAINT "other_item" FOREIGN KEY ("id") REFERENCES "items" ("id")`,
    `REVOKE ALL ON "other" FROM CURRENT_USER`,
    `ALTER TABLE "other" RENAME TO "others"`,
    `DROP TABLE "others"`,
  ],
  sqlite: [
    `ALTER TABLE "items" ADD COLUMN "note" text`,
    `ALTER TABLE "items" RENAME COLUMN "note" TO "remark"`,
    `CREATE INDEX "items_name" ON "items" ("name")`,
    `ALTER TABLE "other" RENAME TO "others"`,
    `DROP TABLE "others"`,
  ],
};

const DATA_CHANGES = [`INSERT INTO "items" ("name") VALUES ('a')`, `UPDATE "items" SET "qty" = 3`, `DELETE FROM "items"`];

for (const dialect of DIALECTS) {
  describe(`schema health fingerprint on ${dialect}`, () => {
    const adapter = dialect === 'postgres' ? postgresAdapter : sqliteAdapter;
    let db: TestDatabase;
    let ds: DataSource;
    const fingerprint = () => adapter.fingerprint({ query: (sql, params) => ds.query(sql, params) }, { schemas: [] });
    beforeEach(async () => {
      db = await createDatabase(dialect);
      for (const statement of BASE[dialect]) await db.exec(statement);
      ds = await db.connect([]);
    });
    afterEach(() => db.dispose());

    it('changes on every schema change, read from another connection', async () => {
      const seen = new Set([await fingerprint()]);
      for (const statement of SCHEMA_CHANGES[dialect]) {
        await db.exec(statement);
        const next = await fingerprint();
        expect(seen.has(next), `unchanged after: ${statement}`).to.equal(false);
        seen.add(next);
      }
    });

    it('does not change on data changes', async () => {
      const before = await fingerprint();
      for (const statement of DATA_CHANGES) await db.exec(statement);
      // TRUNCATE and VACUUM FULL give the table a new relfilenode; ANALYZE rewrites pg_class stats.
      if (dialect === 'postgres') for (const sql of ['TRUNCATE "items"', 'VACUUM FULL "items"', 'ANALYZE']) await db.exec(sql);
      expect(await fingerprint()).to.equal(before);
    });

    if (dialect === 'postgres') {
      it('ignores schemas outside current_schema() and options.schemas, covers those named', async () => {
        await db.exec('CREATE SCHEMA "audit"');
        const before = await fingerprint();
        const withAudit = () => adapter.fingerprint({ query: (sql, params) => ds.query(sql, params) }, { schemas: ['audit'] });
        const auditBefore = await withAudit();
        await db.exec('CREATE TABLE "audit"."log" ("id" integer)');
        expect(await fingerprint()).to.equal(before);
        expect(await withAudit()).not.to.equal(auditBefore);
      });

      it('stays one short query on 150 tables', async function () {
        const ddl: string[] = [];
        for (let i = 0; i < 150; i++) {
          ddl.push(
            `CREATE TABLE "t${i}" ("id" serial PRIMARY KEY, "name" varchar(40) NOT NULL DEFAULT 'x', "ref" integer REFERENCES "items" ("id"), "at" timestamptz DEFAULT now());` +
              `CREATE INDEX "t${i}_name" ON "t${i}" ("name");`,
          );
        }
        await db.exec(ddl.join('\n'));
        await fingerprint(); // warm the backend's catalog caches
        const started = process.hrtime.bigint();
        const runs = 20;
        for (let i = 0; i < runs; i++) await fingerprint();
        const perQueryMs = Number(process.hrtime.bigint() - started) / 1e6 / runs;
        console.log(`      fingerprint over 152 tables: ${perQueryMs.toFixed(2)} ms a query`);
        expect(perQueryMs).to.be.below(50);
      });
    }
  });
}
