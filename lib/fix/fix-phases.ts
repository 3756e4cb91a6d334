/** The order in which fix steps run: a column needs its table, a key or an index needs its columns. */
import type { FindingCode } from '../model/finding';

/** A phase of a plan, in the order phases run. */
export type FixPhase = 'tables' | 'columns' | 'column changes' | 'keys' | 'indexes and checks' | 'other';

/** Every phase, in the order they run. */
export const FIX_PHASES: readonly FixPhase[] = ['tables', 'columns', 'column changes', 'keys', 'indexes and checks', 'other'];

/** The phase a finding's own step runs in (a planner may place further steps of it later). */
export const PHASE_OF: Record<FindingCode, FixPhase> = {
  missing_table: 'tables',
  missing_view: 'tables',
  missing_column: 'columns',
  type_mismatch: 'column changes',
  enum_mismatch: 'column changes',
  nullability_mismatch: 'column changes',
  default_mismatch: 'column changes',
  generated_mismatch: 'column changes',
  unexpected_column: 'column changes',
  primary_key_mismatch: 'keys',
  foreign_key_type_mismatch: 'keys',
  missing_foreign_key: 'keys',
  foreign_key_mismatch: 'keys',
  missing_unique: 'indexes and checks',
  missing_index: 'indexes and checks',
  missing_check: 'indexes and checks',
  invalid_index: 'indexes and checks',
  insufficient_privilege: 'other',
  unexpected_table: 'other',
};
