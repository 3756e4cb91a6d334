/**
 * Literal reports for the golden tests of the formatters: pure functions tested on literal values.
 * The fixes are spelled as the core spells them; one table name tries to forge a line and a colour.
 */
import type { SchemaReport } from '../../lib';

export const HOSTILE_TABLE = 'x\n\u001b[31m';

export const POSTGRES_REPORT: SchemaReport = {
  ok: false,
  dialect: 'postgres',
  findings: [
    {
      code: 'missing_table',
      severity: 'error',
      table: 'audit_log',
      entity: 'AuditLog',
      message: 'table of AuditLog audit_log does not exist: every query that touches it fails',
      fix: 'CREATE TABLE "audit_log" (\n  "id" uuid DEFAULT gen_random_uuid() NOT NULL,\n  "action" character varying NOT NULL,\n  PRIMARY KEY ("id")\n); -- sketch: prefer the migration TypeORM generates',
    },
    {
      code: 'missing_column',
      severity: 'error',
      table: 'task_subtasks',
      column: 'user_id',
      entity: 'TaskSubtask',
      expected: 'character varying',
      message: 'table task_subtasks has no column "user_id" (column of TaskSubtask.userId): every load of TaskSubtask, and every load through Task.subtasks, fails',
      fix: 'ALTER TABLE "task_subtasks" ADD COLUMN "user_id" character varying NOT NULL; -- NOT NULL without a default fails on a table with rows: add it nullable, backfill, then SET NOT NULL',
    },
    {
      code: 'missing_table',
      severity: 'error',
      table: HOSTILE_TABLE,
      entity: 'Hostile',
      message: `table of Hostile ${HOSTILE_TABLE} does not exist: every query that touches it fails`,
      fix: `CREATE TABLE "${HOSTILE_TABLE}" (\n  "id" SERIAL NOT NULL,\n  PRIMARY KEY ("id")\n); -- sketch: prefer the migration TypeORM generates`,
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
      fix: 'ALTER TABLE "notes" ALTER COLUMN "title" TYPE character varying(200); -- check that existing values convert',
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
      fix: 'ALTER TABLE "notes" ADD CONSTRAINT "FK_notes_project" FOREIGN KEY ("project_id") REFERENCES "projects" ("id") ON DELETE CASCADE ON UPDATE NO ACTION;',
    },
    {
      code: 'missing_index',
      severity: 'warning',
      table: 'notes',
      column: 'title',
      entity: 'Note',
      expected: '(title)',
      message: 'notes has no index on (title): queries on it scan the table',
      fix: 'CREATE INDEX "IDX_notes_title" ON "notes" ("title");',
    },
    {
      code: 'missing_check',
      severity: 'warning',
      table: 'notes',
      entity: 'Note',
      expected: 'CHECK ("priority" >= 0)',
      message: 'notes lacks CHECK ("priority" >= 0): rows that violate it can be stored',
      fix: 'ALTER TABLE "notes" ADD CONSTRAINT "CHK_notes_priority" CHECK ("priority" >= 0);',
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
      fix: '-- make both sides one type, e.g.: ALTER TABLE "global_contexts" ALTER COLUMN "id" TYPE uuid USING "id"::uuid;',
    },
    {
      code: 'unexpected_column',
      severity: 'info',
      table: 'tasks',
      column: 'legacy_flag',
      entity: 'Task',
      actual: 'boolean',
      message: 'column tasks.legacy_flag is not mapped by Task (ignored by TypeORM)',
    },
  ],
  stats: { tables: 7, columns: 31, queries: 3, durationMs: 18.4 },
};

export const SQLITE_REPORT: SchemaReport = {
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
      fix: 'ALTER TABLE "notes" ADD COLUMN "body" varchar;',
    },
    {
      code: 'missing_column',
      severity: 'error',
      table: 'task_labels',
      column: 'user_id',
      entity: 'TaskLabel',
      expected: 'varchar',
      message: 'table task_labels has no column "user_id" (column of TaskLabel.userId): every load of TaskLabel, and every load through Task.labels, fails',
      fix: 'ALTER TABLE "task_labels" ADD COLUMN "user_id" varchar NOT NULL; -- NOT NULL without a default fails on a table with rows: add it nullable, backfill, then SET NOT NULL',
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
      fix: '-- SQLite cannot alter a column in place: rebuild the table (https://www.sqlite.org/lang_altertable.html#otheralter) so that it matches: ALTER TABLE "notes" ALTER COLUMN "title" SET NOT NULL; -- after replacing existing NULLs',
    },
    {
      code: 'missing_unique',
      severity: 'warning',
      table: 'notes',
      column: 'title, project_id',
      entity: 'Note',
      expected: 'UNIQUE (title, project_id)',
      message: 'notes has no unique constraint or unique index on (title, project_id): duplicates can be stored',
      fix: 'CREATE UNIQUE INDEX "UQ_notes_title_project" ON "notes" ("title", "project_id");',
    },
  ],
  stats: { tables: 2, columns: 7, queries: 1, durationMs: 4.2 },
};

export const CLEAN_REPORT: SchemaReport = {
  ok: true,
  dialect: 'postgres',
  findings: [],
  stats: { tables: 5, columns: 21, queries: 3, durationMs: 9.1 },
};
