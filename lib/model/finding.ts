/**
 * Findings: one plain object per drift, keyed by a stable literal `code`. Codes are public API:
 * never rename one; add new ones instead.
 */

/** Every finding code the library can emit. See docs/findings.md for each. */
export const FINDING_CODES = [
  'missing_table',
  'missing_view',
  'unexpected_table',
  'missing_column',
  'unexpected_column',
  'type_mismatch',
  'enum_mismatch',
  'nullability_mismatch',
  'default_mismatch',
  'generated_mismatch',
  'primary_key_mismatch',
  'missing_foreign_key',
  'foreign_key_mismatch',
  'foreign_key_type_mismatch',
  'missing_index',
  'missing_unique',
  'missing_check',
  'insufficient_privilege',
  'invalid_index',
] as const;

/** A stable snake_case identifier of a kind of drift. */
export type FindingCode = (typeof FINDING_CODES)[number];

/** How much a finding matters: `error` breaks reads or writes every time; `warning` for some values or quietly; `info` is harmless. */
export type Severity = 'error' | 'warning' | 'info';

/** One drift between the entities and the database. JSON-serialisable. */
export interface Finding {
  /** What kind of drift this is; stable, documented in docs/findings.md. */
  code: FindingCode;
  /** How much it matters (after `options.severity` overrides). */
  severity: Severity;
  /** The table as the database names it; schema-qualified when not in the default schema. */
  table: string;
  /** The column concerned, where there is one. */
  column?: string;
  /** The entity's name, where the finding belongs to one. */
  entity?: string;
  /** `Entity.property` of the relation affected, where one is (e.g. `Task.labels`). */
  relation?: string;
  /** What the entities declare, in words or SQL. */
  expected?: string;
  /** What the database has, in words or SQL. */
  actual?: string;
  /** One line a person understands. */
  message: string;
  /** Suggested SQL that would make the database match; printed, never executed by the library. */
  fix?: string;
}

/** The result of one validation. JSON-serialisable. */
export interface SchemaReport {
  /** True when no finding has severity `error`. */
  ok: boolean;
  /** Which database was checked. */
  dialect: 'postgres' | 'sqlite';
  /** Every drift found, not only the first; sorted by severity, then table, then column. */
  findings: Finding[];
  /** What the check covered and cost. */
  stats: {
    /** Tables (and views) the entities expect. */
    tables: number;
    /** Columns the entities expect, over all those tables. */
    columns: number;
    /** Database round trips the check issued. */
    queries: number;
    /** Wall time of the whole check, in milliseconds. */
    durationMs: number;
  };
  /**
   * Only in `mode: 'degrade'`: the relations and columns TypeORM now loads around, each with the
   * finding that caused it. Empty when nothing had to be degraded. See docs/degrade.md.
   */
  degraded?: Degradation[];
}

/** One relation or column that `mode: 'degrade'` took out of TypeORM's loading and writing. */
export interface Degradation {
  /** `relation`: no longer joined (find `relations`, eager loading); `column`: left out of SELECT, INSERT and UPDATE. */
  kind: 'relation' | 'column';
  /** The entity the relation or column belongs to, e.g. `Task`. */
  entity: string;
  /** `Entity.property` of the relation, e.g. `Task.labels` (kind `relation`). */
  relation?: string;
  /** `Entity.property` of the column, e.g. `TaskSubtask.userId` (kind `column`). */
  property?: string;
  /** The column's name in the database (kind `column`). */
  column?: string;
  /** The finding that caused it. */
  finding: Finding;
}
