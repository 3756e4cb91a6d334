/**
 * TypeORM's SQLite driver family is checked as SQLite whatever the driver type is called:
 * better-sqlite3, sqlite3, sql.js on both TypeORM lines, and a fork's own type (`sqlite-pooled`).
 * The dialect is decided by what the driver is, never by `instanceof` or a list of names.
 */
import { expect } from 'chai';
import * as typeorm1 from 'typeorm';
import * as typeorm03 from 'typeorm-0.3';
import { SchemaGuardConfigError, validateSchemaOnStartup } from '../../lib';
import { detectDialect, isSqliteFamilyDriver } from '../../lib/typeorm/detect-dialect';
import { schemaHealth } from '../../lib/integrations/health';
import { findingTuples } from '../support/finding-tuples';
import { recordingLogger } from '../support/silent-logger';
import { SQLITE_VARIANTS, openSqlite, type OpenSqlite, type TypeormModule } from '../support/sqlite-family';

const notes = (EntitySchema: TypeormModule['EntitySchema']) => [
  new EntitySchema({
    name: 'Note',
    tableName: 'note',
    columns: {
      id: { type: 'integer', primary: true, generated: 'increment' },
      title: { type: 'varchar', length: 100 },
      priority: { type: 'integer', default: 0 },
      createdAt: { type: 'datetime', createDate: true },
    },
    indices: [{ name: 'IDX_note_title', columns: ['title'] }],
  } as never),
];

const warn = () => ({ mode: 'warn' as const, logger: recordingLogger() });

/** Loads a driver class of a TypeORM copy by its path under `driver/`. */
function driverClass(copy: 'typeorm' | 'typeorm-0.3', path: string): { prototype: object } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(`${copy}/driver/${path}`) as Record<string, { prototype: object }>;
  return loaded[path.split('/')[1]];
}

describe('sqlite family: detection by what the driver is', () => {
  const FAMILY = [
    'sqlite/SqliteDriver',
    'better-sqlite3/BetterSqlite3Driver',
    'sqljs/SqljsDriver',
    'capacitor/CapacitorDriver',
    'cordova/CordovaDriver',
    'expo/ExpoDriver',
    'nativescript/NativescriptDriver',
    // Not a subclass of AbstractSqliteDriver: a copy of it, recognised by its attached-database API.
    'react-native/ReactNativeDriver',
  ];

  for (const copy of ['typeorm', 'typeorm-0.3'] as const) {
    it(`recognises every SQLite driver of ${copy}, and no other`, () => {
      for (const path of FAMILY) {
        if (copy === 'typeorm' && path.startsWith('sqlite/')) continue; // TypeORM 1.x dropped sqlite3
        expect(isSqliteFamilyDriver(Object.create(driverClass(copy, path).prototype)), path).to.equal(true);
      }
      for (const path of ['postgres/PostgresDriver', 'mysql/MysqlDriver', 'sqlserver/SqlServerDriver', 'oracle/OracleDriver']) {
        expect(isSqliteFamilyDriver(Object.create(driverClass(copy, path).prototype)), path).to.equal(false);
      }
    });
  }

  it('ignores the type name: a SQLite name on another driver is not SQLite, and a fork name on a SQLite driver is', () => {
    const postgres = Object.create(driverClass('typeorm', 'postgres/PostgresDriver').prototype);
    expect(detectDialect({ options: { type: 'sqlite' }, driver: postgres })).to.equal(undefined);
    const sqljs = Object.create(driverClass('typeorm', 'sqljs/SqljsDriver').prototype);
    expect(detectDialect({ options: { type: 'sqlite-pooled' }, driver: sqljs })?.dialect).to.equal('sqlite');
    expect(detectDialect({ options: { type: 'postgres' }, driver: postgres })?.dialect).to.equal('postgres');
    expect(isSqliteFamilyDriver(undefined)).to.equal(false);
    expect(isSqliteFamilyDriver({ options: { type: 'sqlite' } })).to.equal(false);
  });

  it('refuses a driver outside both families, naming what is supported', async () => {
    const mysqlLike = {
      isInitialized: true,
      options: { type: 'mysql' },
      driver: Object.create(driverClass('typeorm', 'mysql/MysqlDriver').prototype),
      entityMetadatas: [],
      createQueryRunner: () => ({}),
    };
    let failure: unknown;
    await validateSchemaOnStartup(mysqlLike as never).catch((error) => (failure = error));
    expect(failure).to.be.instanceOf(SchemaGuardConfigError);
    expect(String(failure)).to.match(/"mysql" driver/).and.match(/sqljs/).and.match(/AbstractSqliteDriver/);
  });
});

for (const variant of SQLITE_VARIANTS) {
  describe(`sqlite family: ${variant.label}`, () => {
    let open: OpenSqlite | undefined;
    afterEach(async () => {
      await open?.dispose();
      open = undefined;
    });

    it('a synchronised schema gives zero findings in one statement', async () => {
      open = await openSqlite(variant, notes, { synchronize: true });
      const report = await validateSchemaOnStartup(open.ds as never);
      expect(report).to.deep.include({ ok: true, dialect: 'sqlite', findings: [] });
      expect(report.stats).to.deep.include({ tables: 1, queries: 1 });
    });

    it('a dropped column is missing_column, and TypeORM’s find fails on it', async () => {
      open = await openSqlite(variant, notes, { synchronize: true });
      await open.ds.query('ALTER TABLE "note" DROP COLUMN "priority"');
      const report = await validateSchemaOnStartup(open.ds as never, warn());
      expect(findingTuples(report.findings)).to.deep.equal(['error missing_column note.priority']);
      let failure: unknown;
      await open.ds.getRepository('Note').find().catch((error) => (failure = error));
      expect(String(failure)).to.match(/priority/);
    });

    it('the health check reads the fingerprint and caches on an unchanged schema', async () => {
      open = await openSqlite(variant, notes, { synchronize: true });
      const first = await schemaHealth(open.ds as never);
      expect([first.state, first.isCached]).to.deep.equal(['pass', false]);
      expect((await schemaHealth(open.ds as never)).isCached).to.equal(true);
      await open.ds.query('ALTER TABLE "note" DROP COLUMN "priority"');
      const changed = await schemaHealth(open.ds as never);
      expect([changed.state, changed.isCached]).to.deep.equal(['fail', false]);
    });
  });
}

describe('sqlite family: sql.js stays read-only', () => {
  for (const [label, typeorm] of [
    ['TypeORM 1.x', typeorm1],
    ['TypeORM 0.3', typeorm03],
  ] as const) {
    it(`never marks the database dirty, so autoSave never runs (${label})`, async () => {
      let saves = 0;
      const variant = { label, typeorm: typeorm as unknown as TypeormModule, type: 'sqljs', hasFile: false };
      const open = await openSqlite(variant, notes, {
        synchronize: true,
        autoSave: true,
        autoSaveCallback: () => void saves++,
      });
      try {
        // The counter works: a write through TypeORM saves the database.
        const beforeWrite = saves;
        await open.ds.getRepository('Note').save({ title: 'a' });
        expect(saves).to.be.greaterThan(beforeWrite);
        const before = saves;
        await validateSchemaOnStartup(open.ds as never);
        await schemaHealth(open.ds as never);
        await schemaHealth(open.ds as never);
        expect(saves, 'saves caused by the checks').to.equal(before);
      } finally {
        await open.dispose();
      }
    });
  }
});
