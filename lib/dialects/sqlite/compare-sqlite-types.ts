import type { ExpectedColumn } from '../../model/expected';
import type { ColumnModel } from '../../model/schema';
import type { TypeComparison } from '../dialect';
import { BoundedCache } from '../bounded-cache';
import { typeAffinity } from './type-affinity';

/**
 * Compares the type TypeORM declares (`driver.normalizeType()` output) with the declared type SQLite
 * reports. SQLite stores by affinity and enforces no lengths, so spelling matters only through
 * affinity and through the values TypeORM writes for the entity's type: numbers, Buffers, or
 * strings of a known shape (JSON text, UUIDs, dates). Lengths and precisions are never compared.
 *
 * @example
 * compareSqliteTypes({ ...column, type: 'json', entityType: 'json' }, { ...column, type: 'text' });
 * // { verdict: 'equivalent', differences: ['type'], compared: { expected: { type: 'json', affinity: 'NUMERIC', … }, actual: { type: 'text', affinity: 'TEXT', … } }, note: 'JSON text reads back as the same value' }
 */
export function compareSqliteTypes(expected: ColumnModel & Pick<ExpectedColumn, 'entityType'>, actual: ColumnModel): TypeComparison {
  const expectedType = canonicalType(expected.type);
  const actualType = canonicalType(actual.type);
  if (expectedType === actualType) return SAME;
  const expectedAffinity = typeAffinity(expectedType);
  const actualAffinity = typeAffinity(actualType);
  // The same affinity stores and returns every value identically, whatever the spelling.
  if (expectedAffinity === actualAffinity) return SAME;
  // The migration spelled the type as the entity declares it (`uuid`) where TypeORM's normalizeType
  // would have created another (`varchar`): the database has exactly what the user declared.
  const written = expected.entityType;
  if (written !== undefined && canonicalType(written) === actualType) return SAME;
  const differs = (verdict: TypeComparison['verdict'], note: string): TypeComparison => ({
    verdict,
    differences: ['type'],
    compared: {
      expected: { type: expected.type, isArray: false, affinity: expectedAffinity },
      actual: { type: display(actual), isArray: false, affinity: actualAffinity },
    },
    note,
  });
  // Affinity is about the values, not the name: judge by what TypeORM writes for the entity's type.
  const isJson = written !== undefined && JSON_TYPES.has(written);
  // An INTEGER PRIMARY KEY is the rowid (the introspection marks it `increment`): it refuses any
  // value that is not an integer ("datatype mismatch").
  if (actual.generation === 'increment' && actualAffinity === 'INTEGER' && writesStrings(expectedType)) {
    if (expectedAffinity === 'TEXT' && written !== 'uuid' && !isJson) {
      return differs('compatible', "it is the rowid, so only integer strings ('42') can be stored: inserting any other string fails");
    }
    return differs('incompatible', `it is the rowid, which accepts only integers: inserting ${written ?? expected.type} values fails`);
  }
  // JSON text is never numeric unless it is a bare JSON number, which affinity turns into that same number,
  // and TypeORM parses only strings (`DateUtils.stringToSimpleJson`): every document reads back equal.
  if (isJson) return differs('equivalent', 'JSON text reads back as the same value');
  // A UUID has hyphens, so no affinity ever converts it: it is stored and returned as the same text.
  if (written === 'uuid') return differs('equivalent', 'UUID strings are never numeric, so they stay text');
  // Affinity never converts a BLOB value, so Buffers round-trip into any column.
  if (expectedAffinity === 'BLOB') return differs('compatible', 'blobs are stored as given');
  // A BLOB-affinity (untyped) column stores every value as given.
  if (actualAffinity === 'BLOB') return differs('compatible', 'values are stored as given');
  if (writesStrings(expectedType)) {
    // A TEXT column keeps strings as they are.
    if (actualAffinity === 'TEXT') return differs('compatible', 'strings are stored as text');
    // Dates and times are never numeric text; a JSON scalar that is (`5`) comes back as 5, which is what it parses to.
    if (expectedAffinity !== 'TEXT') return differs('compatible', 'values are not numeric text');
    // Numeric affinity converts only text that is a well-formed number; any other string is stored as is.
    return differs(
      'compatible',
      "non-numeric strings are stored as text, but numeric-looking ones come back as numbers ('007' as 7, '1.50' as 1.5)",
    );
  }
  // TEXT affinity turns numbers into strings: 42 comes back as '42', boolean 0 as '0' (which TypeORM hydrates as true).
  if (actualAffinity === 'TEXT') return differs('incompatible', 'numbers come back as strings');
  // Between INTEGER, REAL and NUMERIC a number comes back as the same JavaScript number (1.5 stays REAL in INTEGER).
  return differs('compatible', 'numbers round-trip');
}

/** Whether TypeORM writes values of this type as strings (`AbstractSqliteDriver.preparePersistentValue`). */
function writesStrings(type: string): boolean {
  return typeAffinity(type) === 'TEXT' || STRING_WRITTEN_TYPES.has(type);
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

const SAME: TypeComparison = Object.freeze({ verdict: 'same', differences: Object.freeze([]) as unknown as TypeComparison['differences'] });

// Entity types TypeORM writes as `JSON.stringify` text and reads back with `JSON.parse` (AbstractSqliteDriver).
const JSON_TYPES = new Set(['json', 'jsonb', 'simple-json']);

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
