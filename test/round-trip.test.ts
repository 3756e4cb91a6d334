/**
 * The round trip, the main guard against false positives: a broad entity set synchronised by
 * TypeORM itself gives zero findings (also under a custom naming strategy and an entity prefix);
 * then each property is broken, one at a time on a fresh database, and exactly its finding
 * appears, with no other error.
 */
import { expect } from 'chai';
import type { DataSource, DataSourceOptions } from 'typeorm';
import { validateSchemaOnStartup } from '../lib';
import type { Finding } from '../lib/model/finding';
import { INVENTORY_SCHEMA, SnakeNamingStrategy, broadEntities } from './fixtures/broad-entities';
import { CASES, expectationFor, show } from './support/break-cases';
import { DIALECTS, type TestDatabase, type TestDialect, createDatabase } from './support/databases';

const silentLogger = { warn() {}, info() {}, error() {} };

/** PostgreSQL: the schema of the variant whose DataSource option `schema` is not `current_schema()`. */
const APP_SCHEMA = 'app';

async function synchronised(
  dialect: TestDialect,
  extra: Partial<DataSourceOptions> = {},
): Promise<{ db: TestDatabase; ds: DataSource }> {
  const db = await createDatabase(dialect);
  try {
    if (dialect === 'postgres') await db.exec(`CREATE SCHEMA "${INVENTORY_SCHEMA}"; CREATE SCHEMA "${APP_SCHEMA}"`);
    const ds = await db.connect(broadEntities(dialect), { synchronize: true, ...extra });
    return { db, ds };
  } catch (error) {
    await db.dispose();
    throw error;
  }
}

async function findingsOf(ds: DataSource): Promise<Finding[]> {
  const report = await validateSchemaOnStartup(ds, { mode: 'warn', logger: silentLogger });
  return report.findings;
}

/** Zero findings, and every table and view of the metadata was checked (none silently skipped). */
async function expectClean(ds: DataSource, what: string): Promise<void> {
  const report = await validateSchemaOnStartup(ds, { mode: 'warn', logger: silentLogger });
  expect(report.findings, `findings ${what}:\n${show(report.findings)}`).to.deep.equal([]);
  const tables = new Set(ds.entityMetadatas.filter((metadata) => metadata.tableType !== 'entity-child').map((metadata) => metadata.tablePath));
  expect(report.stats.tables, `tables checked ${what}`).to.equal(tables.size);
}

// ---------------------------------------------------------------------------------------------

describe('round trip', function () {
  this.timeout(120_000);

  for (const dialect of DIALECTS) {
    describe(`round trip on ${dialect}`, () => {
      it('reports zero findings on the schema TypeORM synchronised', async () => {
        const { db, ds } = await synchronised(dialect);
        try {
          await expectClean(ds, `on a freshly synchronised ${dialect} database`);
        } finally {
          await db.dispose();
        }
      });

      it('reports zero findings with a snake-case naming strategy and entityPrefix', async () => {
        const { db, ds } = await synchronised(dialect, { namingStrategy: new SnakeNamingStrategy(), entityPrefix: 'app_' });
        try {
          // The variant really renamed things (otherwise it tests nothing new).
          const names = ds.entityMetadatas.map((metadata) => metadata.tableName);
          expect(names).to.include('app_kitchen_sink');
          await expectClean(ds, `under SnakeNamingStrategy + app_ on ${dialect}`);
        } finally {
          await db.dispose();
        }
      });

      if (dialect === 'postgres') {
        it('reports zero findings with a DataSource-wide schema other than current_schema()', async () => {
          const { db, ds } = await synchronised(dialect, { schema: APP_SCHEMA });
          try {
            const tablePaths = ds.entityMetadatas.map((metadata) => metadata.tablePath);
            expect(tablePaths).to.include(`${APP_SCHEMA}.kitchen_sink`);
            await expectClean(ds, `with schema: '${APP_SCHEMA}' on ${dialect}`);
          } finally {
            await db.dispose();
          }
        });
      }

      describe(`each break is reported on ${dialect} (round trip)`, () => {
        for (const testCase of CASES) {
          const breakIt = testCase.sql[dialect];
          if (!breakIt) continue;
          const want = expectationFor(testCase, dialect);
          it(`${testCase.name} -> ${want.code} (${want.severity})`, async () => {
            const { db, ds } = await synchronised(dialect);
            try {
              if (typeof breakIt === 'string') await db.exec(breakIt);
              else await breakIt(db);
              const findings = await findingsOf(ds);
              const hits = [want, ...(testCase.also?.[dialect] ?? [])].map((w) => {
                const hit = findings.find(
                  (f) =>
                    f.code === w.code &&
                    f.table === w.table &&
                    f.column === w.column &&
                    f.severity === w.severity &&
                    (w.expected === undefined || f.expected === w.expected),
                );
                expect(hit, `expected ${JSON.stringify(w)} among:\n${show(findings)}`).to.not.equal(undefined);
                return hit;
              });
              const otherErrors = findings.filter((f) => !hits.includes(f) && f.severity === 'error');
              expect(otherErrors, `a single break must not cascade into other errors:\n${show(findings)}`).to.deep.equal([]);
            } finally {
              await db.dispose();
            }
          });
        }
      });
    });
  }
});
