/**
 * Literal reports for the golden tests of the formatters: pure functions tested on literal values.
 * The plans are spelled as the planners spell them; one table name tries to forge a line and a colour.
 */
import type { SchemaReport } from '../../lib';
import type { FixPlan, FixStep } from '../../lib/fix/fix-plan';
import { withFixes } from '../../lib/fix/plan-fixes';

export const HOSTILE_TABLE = 'x\n\u001b[31m';

const POSTGRES_FINDINGS: SchemaReport = {
  ok: false,
  dialect: 'postgres',
  findings: [
    {
      code: 'missing_table',
      severity: 'error',
      table: 'audit_log',
      entity: 'AuditLog',
      message: 'table of AuditLog audit_log does not exist: every query that touches it fails',
      role: 'entity',
    },
    {
      code: 'missing_column',
      severity: 'error',
      table: 'task_subtasks',
      column: 'user_id',
      entity: 'TaskSubtask',
      expected: 'character varying',
      message: 'table task_subtasks has no column "user_id" (column of TaskSubtask.userId): every load of TaskSubtask, and every load through Task.subtasks, fails',
      failingEntities: ['TaskSubtask'],
      failingRelations: ['Task.subtasks'],
    },
    {
      code: 'missing_table',
      severity: 'error',
      table: HOSTILE_TABLE,
      entity: 'Hostile',
      message: `table of Hostile ${HOSTILE_TABLE} does not exist: every query that touches it fails`,
      role: 'entity',
    },
    {
      code: 'type_mismatch',
      severity: 'warning',
      table: 'notes',
      column: 'title',
      entity: 'Note',
      expected: 'character varying(200)',
      actual: 'text',
      message: 'column notes.title is text, declared character varying(200) (text for varchar)',
      differences: ['type'],
    },
    {
      code: 'missing_foreign_key',
      severity: 'warning',
      table: 'notes',
      column: 'project_id',
      entity: 'Note',
      relation: 'Note.project',
      expected: 'projects(id)',
      message: 'notes(project_id) has no foreign key to projects(id) for Note.project: orphaned rows are possible',
      columns: ['project_id'],
      target: { table: 'projects', columns: ['id'] },
      onDelete: 'cascade',
      onUpdate: 'no action',
    },
    {
      code: 'missing_index',
      severity: 'warning',
      table: 'notes',
      column: 'title',
      entity: 'Note',
      expected: '(title)',
      message: 'notes has no index on (title): queries on it scan the table',
      columns: ['title'],
    },
    {
      code: 'missing_check',
      severity: 'warning',
      table: 'notes',
      entity: 'Note',
      expected: 'CHECK ("priority" >= 0)',
      message: 'notes lacks CHECK ("priority" >= 0): rows that violate it can be stored',
      expression: '"priority" >= 0',
      checkName: 'CHK_notes_priority',
    },
    {
      code: 'foreign_key_type_mismatch',
      severity: 'error',
      table: 'project_contexts',
      column: 'parent_global_id',
      entity: 'ProjectContext',
      relation: 'ProjectContext.parentGlobal',
      expected: 'character varying(255) (as global_contexts.id)',
      actual: 'uuid',
      message: 'project_contexts.parent_global_id is uuid but references global_contexts.id of type character varying(255): the join of ProjectContext.parentGlobal compares different types and the constraint cannot exist',
      referencedTable: 'global_contexts',
      referencedColumn: 'id',
      referencedType: 'character varying(255)',
      differences: ['type'],
    },
    {
      code: 'unexpected_column',
      severity: 'info',
      table: 'tasks',
      column: 'legacy_flag',
      entity: 'Task',
      actual: 'boolean',
      message: 'column tasks.legacy_flag is not mapped by Task (ignored by TypeORM)',
      isNullable: true,
      hasDefault: false,
      isGenerated: false,
    },
  ],
  stats: { tables: 7, columns: 31, queries: 3, durationMs: 18.4 },
};

