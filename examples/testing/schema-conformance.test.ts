/**
 * Example: schema conformance in a mocha suite, with the chai plugin and the assert helper.
 *
 * In a project the imports are `typeorm-schema-guard/chai` and `typeorm-schema-guard/assert`; the
 * database is the one your migrations built (here a SQLite file TypeORM synchronises, and the
 * incident-004 production database for the negative case).
 *
 * Run: npx tsc -p . && npx mocha --no-config dist/examples/testing/schema-conformance.test.js
 */
import 'reflect-metadata';
import chai, { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { assertSchemaConforms } from '../../lib/integrations/assert-schema-conforms'; // 'typeorm-schema-guard/assert'
import { schemaGuard } from '../../lib/integrations/chai'; // 'typeorm-schema-guard/chai'
import { TASK_ENTITIES } from '../incident-004/entities';
import { productionSchema } from '../incident-004/production-schema';

chai.use(schemaGuard);

/** TypeORM 1.x ships only better-sqlite3; 0.3 also has `sqlite` (sqlite3). */
const SQLITE_DRIVER = (() => {
  try {
    require.resolve('better-sqlite3');
    return 'better-sqlite3';
  } catch {
    return 'sqlite';
  }
})();

describe('database schema (example)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'schema-guard-example-'));
  const open = async (file: string, extra: Partial<DataSourceOptions> = {}) => {
    const ds = new DataSource({ type: SQLITE_DRIVER, database: join(dir, file), entities: TASK_ENTITIES, ...extra } as DataSourceOptions);
    return ds.initialize();
  };
  let migrated: DataSource;
  let production: DataSource;

  before(async () => {
    // Stands in for `migrationsRun: true` against your test database.
    migrated = await open('migrated.sqlite', { synchronize: true });
    production = await open('production.sqlite');
    for (const statement of productionSchema('sqlite')) await production.query(statement);
  });
  after(async () => {
    await migrated.destroy();
    await production.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('matches the entities after the migrations ran', async () => {
    await expect(migrated).to.have.conformingSchema({ failOn: 'warning' });
  });

  it('matches with the framework-neutral helper too', async () => {
    await assertSchemaConforms(migrated, { failOn: 'warning' });
  });

  it('catches incident 004: user_id missing on the relation tables', async () => {
    await expect(production).not.to.have.conformingSchema();
    const report = await expect(production).to.have.conformingSchema({ ignore: { columns: [/\.user_id$/] } });
    expect(report.findings).to.deep.equal([]);
  });
});
