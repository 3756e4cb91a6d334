/**
 * Canonical forms of PostgreSQL default expressions, CHECK expressions and partial-index predicates,
 * so that the spelling an entity declares and the one the server prints (after `pg_get_expr`
 * deparsed it) compare equal when they mean the same thing.
 */
import type { ColumnModel } from '../../model/schema';
import { canonicalClockDefault, isWrapped } from './canonical-clock-default';
import { canonicalPostgresType } from './compare-postgres-types';

/** Stands for the n-th string literal while the code around it is rewritten. */
const PLACEHOLDER = /\u0000(\d+)\u0000/g;
const WHOLE_LITERAL = /^\u0000(\d+)\u0000$/;
const TYPE_NAME = '(?:"(?:[^"]|"")*"|[a-z_][\\w$]*)';
/** `::` and a type: qualified, quoted, multi-word, with modifiers and array brackets. */
const CAST_SOURCE =
  `::\\s*${TYPE_NAME}(?:\\s*\\.\\s*${TYPE_NAME})?(?:\\s+(?:varying|precision))?` +
  `(?:\\s*\\(\\s*\\d+(?:\\s*,\\s*-?\\d+)?\\s*\\))?(?:\\s+(?:with|without)\\s+time\\s+zone)?(?:\\s*\\[\\s*\\d*\\s*\\])*`;
const ANY_CAST = new RegExp(CAST_SOURCE, 'g');
const TRAILING_CAST = new RegExp(`${CAST_SOURCE}\\s*$`);
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const TRUE_WORDS = new Set(['t', 'true', 'y', 'yes', 'on', '1']);
const FALSE_WORDS = new Set(['f', 'false', 'n', 'no', 'off', '0']);
const UUID_SPELLINGS = /^(?:[\w"]+\.)?(?:uuid_generate_v4|gen_random_uuid)\(\)$/;

interface Masked {
  /** The text with every string literal replaced by a placeholder. */
  code: string;
  /** The literals' contents, unescaped. */
  literals: string[];
}

/**
 * Canonical form of a default expression: outer casts and parentheses removed, numbers, booleans
 * and JSON literals in one spelling, clock functions by the value they store (see
 * {@link canonicalClockDefault}), the UUID generators unified, and `NULL` as no default (undefined).
 * Equal results mean equivalent defaults. `column` is the column the default fills: it tells how
 * to read a literal (boolean, JSON) and which clock functions coincide in it.
 *
 * @example
 * normalizePostgresDefault("'abc'::character varying", column); // "'abc'"
 * normalizePostgresDefault('CURRENT_TIMESTAMP', column); // 'now()'
 */
export function normalizePostgresDefault(expression: string | undefined, column: ColumnModel): string | undefined {
  if (expression === undefined) return undefined;
  const text = expression.trim();
  const clock = canonicalClockDefault(text, column);
  if (clock !== undefined) return clock;
  const { code: masked, literals } = mask(text);
  const code = stripOuter(masked.toLowerCase());
  // `DEFAULT NULL` stores nothing different from no default; the server keeps the cast it needs
  // for a typed column (`NULL::character varying`).
  if (code === 'null') return undefined;

  const whole = WHOLE_LITERAL.exec(code);
  if (whole) return canonicalLiteral(literals[Number(whole[1])], column);
  if (NUMBER.test(code)) return canonicalNumber(code);

  const collapsed = code
    .replace(ANY_CAST, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),[\]])\s*/g, '$1')
    .trim();
  if (UUID_SPELLINGS.test(collapsed)) return 'gen_random_uuid()';
  // ARRAY[]::integer[] and '{}' are the same empty array.
  if (collapsed === 'array[]') return canonicalLiteral('{}', column);
  return unmask(collapsed, literals, quoteLiteral);
}

/**
 * Canonical form of a CHECK expression or partial-index predicate: lower case outside string
 * literals, no casts, parentheses, whitespace or identifier quotes, and `x = ANY (ARRAY[...])`
 * (how the server stores `x IN (...)`) spelled as the IN list. Only for equality tests: the result
 * is not SQL any more.
 *
 * @example
 * normalizePostgresExpression('((price > (0)::numeric))') === normalizePostgresExpression('"price" > 0'); // true
 */