/** A report with its plan: steps name findings by index; `fix` is filled from the plan as the core fills it. */
function planned(
  report: SchemaReport,
  header: string[],
  steps: (Omit<Partial<FixStep>, 'findings'> & { findings: number[]; sql: string[] })[],
  unplanned: [number, string][],
): SchemaReport {
  const plan: FixPlan = {
    dialect: report.dialect,
    header,
    steps: steps.map((step) => ({
      table: report.findings[step.findings[0]].table,
      reverse: [],
      notes: [],
      hazards: [],
      isTransactional: true,
      ...step,
      findings: step.findings.map((i) => report.findings[i]),
    })),
    unplanned: unplanned.map(([i, reason]) => ({ finding: report.findings[i], reason })),
  };
  const { findings, plan: withFix } = withFixes(report.findings, plan);
  return { ...report, findings, plan: withFix };
}

export const POSTGRES_REPORT = planned(
  POSTGRES_FINDINGS,
  ["SET lock_timeout = '5s'"],
  [
    {
      findings: [0],
      sql: ['CREATE TABLE "audit_log" (\n  "id" uuid DEFAULT gen_random_uuid() NOT NULL,\n  "action" character varying NOT NULL,\n  PRIMARY KEY ("id")\n)'],
      reverse: ['DROP TABLE "audit_log"'],
    },
    {
      findings: [2],
      sql: [`CREATE TABLE "${HOSTILE_TABLE}" (\n  "id" integer GENERATED BY DEFAULT AS IDENTITY NOT NULL,\n  PRIMARY KEY ("id")\n)`],
      reverse: [`DROP TABLE "${HOSTILE_TABLE}"`],
    },
    {
      findings: [1],
      sql: [
        'ALTER TABLE "task_subtasks" ADD COLUMN "user_id" character varying',
        'ALTER TABLE "task_subtasks" ADD CONSTRAINT "task_subtasks_user_id_not_null" CHECK ("user_id" IS NOT NULL) NOT VALID',
        'ALTER TABLE "task_subtasks" VALIDATE CONSTRAINT "task_subtasks_user_id_not_null"',
        'ALTER TABLE "task_subtasks" ALTER COLUMN "user_id" SET NOT NULL',
        'ALTER TABLE "task_subtasks" DROP CONSTRAINT "task_subtasks_user_id_not_null"',
      ],
      reverse: ['ALTER TABLE "task_subtasks" DROP COLUMN "user_id"'],
      notes: [
        'backfill: task_subtasks.user_id is NOT NULL without a default; on a table with rows, fill it before the SET NOT NULL: UPDATE "task_subtasks" SET "user_id" = <value> WHERE "user_id" IS NULL',
      ],
      hazards: ['needs_backfill', 'validation_scan'],
    },
    {
      findings: [3],
      sql: ['ALTER TABLE "notes" ALTER COLUMN "title" TYPE character varying(200) USING "title"::character varying(200)'],
      reverse: ['ALTER TABLE "notes" ALTER COLUMN "title" TYPE text USING "title"::text'],
      notes: ['values are converted with "title"::character varying(200); rows whose value does not convert make the statement fail'],
      hazards: ['table_rewrite', 'blocks_reads', 'blocks_writes', 'may_fail_on_data', 'data_loss'],
    },
    {
      findings: [4],
      sql: [
        'ALTER TABLE "notes" ADD CONSTRAINT "FK_notes_project" FOREIGN KEY ("project_id") REFERENCES "projects" ("id") ON DELETE CASCADE ON UPDATE NO ACTION NOT VALID',
        'ALTER TABLE "notes" VALIDATE CONSTRAINT "FK_notes_project"',
      ],
      reverse: ['ALTER TABLE "notes" DROP CONSTRAINT "FK_notes_project"'],
      notes: ['rows whose key matches no referenced row make the VALIDATE fail: fix or delete them first'],
      hazards: ['validation_scan', 'may_fail_on_data'],
    },
    {
      findings: [5],
      sql: ['CREATE INDEX CONCURRENTLY "IDX_notes_title" ON "notes" ("title")'],
      reverse: ['DROP INDEX CONCURRENTLY "IDX_notes_title"'],
      hazards: ['not_transactional'],
      isTransactional: false,
    },
    {
      findings: [6],
      sql: ['ALTER TABLE "notes" ADD CONSTRAINT "CHK_notes_priority" CHECK ("priority" >= 0) NOT VALID', 'ALTER TABLE "notes" VALIDATE CONSTRAINT "CHK_notes_priority"'],
      reverse: ['ALTER TABLE "notes" DROP CONSTRAINT "CHK_notes_priority"'],
      notes: ['rows that violate it make the VALIDATE fail: fix them first'],
      hazards: ['validation_scan', 'may_fail_on_data'],
    },
  ],
  [
    [7, 'the entity declares project_contexts.parent_global_id with another type than global_contexts.id: make both one type in the entities first'],
    [8, 'a column no entity maps may hold data: map it, or drop it by hand once unused'],
  ],
);

