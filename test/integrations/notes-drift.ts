/**
 * Databases for the integration tests: the notes model synchronised by TypeORM (clean), then
 * broken one named object at a time with raw DDL.
 */
import { NOTE_ENTITIES } from './fixtures/notes-entities';
import type { TestDatabase } from '../support/databases';
import { editSqliteTable } from '../support/sqlite-table-edit';

/** What can be taken away from the synchronised notes schema. */
export type NotesDrift = 'index' | 'column' | 'foreign-key' | 'check' | 'type' | 'nullability' | 'default';

/** Creates the notes schema exactly as TypeORM synchronises it. */
export async function synchronizeNotes(db: TestDatabase): Promise<void> {
  const ds = await db.connect(NOTE_ENTITIES, { synchronize: true });
  await ds.destroy();
}

/** Breaks the synchronised schema: each drift drops one object. */
export async function breakNotes(db: TestDatabase, drifts: NotesDrift[]): Promise<void> {
  for (const drift of drifts) {
    if (drift === 'index') await db.exec('DROP INDEX "IDX_notes_title"');
    if (drift === 'column') await db.exec('ALTER TABLE "notes" DROP COLUMN "body"');
    if (db.dialect === 'sqlite' && drift !== 'index' && drift !== 'column') {
      // SQLite changes these only by rebuilding the table, as a hand-written migration does.
      await editSqliteTable('notes', (parts) => parts.flatMap((part) => SQLITE_EDITS[drift](part)))(db);
      continue;
    }
    if (drift === 'foreign-key') await db.exec('ALTER TABLE "notes" DROP CONSTRAINT "FK_notes_project"');
    if (drift === 'check') await db.exec('ALTER TABLE "notes" DROP CONSTRAINT "CHK_notes_priority"');
    if (drift === 'type') await db.exec('ALTER TABLE "notes" ALTER COLUMN "priority" TYPE bigint');
    if (drift === 'nullability') await db.exec('ALTER TABLE "notes" ALTER COLUMN "title" DROP NOT NULL');
    if (drift === 'default') await db.exec('ALTER TABLE "notes" ALTER COLUMN "priority" SET DEFAULT 5');
  }
}

/** Each SQLite drift as an edit of one part of the synchronised `CREATE TABLE "notes"` (none, one, or the part changed). */
const SQLITE_EDITS: Record<Exclude<NotesDrift, 'index' | 'column'>, (part: string) => string[]> = {
  'foreign-key': (part) => (part.startsWith('CONSTRAINT "FK_notes_project"') ? [] : [part]),
  check: (part) => (part.startsWith('CONSTRAINT "CHK_notes_priority"') ? [] : [part]),
  type: (part) => [part.replace(/^"priority" integer/, '"priority" real')],
  nullability: (part) => [part.replace(/^"title" varchar NOT NULL/, '"title" varchar')],
  default: (part) => [part.replace(/^("priority" .*DEFAULT )\(0\)/, '$1(5)')],
};
