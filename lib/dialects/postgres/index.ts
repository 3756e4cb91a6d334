/**
 * The PostgreSQL dialect: catalog introspection and PostgreSQL's rules for types, defaults and
 * expressions.
 */
import type { DialectAdapter } from '../dialect';
import { comparePostgresTypes } from './compare-postgres-types';
import { fingerprintPostgres } from './fingerprint-postgres';
import { introspectPostgres } from './introspect-postgres';
import { normalizePostgresDefault, normalizePostgresExpression } from './normalize-postgres-default';
import { truncateExpectedIdentifiers } from './truncate-identifiers';
import { planPostgresFixes } from './plan-fixes';
import { quotePostgresIdentifier } from './fix-sql';

export { quotePostgresIdentifier } from './fix-sql';

export { isSameBaseType } from './compare-postgres-types';
export { introspectPostgres } from './introspect-postgres';
export { truncateExpectedIdentifiers, truncatePostgresIdentifier } from './truncate-identifiers';


/** The PostgreSQL {@link DialectAdapter}. */
export const postgresAdapter: DialectAdapter = {
  dialect: 'postgres',
  introspect: introspectPostgres,
  fingerprint: fingerprintPostgres,
  compareTypes: comparePostgresTypes,
  normalizeDefault: normalizePostgresDefault,
  normalizeExpression: normalizePostgresExpression,
  quoteIdentifier: quotePostgresIdentifier,
  hasAttachedDatabases: false,
  hasEnumTypes: true,
  foldIdentifier: (name) => name,
  checksForeignKeyTypes: true,
  generatesUuids: true,
  trustsDriverDefaults: false,
  // TypeORM sends long names as they are; PostgreSQL keeps their first 63 bytes.
  toStoredNames: truncateExpectedIdentifiers,
  planFixes: planPostgresFixes,
};