const SQLITE_FINDINGS: SchemaReport = {
  ok: false,
  dialect: 'sqlite',
  findings: [
    {
      code: 'missing_column',
      severity: 'error',
      table: 'notes',
      column: 'body',
      entity: 'Note',
      expected: 'varchar',
      message: 'table notes has no column "body" (column of Note.body): every load of Note fails',
      failingEntities: ['Note'],
      failingRelations: [],
    },
    {
      code: 'missing_column',
      severity: 'error',
      table: 'task_labels',
      column: 'user_id',
      entity: 'TaskLabel',
      expected: 'varchar',
      message: 'table task_labels has no column "user_id" (column of TaskLabel.userId): every load of TaskLabel, and every load through Task.labels, fails',
      failingEntities: ['TaskLabel'],
      failingRelations: ['Task.labels'],
    },
    {
      code: 'nullability_mismatch',
      severity: 'warning',
      table: 'notes',
      column: 'title',
      entity: 'Note',
      expected: 'NOT NULL',
      actual: 'NULL',
      message: 'column notes.title allows NULL but Note.title is NOT NULL',
      direction: 'database_allows_null',
      isJoinColumn: false,
    },
    {
      code: 'missing_unique',
      severity: 'warning',
      table: 'notes',
      column: 'title, project_id',
      entity: 'Note',
      expected: 'UNIQUE (title, project_id)',
      message: 'notes has no unique constraint or unique index on (title, project_id): duplicates can be stored',
      columns: ['title', 'project_id'],
      indexName: 'UQ_notes_title_project',
    },
  ],
  stats: { tables: 2, columns: 7, queries: 1, durationMs: 4.2 },
};

export const SQLITE_REPORT = planned(
  SQLITE_FINDINGS,
  [],
  [
    {
      findings: [0],
      sql: ['ALTER TABLE "notes" ADD COLUMN "body" varchar'],
      reverse: ['ALTER TABLE "notes" DROP COLUMN "body"'],
    },
    {
      findings: [2],
      sql: [
        'CREATE TABLE "notes__rebuild" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "title" varchar NOT NULL, "project_id" integer)',
        'INSERT INTO "notes__rebuild" ("id", "title", "project_id") SELECT "id", "title", "project_id" FROM "notes"',
        'DROP TABLE "notes"',
        'ALTER TABLE "notes__rebuild" RENAME TO "notes"',
      ],
      notes: ['rows holding NULL in title make the copy fail: update them first'],
      hazards: ['table_rebuild', 'blocks_reads', 'blocks_writes', 'may_fail_on_data'],
    },
    {
      findings: [3],
      sql: ['CREATE UNIQUE INDEX "UQ_notes_title_project" ON "notes" ("title", "project_id")'],
      reverse: ['DROP INDEX "UQ_notes_title_project"'],
      hazards: ['blocks_writes', 'may_fail_on_data'],
    },
  ],
  [[1, 'needs a table rebuild: SQLite cannot alter task_labels in place: rebuild the table (https://www.sqlite.org/lang_altertable.html#otheralter) so that it matches the TaskLabel entity']],
);

export const CLEAN_REPORT: SchemaReport = {
  ok: true,
  dialect: 'postgres',
  findings: [],
  stats: { tables: 5, columns: 21, queries: 3, durationMs: 9.1 },
};
