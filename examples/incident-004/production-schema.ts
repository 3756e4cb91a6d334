/**
 * The database of incident 004 as it was in production: the user-isolation migration added
 * `user_id` to `tasks` but missed the four relation tables. One statement per array item.
 */
export function productionSchema(dialect: 'postgres' | 'sqlite'): string[] {
  const relationTable = (name: string, column: string) =>
    dialect === 'postgres'
      ? `CREATE TABLE "${name}" ("id" uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY, "${column}" character varying NOT NULL, ` +
        `"task_id" uuid REFERENCES "tasks" ("id") ON DELETE CASCADE)`
      : `CREATE TABLE "${name}" ("id" varchar PRIMARY KEY NOT NULL, "${column}" varchar NOT NULL, ` +
        `"task_id" varchar REFERENCES "tasks" ("id") ON DELETE CASCADE)`;
  const tasks =
    dialect === 'postgres'
      ? `CREATE TABLE "tasks" ("id" uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY, "title" character varying NOT NULL, ` +
        `"user_id" character varying NOT NULL, "status" character varying NOT NULL DEFAULT 'todo', ` +
        `"created_at" TIMESTAMP NOT NULL DEFAULT now())`
      : `CREATE TABLE "tasks" ("id" varchar PRIMARY KEY NOT NULL, "title" varchar NOT NULL, "user_id" varchar NOT NULL, ` +
        `"status" varchar NOT NULL DEFAULT ('todo'), "created_at" datetime NOT NULL DEFAULT (datetime('now')))`;
  return [
    tasks,
    relationTable('task_subtasks', 'title'),
    relationTable('task_assignees', 'assignee_id'),
    relationTable('task_labels', 'label_name'),
    relationTable('task_dependencies', 'depends_on_task_id'),
  ];
}

/** The fix the incident's follow-up migration applied (003's guide), per dialect. */
export function repairSchema(dialect: 'postgres' | 'sqlite'): string[] {
  const type = dialect === 'postgres' ? 'character varying' : 'varchar';
  return ['task_subtasks', 'task_assignees', 'task_labels', 'task_dependencies'].map(
    (table) => `ALTER TABLE "${table}" ADD COLUMN "user_id" ${type} NOT NULL DEFAULT 'system'`,
  );
}
