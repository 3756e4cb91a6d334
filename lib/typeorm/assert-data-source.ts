import type { DialectAdapter } from '../dialects/dialect';
import { SchemaGuardConfigError } from '../errors';
import { SUPPORTED_DRIVERS, detectDialect } from './detect-dialect';
import type { DataSourceLike } from './typeorm-shapes';

/** Who asks, for the messages, and whether a DataSource that is not initialised is a caller's mistake. */
export interface AssertDataSourceOptions {
  /** Starts the messages: `validateSchemaOnStartup`, `The schema health check`. */
  caller: string;
  /** Reject a DataSource that is not initialised (the health check reports it as unreachable instead). */
  mustBeInitialized?: boolean;
}

/**
 * Checks, by shape rather than `instanceof` (the DataSource may come from another copy of TypeORM
 * or a fork), that `value` is a DataSource the library can check, and picks its dialect. Throws
 * `SchemaGuardConfigError` for what no retry fixes.
 *
 * @example
 * const { ds, adapter } = assertDataSource(dataSource, { caller: 'validateSchemaOnStartup', mustBeInitialized: true });
 */
export function assertDataSource(value: unknown, options: AssertDataSourceOptions): { ds: DataSourceLike; adapter: DialectAdapter } {
  const ds = value as Partial<DataSourceLike> | null | undefined;
  if (!ds || typeof ds !== 'object' || typeof ds.createQueryRunner !== 'function' || !ds.options || !ds.driver) {
    throw new SchemaGuardConfigError(
      `${options.caller} expects a TypeORM DataSource as its first argument (got ` +
        (ds === null ? 'null' : typeof ds) +
        '). Pass the DataSource your application initialises.',
    );
  }
  if (options.mustBeInitialized && !ds.isInitialized) {
    throw new SchemaGuardConfigError(
      `The DataSource is not initialised: call \`await dataSource.initialize()\` before ${options.caller}, ` +
        'so that the entity metadata is built and a connection exists.',
    );
  }
  const adapter = detectDialect(ds as DataSourceLike);
  if (!adapter) {
    throw new SchemaGuardConfigError(
      `The DataSource uses the "${ds.options.type}" driver, which typeorm-schema-guard does not support. ` +
        `Supported drivers: ${SUPPORTED_DRIVERS}.`,
    );
  }
  return { ds: ds as DataSourceLike, adapter };
}
