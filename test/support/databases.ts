/**
 * One real database per test scenario, on either dialect, with the same small surface:
 * raw DDL in, an initialised TypeORM DataSource out. Test files loop over {@link DIALECTS}.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { DataSource, type DataSourceOptions, type EntitySchema, type MixedList } from 'typeorm';
import { createTestDatabase } from './postgres-server';

export type TestDialect = 'postgres' | 'sqlite';
export const DIALECTS: TestDialect[] = ['postgres', 'sqlite'];

// `typeorm/package.json` is not in its exports map; read it beside the resolved entry instead.
const typeormVersion: string = JSON.parse(
  readFileSync(join(dirname(require.resolve('typeorm')), 'package.json'), 'utf8'),
).version;
/** The installed TypeORM's major line: 0 (0.3.x) or 1. */
export const TYPEORM_MAJOR = Number(typeormVersion.split('.')[0]);

/** TypeORM 1.x only has better-sqlite3; on 0.3 the tests use the `sqlite` (sqlite3) driver unless SQLITE_DRIVER says otherwise. */
export function sqliteDriverType(): 'sqlite' | 'better-sqlite3' {
  if (TYPEORM_MAJOR >= 1) return 'better-sqlite3';
  return process.env.SQLITE_DRIVER === 'better-sqlite3' ? 'better-sqlite3' : 'sqlite';
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Entities = MixedList<Function | string | EntitySchema<any>>;

export interface TestDatabase {
  dialect: TestDialect;
  /** Runs raw SQL (several statements allowed) on the database, outside TypeORM. */
  exec(sql: string): Promise<void>;
  /** Runs one query and returns its rows, outside TypeORM. */
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  /** DataSource options for these entities on this database (synchronize off unless overridden). */
  options(entities: Entities, extra?: Partial<DataSourceOptions>): DataSourceOptions;
  /** An initialised DataSource; closed by {@link TestDatabase.dispose}. */
  connect(entities: Entities, extra?: Partial<DataSourceOptions>): Promise<DataSource>;
  /** Closes every DataSource opened here and removes the database. */
  dispose(): Promise<void>;
  /** The connection URL (PostgreSQL) or file path (SQLite). */
  location: string;
}

export async function createDatabase(dialect: TestDialect): Promise<TestDatabase> {
  const opened: DataSource[] = [];
  const closeAll = async () => {
    for (const ds of opened.splice(0)) if (ds.isInitialized) await ds.destroy();
  };
  const connectWith = async (options: DataSourceOptions) => {
    const ds = new DataSource(options);
    opened.push(ds);
    await ds.initialize();
    return ds;
  };

  if (dialect === 'postgres') {
    const url = await createTestDatabase();
    const client = new Client({ connectionString: url });
    // A test may drop or terminate this database on purpose; that must not crash the run.
    client.on('error', () => undefined);
    await client.connect();
    const options = (entities: Entities, extra: Partial<DataSourceOptions> = {}) =>
      ({ type: 'postgres', url, entities, synchronize: false, logging: false, ...extra }) as DataSourceOptions;
    return {
      dialect,
      location: url,
      exec: async (sql) => void (await client.query(sql)),
      rows: async <T>(sql: string) => (await client.query(sql)).rows as T[],
      options,
      connect: (entities, extra) => connectWith(options(entities, extra)),
      dispose: async () => {
        await closeAll();
        // end() never settles on a connection the server already terminated.
        await Promise.race([client.end(), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
      },
    };
  }

  const dir = mkdtempSync(join(tmpdir(), 'schema-guard-sqlite-'));
  const file = join(dir, 'test.sqlite');
  const raw = new Database(file);
  const options = (entities: Entities, extra: Partial<DataSourceOptions> = {}) =>
    ({ type: sqliteDriverType(), database: file, entities, synchronize: false, logging: false, ...extra }) as DataSourceOptions;
  return {
    dialect,
    location: file,
    exec: async (sql) => void raw.exec(sql),
    rows: async <T>(sql: string) => raw.prepare(sql).all() as T[],
    options,
    connect: (entities, extra) => connectWith(options(entities, extra)),
    dispose: async () => {
      await closeAll();
      raw.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
