/** The adapter of each dialect, for code that holds only the dialect's name (a model's `dialect`). */
import type { Dialect } from '../model/schema';
import type { DialectAdapter } from './dialect';
import { postgresAdapter } from './postgres';
import { sqliteAdapter } from './sqlite';

const ADAPTERS: Record<Dialect, DialectAdapter> = { postgres: postgresAdapter, sqlite: sqliteAdapter };

/**
 * The {@link DialectAdapter} of a dialect.
 *
 * @example
 * dialectAdapter('sqlite').hasEnumTypes; // false
 */
export function dialectAdapter(dialect: Dialect): DialectAdapter {
  return ADAPTERS[dialect];
}
