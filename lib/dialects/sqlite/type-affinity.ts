import { BoundedCache } from '../bounded-cache';

/** SQLite's five column affinities. */
export type TypeAffinity = 'INTEGER' | 'TEXT' | 'BLOB' | 'REAL' | 'NUMERIC';

/**
 * The affinity SQLite gives a declared type, by the rules of https://www.sqlite.org/datatype3.html §3.1,
 * applied in their order (so `point` is INTEGER and `floating point` is INTEGER too, as in SQLite).
 */
export function typeAffinity(declaredType: string): TypeAffinity {
  return affinities.get(declaredType, computeAffinity);
}

function computeAffinity(declaredType: string): TypeAffinity {
  const type = declaredType.toUpperCase();
  if (type.includes('INT')) return 'INTEGER';
  if (type.includes('CHAR') || type.includes('CLOB') || type.includes('TEXT')) return 'TEXT';
  if (type.includes('BLOB') || type.trim() === '') return 'BLOB';
  if (type.includes('REAL') || type.includes('FLOA') || type.includes('DOUB')) return 'REAL';
  return 'NUMERIC';
}

const affinities = new BoundedCache<TypeAffinity>(5000);
