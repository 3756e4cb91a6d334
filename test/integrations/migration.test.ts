/**
 * `schema-guard sql` on a drifted database: the ordered script, and the TypeORM migration that,
 * run by TypeORM against that database, makes the next check come out clean; `down` brings the
 * drift back. Real databases, the CLI as a child process.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import type { MigrationInterface } from 'typeorm';
import { DIALECTS, type TestDatabase, createDatabase } from '../support/databases';
import { NOTE_ENTITIES } from './fixtures/notes-entities';
import { type NotesDrift, breakNotes, synchronizeNotes } from './notes-drift';
import { FIXTURE_DATA_SOURCE, fixtureEnv, runCheck, runCli, targetOf } from './run-cli';

type TestDialect = 'postgres' | 'sqlite';

// The same drift on both: on SQLite, what ALTER TABLE cannot fix is one table rebuild in the migration.
const DRIFT: Record<TestDialect, NotesDrift[]> = {
  postgres: ['index', 'column', 'foreign-key', 'check', 'type', 'nullability', 'default'],
  sqlite: ['index', 'column', 'foreign-key', 'check', 'type', 'nullability', 'default'],
};
const CODES: Record<TestDialect, string[]> = {
  postgres: ['default_mismatch', 'missing_check', 'missing_column', 'missing_foreign_key', 'missing_index', 'nullability_mismatch', 'type_mismatch'],
  sqlite: ['default_mismatch', 'missing_check', 'missing_column', 'missing_foreign_key', 'missing_index', 'nullability_mismatch', 'type_mismatch'],
};

for (const dialect of DIALECTS) {
  describe(`schema-guard sql and the generated migration on ${dialect}`, () => {
    let db: TestDatabase;
    let dir: string;
    beforeEach(async () => {
      db = await createDatabase(dialect);
      dir = mkdtempSync(join(tmpdir(), 'schema-guard-migration-'));
      await synchronizeNotes(db);
      await breakNotes(db, DRIFT[dialect]);
    });
    afterEach(async () => {
      await db.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    it('prints one ordered script: columns before keys before indexes and checks (on SQLite, one rebuild)', async () => {
      const run = await runCli(['sql', '--data-source', FIXTURE_DATA_SOURCE], fixtureEnv(targetOf(db)));
      expect(run.code, run.stderr).to.equal(0);
      const at = (pattern: RegExp) => run.stdout.search(pattern);
      if (dialect === 'sqlite') {
        // Every change to "notes" is one table rebuild, the index created again after the rename.
        expect(at(/CREATE TABLE "new_notes" \(.*"body" varchar/)).to.be.greaterThan(0);
        expect(at(/CREATE INDEX "IDX_notes_title"/)).to.be.greaterThan(at(/RENAME TO "notes"/));
        expect(await codesOf(db)).to.deep.equal(CODES[dialect]);
        return;
      }
      expect(at(/ADD COLUMN "body"/)).to.be.greaterThan(0);
      expect(at(/CREATE INDEX (CONCURRENTLY )?"IDX_notes_title"/)).to.be.greaterThan(at(/ADD COLUMN "body"/));
      if (dialect === 'postgres') {
        expect(at(/ADD CONSTRAINT "FK_notes_project"/)).to.be.within(at(/ADD COLUMN "body"/), at(/CREATE INDEX/));
        expect(at(/ADD CONSTRAINT "CHK_notes_priority"/)).to.be.greaterThan(at(/ADD CONSTRAINT "FK_notes_project"/));
      }
      // Printed, never run: the drift is still there.
      expect(await codesOf(db)).to.deep.equal(CODES[dialect]);
    });

    it('writes a migration that TypeORM runs to a clean check, and whose down brings the drift back', async () => {
      const run = await runCli(['sql', '--data-source', FIXTURE_DATA_SOURCE, '--typeorm-migration', 'FixNotes', '--migrations-dir', dir], fixtureEnv(targetOf(db)));
      expect(run.code, run.stderr).to.equal(0);
      const file = run.stdout.trim();
      expect(file).to.match(/[/\\]\d{13}-FixNotes\.ts$/);
      const migration = loadMigration(file);
      if (dialect === 'postgres') {
        // The index is built CONCURRENTLY (outside a transaction), the type change casts with USING.
        expect(readFileSync(file, 'utf8')).to.contain('transaction = false').and.to.contain('USING \\"priority\\"::integer');
      }

      // A CONCURRENTLY index makes the migration say `transaction = false`, which TypeORM refuses under its default mode 'all'.
      const ds = await db.connect(NOTE_ENTITIES, { migrations: [migration], migrationsTransactionMode: 'each' });
      const applied = await ds.runMigrations();
      expect(applied.map((m) => m.name)).to.have.length(1);
      await ds.destroy();

      const clean = await runCheck(targetOf(db), '--fail-on', 'info', '--format', 'json');
      expect(clean.code, clean.stdout).to.equal(0);
      expect(JSON.parse(clean.stdout).findings).to.deep.equal([]);

      const again = await db.connect(NOTE_ENTITIES, { migrations: [migration], migrationsTransactionMode: 'each' });
      // TypeORM's revert ignores the migration's `transaction = false`: it is told so, as `migration:revert -t none` would.
      await again.undoLastMigration({ transaction: 'none' });
      await again.destroy();
      expect(await codesOf(db)).to.deep.equal(CODES[dialect]);
    });
  });
}

/** The finding codes the CLI reports now, sorted. */
async function codesOf(db: TestDatabase): Promise<string[]> {
  const run = await runCheck(targetOf(db), '--format', 'json');
  return JSON.parse(run.stdout).findings.map((f: { code: string }) => f.code).sort();
}

/** Compiles the generated TypeScript the way a user's build would, and loads its class. */
function loadMigration(file: string): new () => MigrationInterface {
  const source = readFileSync(file, 'utf8');
  const output = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  const diagnostics = ts.transpileModule(source, { reportDiagnostics: true }).diagnostics ?? [];
  expect(diagnostics, 'the migration is valid TypeScript').to.deep.equal([]);
  const js = file.replace(/\.ts$/, '.js');
  writeFileSync(js, output.outputText);
  const exported = require(js) as Record<string, new () => MigrationInterface>;
  const classes = Object.values(exported);
  expect(classes).to.have.length(1);
  return classes[0];
}
