/** The words for a type difference, built from the flags a dialect's `compareTypes` returns. */
import type { ComparedType, TypeComparison } from '../dialects/dialect';

/**
 * Says what differs between two column types, for a finding's message: `length 100 vs 255`,
 * `jsonb vs text`, `array vs scalar`, then the dialect's note on the values. Empty when nothing does.
 *
 * @example
 * describeTypeComparison({ verdict: 'compatible', differences: ['length'], compared: { expected: { type: 'character varying', isArray: false, length: 100 }, actual: { type: 'character varying', isArray: false, length: 255 } } });
 * // 'length 100 vs 255'
 */
export function describeTypeComparison(comparison: TypeComparison): string {
  const { compared, note } = comparison;
  if (!compared) return note ?? '';
  const { expected, actual } = compared;
  const parts = comparison.differences.map((difference) => {
    switch (difference) {
      case 'array':
        return `${shape(expected)} vs ${shape(actual)}`;
      case 'type':
        // SQLite stores by affinity, so the affinities say more than the names.
        return expected.affinity !== undefined && actual.affinity !== undefined
          ? `declared ${actual.type} (${actual.affinity} affinity) where the entity has ${expected.type} (${expected.affinity} affinity)`
          : `${expected.type} vs ${actual.type}`;
      default:
        return `${difference} ${expected[difference] ?? 'unspecified'} vs ${actual[difference] ?? 'unspecified'}`;
    }
  });
  const text = parts.join(', ');
  return note ? `${text}; ${note}` : text;
}

function shape(type: ComparedType): string {
  return type.isArray ? 'array' : 'scalar';
}
