/**
 * PostgreSQL type comparison: aliases folded to the canonical `format_type` spelling, then the
 * question "do TypeORM's values round-trip through the actual column?".
 */
import type { ComparedType, TypeComparison } from '../dialect';
import type { ExpectedColumn } from '../../model/expected';
import type { TypeDifference } from '../../model/finding';
import type { ColumnModel } from '../../model/schema';
import { BoundedCache } from '../bounded-cache';
import { LENGTH_TYPES, hasTemporalPrecision } from './type-modifiers';

/**
 * Every spelling a user (or TypeORM's `normalizeType`) may give, folded to what `format_type`
 * prints. Serial types are their integer type: the sequence default is checked as a generation.
 */
const TYPE_ALIASES: Record<string, string> = {
  int2: 'smallint',
  smallserial: 'smallint',
  serial2: 'smallint',
  int: 'integer',
  int4: 'integer',
  serial: 'integer',
  serial4: 'integer',
  int8: 'bigint',
  bigserial: 'bigint',
  serial8: 'bigint',
  float4: 'real',
  float: 'double precision',
  float8: 'double precision',
  double: 'double precision',
  decimal: 'numeric',
  bool: 'boolean',
  varchar: 'character varying',
  'char varying': 'character varying',
  char: 'character',
  bpchar: 'character',
  timestamp: 'timestamp without time zone',
  timestamptz: 'timestamp with time zone',
  time: 'time without time zone',
  timetz: 'time with time zone',
  varbit: 'bit varying',
  'simple-json': 'text',
  'simple-array': 'text',
  'simple-enum': 'enum',
};

const FAMILIES: Record<string, string> = {
  'character varying': 'string',
  character: 'string',
  text: 'string',
  citext: 'string',
  name: 'string',
  smallint: 'integer',
  integer: 'integer',
  bigint: 'integer',
  real: 'decimal',
  'double precision': 'decimal',
  numeric: 'decimal',
  'timestamp without time zone': 'timestamp',
  'timestamp with time zone': 'timestamp',
  'time without time zone': 'time',
  'time with time zone': 'time',
  json: 'json',
  jsonb: 'json',
};

const TEXT_TYPES: ReadonlySet<string> = new Set(['text', 'character varying']);

/**
 * A string property over a number column: node-postgres sends parameters untyped, so the server
 * parses the string as the column's type; values load back as numbers (or numeric strings).
 */
const NUMERIC_STRINGS: Record<'integer' | 'decimal', string> = {
  integer: "the server converts whole-number strings such as '42' (they load back as numbers); writing any other string ('abc', '4.5', '') fails",
  decimal: "the server converts numeric strings such as '4.5' (they load back as numbers); writing any other string ('abc', '') fails",
};

/** TypeORM writes a simple-json value as JSON text, which the server parses; reads get it parsed back. */
const SIMPLE_JSON_IN: Record<string, string> = {
  json: 'TypeORM writes JSON text, which the server parses, and reads it back parsed: values round-trip',
  jsonb: 'TypeORM writes JSON text, which the server parses, and reads it back parsed: values round-trip, but object keys come back in jsonb order and duplicate keys collapse',
};

/** The expected side may say which TypeORM type it was declared with (`simple-json` maps to `text`). */
type DeclaredColumn = ColumnModel & Pick<ExpectedColumn, 'entityType'>;

/** What PostgreSQL uses when a temporal type is declared without a precision. */
const DEFAULT_TEMPORAL_PRECISION = 6;

interface CanonicalType {
  name: string;
  isArray: boolean;
}

/**
 * Folds a type spelling to PostgreSQL's canonical name: lower case, no schema qualifier, no
 * modifiers, aliases resolved (`int4` → `integer`, `timestamptz` → `timestamp with time zone`).
 * A trailing `[]` is removed too; {@link ColumnModel.isArray} says whether the column is an array.
 */
export function canonicalPostgresType(type: string): string {
  return canonicalize(type).name;
}

// A schema has a few dozen distinct type spellings over thousands of columns: fold each once.
const canonicalCache = new BoundedCache<CanonicalType>(1000);

function canonicalize(type: string): CanonicalType {
  return canonicalCache.get(type, foldType);
}

function foldType(type: string): CanonicalType {
  let name = type.trim().toLowerCase();
  const isArray = /\[\s*\d*\s*\]$/.test(name);
  name = name.replace(/(\s*\[\s*\d*\s*\])+$/, '');
  // Modifiers may sit in the middle: `timestamp(3) with time zone`.
  name = name.replace(/\s*\([^)]*\)/g, '');
  // format_type qualifies types outside the search_path (`extensions.citext`) and quotes odd names.
  name = name.replace(/^(?:"[^"]*"|[^".\s]+)\./, '').replace(/^"(.*)"$/, '$1');
  name = name.replace(/\s+/g, ' ');
  return { name: TYPE_ALIASES[name] ?? name, isArray };
}

function columnType(column: ColumnModel): CanonicalType {
  const { name, isArray } = canonicalize(column.type);
  return { name, isArray: column.isArray || isArray };
}

/** The family a type's values round-trip within (`string`, `integer`, `decimal`, ...), if any. */
export function postgresTypeFamily(type: string): string | undefined {
  return FAMILIES[canonicalPostgresType(type)];
}

/**
 * Strict equality of base types, for foreign keys, whose two ends must share a type: `uuid` vs
 * `character varying` or `integer` vs `bigint` is false. Modifiers are ignored; enums must be the
 * same enum type.
 */
