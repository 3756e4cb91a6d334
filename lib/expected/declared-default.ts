/**
 * The default an entity declares, as SQL text, for comparison with the catalog.
 *
 * On PostgreSQL this does not use TypeORM's `driver.normalizeDefault()`: that function rewrites what
 * the entity said before anyone compares it. It turns `() => 'CURRENT_TIMESTAMP(3)'` into
 * `('now'::text)::timestamp(3) with time zone` (TypeORM 0.3.18+ and 1.x; older lines and forks
 * return it unchanged), while a database built by migrations prints `CURRENT_TIMESTAMP(3)`; and it
 * puts string defaults between quotes without doubling the quotes inside. So the declaration is
 * rendered here, and the dialect's own normaliser decides what is equal.
 */
import { dialectAdapter } from '../dialects/dialect-adapter';
import type { Dialect } from '../model/schema';
import type { ColumnMeta, DriverLike } from '../typeorm/typeorm-shapes';

/**
 * SQL text of `column.default`: what the function returns for a function default, a quoted
 * literal for strings and numbers (as TypeORM writes them), `true`/`false`, an array literal for
 * arrays, JSON for other objects; undefined for no default and for `null`.
 *
 * @example
 * declaredDefault({ ...column, default: () => 'CURRENT_TIMESTAMP(3)' }, driver, 'postgres'); // 'CURRENT_TIMESTAMP(3)'
 * declaredDefault({ ...column, default: "it's" }, driver, 'postgres'); // "'it''s'"
 */
export function declaredDefault(column: ColumnMeta, driver: DriverLike, dialect: Dialect): string | undefined {
  if (dialectAdapter(dialect).trustsDriverDefaults) return driver.normalizeDefault(column) ?? undefined;
  const value = column.default;
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'function') return String((value as () => unknown)());
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') return quote(String(value));
  if (Array.isArray(value) && column.isArray) return quote(`{${value.map((item) => String(item)).join(',')}}`);
  return quote(JSON.stringify(value));
}

function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
