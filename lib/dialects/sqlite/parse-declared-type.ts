import { typeAffinity } from './type-affinity';

/** A declared SQLite column type split into the model's parts. */
export interface DeclaredType {
  /** Lower-cased, modifiers stripped, whitespace collapsed: `VARCHAR (255)` → `varchar`. */
  type: string;
  length?: number;
  precision?: number;
  scale?: number;
}

/**
 * Splits a declared type such as `VARCHAR(255)`, `decimal(10, 2)` or `unsigned big int`. One modifier is
 * a length for character and blob types and a precision otherwise; two are precision and scale.
 */
export function parseDeclaredType(declared: string): DeclaredType {
  const open = declared.indexOf('(');
  const base = (open < 0 ? declared : declared.slice(0, open)).trim().replace(/\s+/g, ' ').toLowerCase();
  if (open < 0) return { type: base };
  const close = declared.lastIndexOf(')');
  const modifiers = declared
    .slice(open + 1, close < open ? undefined : close)
    .split(',')
    .map((m) => (m.trim() === '' ? Number.NaN : Number(m.trim())));
  if (modifiers.some((m) => !Number.isFinite(m))) return { type: base };
  if (modifiers.length === 2) return { type: base, precision: modifiers[0], scale: modifiers[1] };
  if (modifiers.length !== 1) return { type: base };
  const affinity = typeAffinity(base);
  return affinity === 'TEXT' || affinity === 'BLOB'
    ? { type: base, length: modifiers[0] }
    : { type: base, precision: modifiers[0] };
}