export function isSameBaseType(a: ColumnModel, b: ColumnModel): boolean {
  const left = columnType(a);
  const right = columnType(b);
  if (left.name !== right.name || left.isArray !== right.isArray) return false;
  return left.name !== 'enum' || a.enumName === undefined || b.enumName === undefined || a.enumName === b.enumName;
}

/**
 * Compares the type an entity declares with the column's actual type. `compatible` when the values
 * round-trip but the declaration differs (a length, `text` for `varchar`, `bigint` for `integer`,
 * `uuid` or an enum stored as a string); `incompatible` otherwise. Modifiers are compared only
 * where `expected` gives them.
 *
 * @example
 * comparePostgresTypes(
 *   { name: 'title', type: 'character varying', displayType: 'character varying(100)', length: 100, isArray: false, isNullable: false },
 *   { name: 'title', type: 'character varying', displayType: 'character varying(255)', length: 255, isArray: false, isNullable: false },
 * ); // { verdict: 'compatible', differences: ['length'], compared: { expected: { type: 'character varying', isArray: false, length: 100 }, actual: { …, length: 255 } } }
 */
export function comparePostgresTypes(expected: ColumnModel, actual: ColumnModel): TypeComparison {
  const want = columnType(expected);
  const have = columnType(actual);
  const sides = (declaredAs = want.name): TypeComparison['compared'] => ({
    expected: { type: declaredAs, isArray: want.isArray },
    actual: { type: have.name, isArray: have.isArray },
  });
  const isSameName = want.name === have.name || (isUnboundedText(want.name, expected) && isUnboundedText(have.name, actual));
  if (want.isArray !== have.isArray) {
    return { verdict: 'incompatible', differences: isSameName ? ['array'] : ['array', 'type'], compared: sides() };
  }
  if (want.name === have.name) return compareModifiers(want, expected, actual);
  if (isSameName) return SAME;
  const differsInType = { differences: ['type'] as TypeDifference[], compared: sides() };
  // text and varchar share their operators and index operator class: a key of one joins the other.
  if (TEXT_TYPES.has(want.name) && TEXT_TYPES.has(have.name)) return { verdict: 'compatible', ...differsInType, isSameKeyType: true };
  const wantFamily = FAMILIES[want.name];
  const haveFamily = FAMILIES[have.name];
  if (wantFamily !== undefined && wantFamily === haveFamily) return { verdict: 'compatible', ...differsInType };
  if (wantFamily === 'string' && (haveFamily === 'integer' || haveFamily === 'decimal')) {
    return { verdict: 'compatible', ...differsInType, note: NUMERIC_STRINGS[haveFamily] };
  }
  const declared = (expected as DeclaredColumn).entityType;
  if (declared === 'simple-json' && FAMILIES[have.name] === 'json') {
    return { verdict: 'compatible', differences: ['type'], compared: sides(declared), note: SIMPLE_JSON_IN[have.name] };
  }
  // A uuid or an enum value is sent and read back as a string by TypeORM.
  const stringLike = (name: string) => FAMILIES[name] === 'string' || name === 'uuid' || name === 'enum';
  if (stringLike(want.name) && stringLike(have.name) && (wantFamily === 'string' || haveFamily === 'string')) {
    return { verdict: 'compatible', ...differsInType };
  }
  return { verdict: 'incompatible', ...differsInType };
}

const SAME: TypeComparison = Object.freeze({ verdict: 'same', differences: Object.freeze([]) as unknown as TypeDifference[] });

/**
 * `text` and `varchar` without a length are one type in all but name: same storage, limit,
 * operators and index operator class (https://www.postgresql.org/docs/current/datatype-character.html).
 */
function isUnboundedText(name: string, column: ColumnModel): boolean {
  return name === 'text' || (name === 'character varying' && column.length === undefined);
}

/** Compares the modifiers of one base type, as the database applies them; those the entity leaves out are never compared. */
function compareModifiers(type: CanonicalType, expected: ColumnModel, actual: ColumnModel): TypeComparison {
  const differences: TypeDifference[] = [];
  const want: ComparedType = { type: type.name, isArray: type.isArray };
  const have: ComparedType = { type: type.name, isArray: type.isArray };
  if (expected.length !== undefined && LENGTH_TYPES.has(type.name) && expected.length !== actual.length) {
    differences.push('length');
    want.length = expected.length;
    have.length = actual.length;
  }
  if (expected.precision !== undefined && (type.name === 'numeric' || hasTemporalPrecision(type.name))) {
    // timestamp without a precision is timestamp(6).
    const actualPrecision = actual.precision ?? (hasTemporalPrecision(type.name) ? DEFAULT_TEMPORAL_PRECISION : undefined);
    if (expected.precision !== actualPrecision) {
      differences.push('precision');
      want.precision = expected.precision;
      have.precision = actualPrecision;
    }
  }
  if (expected.scale !== undefined && type.name === 'numeric') {
    // numeric(p) is numeric(p,0).
    const actualScale = actual.scale ?? (actual.precision !== undefined ? 0 : undefined);
    if (expected.scale !== actualScale) {
      differences.push('scale');
      want.scale = expected.scale;
      have.scale = actualScale;
    }
  }
  return differences.length === 0 ? SAME : { verdict: 'compatible', differences, compared: { expected: want, actual: have } };
}
