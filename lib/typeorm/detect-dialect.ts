/**
 * Which dialect a DataSource speaks, decided by what its driver is rather than by a list of
 * `type` names: forks of TypeORM add their own driver types (n8n's `@n8n/typeorm` has
 * `sqlite-pooled`), and a DataSource may come from another copy of TypeORM, so nothing here
 * uses `instanceof`.
 */
import type { DialectAdapter } from '../dialects/dialect';
import { postgresAdapter } from '../dialects/postgres';
import { sqliteAdapter } from '../dialects/sqlite';
import type { DataSourceLike } from './typeorm-shapes';

/** What detection reads of a DataSource. */
export type DetectableDataSource = Pick<DataSourceLike, 'options'> & { readonly driver?: unknown };

/** For error messages: the drivers the library checks. */
export const SUPPORTED_DRIVERS =
  "postgres, and TypeORM's SQLite driver family (sqlite, better-sqlite3, sqljs, capacitor, cordova, expo, " +
  'nativescript, react-native, and fork driver types built on AbstractSqliteDriver, such as sqlite-pooled)';

/**
 * The dialect adapter for a DataSource, or `undefined` when the library cannot check its driver.
 *
 * @example
 * detectDialect(new DataSource({ type: 'sqljs' }))?.dialect; // 'sqlite'
 */
export function detectDialect(dataSource: DetectableDataSource): DialectAdapter | undefined {
  if (dataSource.options.type === 'postgres') return postgresAdapter;
  if (isSqliteFamilyDriver(dataSource.driver)) return sqliteAdapter;
  return undefined;
}

/**
 * True for a driver of TypeORM's SQLite family, from any copy of TypeORM or a fork: its class
 * descends from `AbstractSqliteDriver`, or it has that class's attached-database API
 * (TypeORM's React Native driver copies the class instead of extending it, and bundlers that
 * mangle class names leave method names alone).
 */
export function isSqliteFamilyDriver(driver: unknown): boolean {
  if (typeof driver !== 'object' || driver === null) return false;
  for (let proto = Object.getPrototypeOf(driver); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    if ((proto as { constructor?: { name?: string } }).constructor?.name === 'AbstractSqliteDriver') return true;
  }
  const methods = driver as Record<string, unknown>;
  return typeof methods.hasAttachedDatabases === 'function' && typeof methods.getAttachedDatabaseHandleByRelativePath === 'function';
}
