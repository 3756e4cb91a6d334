/**
 * One TypeORM DataSource per benchmark driver: TypeORM 1.x for `postgres` and `better-sqlite3`,
 * the TypeORM 0.3 copy (npm alias `typeorm-0.3`) for the `sqlite` (sqlite3) driver that 1.x removed.
 */
import type { DataSource, DataSourceOptions, EntitySchema } from 'typeorm';
import type { BenchDriver } from './count-round-trips';
import { generateEntities, type EntityDialect, type EntitySchemaClass } from './generate-entities';

/** The parts of either TypeORM copy the benchmark uses. */
interface TypeormModule {
  DataSource: new (options: DataSourceOptions) => DataSource;
  EntitySchema: EntitySchemaClass;
}

/** The TypeORM copy that drives `driver`. */
export function loadTypeorm(driver: BenchDriver): TypeormModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (driver === 'sqlite3' ? require('typeorm-0.3') : require('typeorm')) as TypeormModule;
}

/** The installed version of the TypeORM copy that drives `driver`. */
export function typeormVersion(driver: BenchDriver): string {
  const name = driver === 'sqlite3' ? 'typeorm-0.3' : 'typeorm';
  // `package.json` is not in typeorm's exports map: resolve the entry and read the file beside it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { dirname, join } = require('node:path') as typeof import('node:path');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(join(dirname(require.resolve(name)), 'package.json')) as { version: string }).version;
}

/** Which column types the generated entities use on `driver`. */
export function entityDialectOf(driver: BenchDriver): EntityDialect {
  return driver === 'postgres' ? 'postgres' : 'sqlite';
}

/**
 * An uninitialised DataSource on `location` (a PostgreSQL URL or an SQLite file) with `count`
 * generated entities.
 */
export function createBenchDataSource(
  driver: BenchDriver,
  location: string,
  count: number,
  synchronize = false,
): DataSource {
  const typeorm = loadTypeorm(driver);
  const entities: EntitySchema<unknown>[] = generateEntities(typeorm.EntitySchema, count, entityDialectOf(driver));
  const common = { entities, synchronize, logging: false } as const;
  if (driver === 'postgres') {
    // pg-pool closes clients idle for 10 s by default; log() at 1000 entities runs longer than that,
    // and a warm sample must not pay for a new connection (and a new backend's empty catalog cache).
    return new typeorm.DataSource({ type: 'postgres', url: location, extra: { idleTimeoutMillis: 600_000 }, ...common });
  }
  return new typeorm.DataSource({
    type: driver === 'sqlite3' ? 'sqlite' : 'better-sqlite3',
    database: location,
    ...common,
  } as DataSourceOptions);
}
