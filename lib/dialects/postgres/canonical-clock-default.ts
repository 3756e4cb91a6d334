/**
 * Defaults that read the transaction's clock (`now()`, `CURRENT_TIMESTAMP(3)`, `LOCALTIMESTAMP`,
 * `('now'::text)::timestamp(3) with time zone`, `CURRENT_DATE`...), brought to one spelling per
 * value they store in the column.
 *
 * They all read the transaction start time; what differs is the type they produce and the
 * rounding. Two of them are equal only when they store the same value in every case:
 * - The column's type decides which kinds coincide: in a `timestamp without time zone` column
 *   `now()` is converted with the session time zone, exactly like `LOCALTIMESTAMP`; in a
 *   `timestamp with time zone` column `LOCALTIMESTAMP` is converted back from local time, which is
 *   ambiguous in the hour a daylight-saving change repeats, so it is not `now()` there.
 * - Rounding: `CURRENT_TIMESTAMP(n)` rounds to n digits, then the column rounds to its own precision
 *   p (6 when not given). With n >= 6, or n = p, that is `now()` in the column; with n < p the value
 *   is coarser; with p < n < 6 it is rounded twice, which differs from rounding once now and then.
 *   https://www.postgresql.org/docs/current/functions-datetime.html#FUNCTIONS-DATETIME-CURRENT
 */
import type { ColumnModel } from '../../model/schema';
import { canonicalPostgresType } from './compare-postgres-types';

/** What a clock default produces before the column converts it. */
type ClockKind = 'timestamptz' | 'timestamp' | 'timetz' | 'time' | 'date';

interface Clock {
  kind: ClockKind;
  /** Fractional digits it rounds to; undefined for full (microsecond) precision. */
  precision?: number;
}

const FULL_PRECISION = 6;

const FUNCTION_KINDS: Record<string, ClockKind> = {
  'now()': 'timestamptz',
  'transaction_timestamp()': 'timestamptz',
  current_timestamp: 'timestamptz',
  localtimestamp: 'timestamp',
  current_time: 'timetz',
  localtime: 'time',
  current_date: 'date',
};

const CLOCK_FUNCTION =
  /^(now\(\)|transaction_timestamp\(\)|current_timestamp|localtimestamp|current_time|localtime|current_date)(?:\s*\(\s*(\d+)\s*\))?$/;
/**
 * `'now'` cast from text at run time, which is how TypeORM rewrites `CURRENT_TIMESTAMP(3)` and how
 * servers before PostgreSQL 10 printed the SQL clock functions. (`'now'::timestamptz` without the
 * text cast is different: the server evaluates it once, when the default is created.)
 */
const NOW_CAST =
  /^\(?\s*'now'\s*::\s*text\s*\)?\s*::\s*(timestamptz|timestamp|timetz|time|date)(?:\s*\(\s*(\d+)\s*\))?(?:\s+(with|without)\s+time\s+zone)?$/;

/** In a column of this type (the key), these kinds store the same value as `now()`. */
const SAME_AS_NOW: Record<string, readonly ClockKind[]> = {
  'timestamp with time zone': ['timestamptz'],
  'timestamp without time zone': ['timestamptz', 'timestamp'],
  'time with time zone': ['timestamptz', 'timetz'],
  'time without time zone': ['timestamptz', 'timestamp', 'timetz', 'time'],
  date: ['timestamptz', 'timestamp', 'date'],
};

const KIND_SPELLINGS: Record<ClockKind, string> = {
  timestamptz: 'current_timestamp',
  timestamp: 'localtimestamp',
  timetz: 'current_time',
  time: 'localtime',
  date: 'current_date',
};

/**
 * The canonical form of a clock default as stored in `column` (`now()`, `current_date`, or a
 * spelling with its rounding such as `current_timestamp(3)`), or undefined when `expression` does
 * not read the clock.
 *
 * @example
 * canonicalClockDefault('CURRENT_TIMESTAMP(3)', timestamptz3Column); // 'now()'
 * canonicalClockDefault("('now'::text)::timestamp(3) with time zone", timestamptz3Column); // 'now()'
 * canonicalClockDefault('CURRENT_TIMESTAMP(3)', timestamptzColumn); // 'current_timestamp(3)'
 */
export function canonicalClockDefault(expression: string, column: ColumnModel): string | undefined {
  const clock = parseClock(expression);
  if (!clock) return undefined;
  const type = column.isArray ? undefined : canonicalPostgresType(column.type);
  const isFull = clock.precision === undefined || clock.precision >= FULL_PRECISION;
  if (type !== undefined && SAME_AS_NOW[type]?.includes(clock.kind)) {
    if (type === 'date') return isFull ? 'current_date' : `current_timestamp(${clock.precision})`;
    const columnPrecision = column.precision ?? FULL_PRECISION;
    return isFull || clock.precision === columnPrecision ? 'now()' : `current_timestamp(${clock.precision})`;
  }
  // Not interchangeable with now() in this column: a spelling of its own kind and rounding.
  if (clock.kind === 'timestamptz' && isFull) return 'now()';
  return isFull ? KIND_SPELLINGS[clock.kind] : `${KIND_SPELLINGS[clock.kind]}(${clock.precision})`;
}

function parseClock(expression: string): Clock | undefined {
  let text = expression.trim().toLowerCase();
  while (isWrapped(text)) text = text.slice(1, -1).trim();
  const call = CLOCK_FUNCTION.exec(text);
  if (call) {
    const kind = FUNCTION_KINDS[call[1]];
    // now(3) does not exist, and CURRENT_DATE takes no precision.
    if (call[2] !== undefined && (call[1].endsWith(')') || kind === 'date')) return undefined;
    return { kind, precision: call[2] === undefined ? undefined : Number(call[2]) };
  }
  const cast = NOW_CAST.exec(text);
  if (!cast) return undefined;
  const [, name, digits, zone] = cast;
  if (name === 'date' && (digits !== undefined || zone !== undefined)) return undefined;
  const withZone = name.endsWith('tz') || zone === 'with';
  if (name.endsWith('tz') && zone !== undefined) return undefined;
  const base = name.startsWith('timestamp') ? 'timestamp' : name.startsWith('time') ? 'time' : 'date';
  const kind: ClockKind = base === 'date' ? 'date' : withZone ? (`${base}tz` as ClockKind) : (base as ClockKind);
  return { kind, precision: digits === undefined ? undefined : Number(digits) };
}

/** True when the first `(` closes at the very end (a parenthesis inside a string literal counts too). */
export function isWrapped(text: string): boolean {
  if (!text.startsWith('(') || !text.endsWith(')')) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    if (depth === 0) return i === text.length - 1;
  }
  return false;
}
