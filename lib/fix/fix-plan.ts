/**
 * The fix plan: what the diff found, turned into ordered statements by the dialect's planner.
 * A stage of its own, after the diff and the policy (issue 11): findings + expected schema + actual
 * schema in, steps out. The diff never writes SQL and no formatter parses SQL back: formatters
 * (script, TypeORM migration, text, markdown, JSON) read these steps. Printed, never run by the
 * library.
 */
import type { ExpectedSchema } from '../model/expected';
import type { Finding } from '../model/finding';
import type { SchemaModel } from '../model/schema';

/**
 * What makes a step dangerous on a live database, named as squawk and strong_migrations name them.
 * - `table_rewrite`: the table is rewritten (a type change without a binary-compatible cast).
 * - `blocks_writes` / `blocks_reads`: an `ACCESS EXCLUSIVE` (reads and writes) or `SHARE` (writes) lock for the whole statement.
 * - `validation_scan`: the whole table is read to validate a constraint (`VALIDATE CONSTRAINT`, `SET NOT NULL`).
 * - `needs_backfill`: existing rows need a value first (a `NOT NULL` column without default on a table that may have rows).
 * - `may_fail_on_data`: existing rows may violate it (duplicates for a unique, orphans for a foreign key, values that do not convert).
 * - `data_loss`: values are dropped or truncated (a column or table dropped, a narrower type).
 * - `not_transactional`: cannot run inside a transaction (`CREATE INDEX CONCURRENTLY`).
 * - `table_rebuild`: SQLite's documented 12-step table rebuild (new table, copy, drop, rename).
 */
export type FixHazard =
  | 'table_rewrite'
  | 'blocks_writes'
  | 'blocks_reads'
  | 'validation_scan'
  | 'needs_backfill'
  | 'may_fail_on_data'
  | 'data_loss'
  | 'not_transactional'
  | 'table_rebuild';

/** One step of a plan: statements that belong together, and how to undo them. */
export interface FixStep {
  /** The findings this step resolves (one step may resolve several, e.g. a table rebuild). */
  findings: Finding[];
  /** The table the step changes, as findings name it. */
  table: string;
  /** Statements in order, each without its trailing `;`. */
  sql: string[];
  /** Statements that undo `sql`, in the order to run them; empty when the step cannot be undone (see `notes`). */
  reverse: string[];
  /** What a person should know before running it: why, backfills, what was held back. Plain text, no `--`. */
  notes: string[];
  /** What makes it dangerous on a live database; empty when nothing does. */
  hazards: FixHazard[];
  /** False when the statements cannot run inside a transaction (`CREATE INDEX CONCURRENTLY`). */
  isTransactional: boolean;
}

/** Every step to make the database match the entities, in the order to run them. */
export interface FixPlan {
  dialect: SchemaModel['dialect'];
  /** Statements to run first in the same session (e.g. `SET lock_timeout = '5s'`). */
  header: string[];
  steps: FixStep[];
  /** Findings no statement can fix (a privilege, a view's query, an unexpected table): each with why. */
  unplanned: { finding: Finding; reason: string }[];
}

/** What one dialect's planner needs: the findings kept by the policy, and both schemas. */
export interface FixPlanInput {
  findings: Finding[];
  expected: ExpectedSchema;
  actual: SchemaModel;
}

/** A dialect's planner (`lib/dialects/<dialect>/plan-fixes.ts`). Pure. */
export type PlanFixes = (input: FixPlanInput) => FixPlan;
