import type { ColumnModel } from '../../model/schema';
import type { TypeComparison } from '../dialect';
import { BoundedCache } from '../bounded-cache';
import { typeAffinity } from './type-affinity';

/**
 * Compares the type TypeORM declares (`driver.normalizeType()` output) with the declared type SQLite
 * reports. SQLite stores by affinity and enforces no lengths, so spelling matters only through affinity
 * and what TypeORM writes: numbers, strings or Buffers. Lengths and precisions are never compared.
 */
export function compareSqliteTypes(expected: ColumnModel, actual: ColumnModel): TypeComparison {
  const expectedType = canonicalType(expected.type);
  const actualType = canonicalType(actual.type);
  if (expectedType === actualType) return SAME;
  const expectedAffinity = typeAffinity(expectedType);
  const actualAffinity = typeAffinity(actualType);
  // The same affinity stores and returns every value identically, whatever the spelling.
  if (expectedAffinity === actualAffinity) return SAME;
  const difference =
    `declared ${display(actual)} (${actualAffinity} affinity) ` +
    `where the entity has ${expected.type} (${expectedAffinity} affinity)`;
  // Affinity never converts a BLOB value, so Buffers round-trip into any column.
  if (expectedAffinity === 'BLOB') return compatible(`${difference}; blobs are stored as given`);
  // A BLOB-affinity (untyped) column stores every value as given.
  if (actualAffinity === 'BLOB') return compatible(`${difference}; values are stored as given`);
  if (writesStrings(expectedType)) {
    // A TEXT column keeps strings as they are.
    if (actualAffinity === 'TEXT') return compatible(`${difference}; strings are stored as text`);
    // Dates and times are never numeric text; a JSON scalar that is (`5`) comes back as 5, which is what it parses to.
    if (expectedAffinity !== 'TEXT') return compatible(`${difference}; values are not numeric text`);
    // Numeric affinity turns numeric-looking text into numbers: '007' comes back as 7.
    return incompatible(`${difference}; numeric-looking strings come back as numbers`);
  }
  // TEXT affinity turns numbers into strings: 42 comes back as '42', boolean 0 as '0' (which TypeORM hydrates as true).
  if (actualAffinity === 'TEXT') return incompatible(`${difference}; numbers come back as strings`);
  // Between INTEGER, REAL and NUMERIC a number comes back as the same JavaScript number (1.5 stays REAL in INTEGER).
  return compatible(`${difference}; numbers round-trip`);
}

/** Whether TypeORM writes values of this type as strings (`AbstractSqliteDriver.preparePersistentValue`). */
function writesStrings(type: string): boolean {
  return typeAffinity(type) === 'TEXT' || STRING_WRITTEN_TYPES.has(type);
}

function compatible(reason: string): TypeComparison {
  return { verdict: 'compatible', reason };
}

function incompatible(reason: string): TypeComparison {
  return { verdict: 'incompatible', reason };
}

function canonicalType(type: string): string {
  return canonicalTypes.get(type, computeCanonicalType);
}

function computeCanonicalType(type: string): string {
  const base = type.trim().replace(/\s+/g, ' ').toLowerCase();
  return ALIASES.get(base) ?? base;
}

// A schema has few distinct type spellings; each comparison would otherwise run the regex twice.
const canonicalTypes = new BoundedCache<string>(5000);

function display(column: ColumnModel): string {
  return column.displayType === '' ? 'no type' : column.displayType;
}

const SAME: TypeComparison = { verdict: 'same' };

// TypeORM turns these into strings (DateUtils) before writing, though their affinity is NUMERIC.
const STRING_WRITTEN_TYPES = new Set([
  'date',
  'datetime',
  'time',
  'json',
  'jsonb',
  'uuid',
  'simple-json',
  'simple-array',
  'simple-enum',
]);

const ALIASES = new Map([
  ['int', 'integer'],
  ['bool', 'boolean'],
  ['character varying', 'varchar'],
  ['varying character', 'varchar'],
  ['native character', 'nchar'],
  ['double precision', 'double'],
]);
