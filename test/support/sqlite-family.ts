/**
 * SQLite through every driver of TypeORM's SQLite family the tests can run in Node: better-sqlite3,
 * sqlite3 (0.3's `sqlite`) and sql.js, on both TypeORM lines (1.x as `typeorm`, 0.3 as the
 * `typeorm-0.3` alias), plus a stand-in for a fork's own driver type. Each variant builds its
 * entities with its own TypeORM copy, so a DataSource is never an `instanceof` ours.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as typeorm1 from 'typeorm';
import * as typeorm03 from 'typeorm-0.3';

/** The parts of a TypeORM module the tests use; both lines fit. */
export interface TypeormModule {
  DataSource: new (options: never) => FamilyDataSource;
  EntitySchema: new (options: never) => object;
}

/** A DataSource of either line, typed by what the tests call. */
export interface FamilyDataSource {
  isInitialized: boolean;
  options: { type: string };
  driver: object;
  entityMetadatas: { name: string; tablePath: string; tableType: string }[];
  initialize(): Promise<unknown>;
  destroy(): Promise<void>;
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
  getRepository(target: string): {
    save(entity: object): Promise<Record<string, unknown>>;
    findOneBy(where: object): Promise<Record<string, unknown> | null>;
    find(options?: object): Promise<Record<string, unknown>[]>;
  };
}

/** One way of running SQLite under TypeORM. */
export interface SqliteVariant {
  /** For test titles: driver type and TypeORM version. */
  label: string;
  typeorm: TypeormModule;
  /** The `type` option passed to the DataSource. */
  type: string;
  /** True when the variant keeps its database in a file (attached databases need one). */
  hasFile: boolean;
  /** Replaces the driver before `initialize()`: the fork stand-in. */
  wrapDriver?: (ds: FamilyDataSource) => void;
}

function versionOf(entry: string): string {
  return JSON.parse(readFileSync(join(dirname(require.resolve(entry)), 'package.json'), 'utf8')).version;
}

const V1 = versionOf('typeorm');
const V03 = versionOf('typeorm-0.3');
const TYPEORM_1 = typeorm1 as unknown as TypeormModule;
const TYPEORM_03 = typeorm03 as unknown as TypeormModule;

const FORK_TYPES = new Set<string>();

/**
 * A fork's own driver type, as n8n's `@n8n/typeorm` has `sqlite-pooled`: a subclass of the 0.3
 * copy's SQLite driver, under a type name that neither TypeORM's factory nor the guard knows,
 * installed in place of the driver the factory built. As in the fork, the copy's own
 * `DriverUtils.isSQLiteFamily` learns the name (the fork edits that list in its source), so
 * TypeORM's query builders treat it as SQLite. It runs real SQL on a real SQLite file.
 */
export function installForkDriver(ds: FamilyDataSource, type = 'sqlite-pooled'): void {
  if (FORK_TYPES.size === 0) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { DriverUtils } = require('typeorm-0.3/driver/DriverUtils') as {
      DriverUtils: { isSQLiteFamily(driver: { options: { type: string } }): boolean };
    };
    const isSQLiteFamily = DriverUtils.isSQLiteFamily.bind(DriverUtils);
    DriverUtils.isSQLiteFamily = (driver) => FORK_TYPES.has(driver.options.type) || isSQLiteFamily(driver);
  }
  FORK_TYPES.add(type);
  const Base = ds.driver.constructor as new (dataSource: FamilyDataSource) => object;
  class SqlitePooledDriver extends Base {}
  (ds.options as { type: string }).type = type;
  (ds as { driver: object }).driver = new SqlitePooledDriver(ds);
}

/** Every variant this machine runs: TypeORM 1.x only has better-sqlite3 and sql.js; 0.3 adds sqlite3. */
export const SQLITE_VARIANTS: SqliteVariant[] = [
  { label: `better-sqlite3, TypeORM ${V1}`, typeorm: TYPEORM_1, type: 'better-sqlite3', hasFile: true },
  { label: `sqlite (sqlite3), TypeORM ${V03}`, typeorm: TYPEORM_03, type: 'sqlite', hasFile: true },
  { label: `sqljs (sql.js), TypeORM ${V1}`, typeorm: TYPEORM_1, type: 'sqljs', hasFile: false },
  { label: `sqljs (sql.js), TypeORM ${V03}`, typeorm: TYPEORM_03, type: 'sqljs', hasFile: false },
  {
    label: `sqlite-pooled (a fork's type over sqlite3), TypeORM ${V03}`,
    typeorm: TYPEORM_03,
    type: 'sqlite',
    hasFile: true,
    wrapDriver: (ds) => installForkDriver(ds),
  },
];

/** An open variant: its DataSource and a temporary folder, removed by `dispose`. */
export interface OpenSqlite {
  ds: FamilyDataSource;
  dir: string;
  dispose(): Promise<void>;
}

/**
 * Opens an initialised DataSource of the variant on a fresh database (synchronize off unless
 * `extra` says otherwise). `entities` builds the entity schemas with the variant's TypeORM copy.
 */
export async function openSqlite(
  variant: SqliteVariant,
  entities: (EntitySchema: TypeormModule['EntitySchema']) => object[],
  extra: Record<string, unknown> = {},
): Promise<OpenSqlite> {
  const dir = mkdtempSync(join(tmpdir(), 'schema-guard-family-'));
  const options = {
    type: variant.type,
    ...(variant.hasFile ? { database: join(dir, 'main.sqlite') } : {}),
    entities: entities(variant.typeorm.EntitySchema),
    synchronize: false,
    logging: false,
    ...extra,
  };
  const ds = new variant.typeorm.DataSource(options as never);
  variant.wrapDriver?.(ds);
  const dispose = async () => {
    if (ds.isInitialized) await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await ds.initialize();
  } catch (error) {
    await dispose();
    throw error;
  }
  return { ds, dir, dispose };
}
