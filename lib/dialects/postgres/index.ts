/**
 * The PostgreSQL dialect: catalog introspection and PostgreSQL's rules for types, defaults and
 * expressions.
 */
import type { DialectAdapter } from '../dialect';
import { comparePostgresTypes } from './compare-postgres-types';
import { fingerprintPostgres } from './fingerprint-postgres';
import { introspectPostgres } from './introspect-postgres';
import { normalizePostgresDefault, normalizePostgresExpression } from './normalize-postgres-default';
import { planPostgresFixes } from './plan-fixes';

export { canonicalPostgresType, comparePostgresTypes, isSameBaseType, postgresTypeFamily } from './compare-postgres-types';
export { fingerprintPostgres } from './fingerprint-postgres';
export { introspectPostgres } from './introspect-postgres';
export { normalizePostgresDefault, normalizePostgresExpression } from './normalize-postgres-default';
export { canonicalClockDefault } from './canonical-clock-default';
export { truncateExpectedIdentifiers, truncatePostgresIdentifier } from './truncate-identifiers';

/**
 * Quotes an identifier for PostgreSQL: always quoted, so case and reserved words survive.
 *
 * @example
 * quotePostgresIdentifier('x"y'); // '"x""y"'
 */
export function quotePostgresIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The PostgreSQL {@link DialectAdapter}. */
export const postgresAdapter: DialectAdapter = {
  dialect: 'postgres',
  introspect: introspectPostgres,
  fingerprint: fingerprintPostgres,
  compareTypes: comparePostgresTypes,
  normalizeDefault: normalizePostgresDefault,
  normalizeExpression: normalizePostgresExpression,
  quoteIdentifier: quotePostgresIdentifier,
  planFixes: planPostgresFixes,
};
