/**
 * Which PostgreSQL types carry which modifier, by the name `format_type` gives them: shared by the
 * introspection (decoding `atttypmod`) and the type comparison (comparing the decoded values).
 */

/** Types whose modifier is a length: `character varying(n)`, `character(n)`, `bit(n)`, `bit varying(n)`. */
export const LENGTH_TYPES: ReadonlySet<string> = new Set(['character varying', 'character', 'bit', 'bit varying']);

/**
 * Types whose modifier is a fractional-seconds precision, stored as the typmod itself. `interval`
 * has one too, packed with its field range: see {@link hasTemporalPrecision}.
 */
export const TIME_TYPES: ReadonlySet<string> = new Set([
  'time without time zone',
  'time with time zone',
  'timestamp without time zone',
  'timestamp with time zone',
]);

/** Whether the type takes a fractional-seconds precision (6 when not given). */
export function hasTemporalPrecision(type: string): boolean {
  return TIME_TYPES.has(type) || type === 'interval';
}