export function normalizePostgresExpression(expression: string): string {
  const { code, literals } = mask(expression);
  const rewritten = code
    .toLowerCase()
    // The server adds casts to literals and columns that the source did not spell.
    .replace(ANY_CAST, '')
    .replace(/"((?:[^"]|"")*)"/g, (_, name: string) => name.replace(/""/g, '"'))
    .replace(/!=/g, '<>')
    // The server prints LIKE and its variants as operators.
    .replace(/\bnot\s+ilike\b/g, '!~~*')
    .replace(/\bilike\b/g, '~~*')
    .replace(/\bnot\s+like\b/g, '!~~')
    .replace(/\blike\b/g, '~~')
    .replace(/[()]/g, ' ')
    // `x IN (a, b)` is stored as `x = ANY (ARRAY[a, b])`, `NOT IN` as `<> ALL`.
    .replace(/=\s*any\s*array\s*\[([^\]]*)\]/g, ' in $1 ')
    .replace(/<>\s*all\s*array\s*\[([^\]]*)\]/g, ' not in $1 ')
    .replace(/\s+/g, '');
  return unmask(rewritten, literals, (content) => (NUMBER.test(content) ? canonicalNumber(content) : quoteLiteral(content)));
}

/** Replaces string literals by placeholders, skipping over quoted identifiers. */
function mask(text: string): Masked {
  const literals: string[] = [];
  let code = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === "'" || char === '"') {
      let j = i + 1;
      let content = '';
      while (j < text.length) {
        if (text[j] === char && text[j + 1] === char) {
          content += char;
          j += 2;
        } else if (text[j] === char) {
          break;
        } else {
          content += text[j++];
        }
      }
      if (char === "'") {
        code += `\u0000${literals.length}\u0000`;
        literals.push(content);
      } else {
        code += text.slice(i, j + 1);
      }
      i = j + 1;
    } else {
      code += char;
      i++;
    }
  }
  return { code, literals };
}

function unmask(code: string, literals: string[], render: (content: string) => string): string {
  return code.replace(PLACEHOLDER, (_, index: string) => render(literals[Number(index)]));
}

/** Removes trailing casts and parentheses around the whole expression, repeatedly. */
function stripOuter(code: string): string {
  let current = code.trim();
  for (;;) {
    const next = current.replace(TRAILING_CAST, '').trim();
    const unwrapped = isWrapped(next) ? next.slice(1, -1).trim() : next;
    if (unwrapped === current) return current;
    current = unwrapped;
  }
}


function canonicalLiteral(content: string, column: ColumnModel): string {
  const type = canonicalPostgresType(column.type);
  const lower = content.trim().toLowerCase();
  if (type === 'boolean' && !column.isArray) {
    if (TRUE_WORDS.has(lower)) return 'true';
    if (FALSE_WORDS.has(lower)) return 'false';
  }
  // TypeORM quotes numeric defaults ('0') where the server prints them bare (0).
  if (NUMBER.test(content.trim())) return canonicalNumber(content.trim());
  const trimmed = content.trim();
  if (type === 'json' || type === 'jsonb' || trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const json = canonicalJson(trimmed);
    if (json !== undefined) return quoteLiteral(json);
  }
  return quoteLiteral(content);
}

/** JSON without insignificant whitespace and with sorted keys (jsonb does not keep key order). */
function canonicalJson(text: string): string | undefined {
  try {
    return JSON.stringify(JSON.parse(text), (_, value: unknown) =>
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : value,
    );
  } catch {
    return undefined;
  }
}

/** A decimal number in one spelling (`01.50` → `1.5`), by text so that big numerics keep every digit. */
function canonicalNumber(text: string): string {
  let digits = text.trim().toLowerCase();
  if (digits.includes('e')) {
    const value = Number(digits);
    return Number.isFinite(value) ? String(value) : digits;
  }
  const negative = digits.startsWith('-');
  if (digits.startsWith('-') || digits.startsWith('+')) digits = digits.slice(1);
  const [whole, fraction = ''] = digits.split('.');
  const integerPart = whole.replace(/^0+/, '') || '0';
  const fractionPart = fraction.replace(/0+$/, '');
  const body = fractionPart ? `${integerPart}.${fractionPart}` : integerPart;
  return negative && body !== '0' ? `-${body}` : body;
}

function quoteLiteral(content: string): string {
  return `'${content.replace(/'/g, "''")}'`;
}
