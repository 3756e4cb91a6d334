/**
 * The `schema-guard` CLI run as a child process against real PostgreSQL and SQLite databases, for
 * every exit code: 0 clean, 1 drift, 2 could not check.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, type Socket, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { productionSchema } from '../../examples/incident-004/production-schema';
import { DIALECTS, type TestDatabase, createDatabase } from '../support/databases';
import { breakNotes, synchronizeNotes } from './notes-drift';
import { FIXTURE_DATA_SOURCE, fixtureEnv, runCheck, runCli, targetOf } from './run-cli';

const MISSING_USER_ID = ['task_assignees', 'task_dependencies', 'task_labels', 'task_subtasks'];

for (const dialect of DIALECTS) {
  describe(`schema-guard CLI on ${dialect}`, () => {
    let db: TestDatabase;
    beforeEach(async () => {
      db = await createDatabase(dialect);
    });
    afterEach(() => db.dispose());

    it('exits 0 on a database TypeORM synchronised, in every format', async () => {
      await synchronizeNotes(db);
      const text = await runCheck(targetOf(db));
      expect(text.code, text.stderr).to.equal(0);
      expect(text.stdout).to.match(/^typeorm-schema-guard \(\w+\): OK — 0 error\(s\)/);
      const json = await runCheck(targetOf(db), '--format', 'json');
      expect(json.code).to.equal(0);
      expect(JSON.parse(json.stdout)).to.include({ ok: true, dialect }).and.to.have.property('findings').that.is.empty;
      const junit = await runCheck(targetOf(db), '--format', 'junit');
      expect(junit.stdout).to.contain('failures="0"').and.to.contain('database schema matches the entities');
      const markdown = await runCheck(targetOf(db), '--format', 'markdown');
      expect(markdown.stdout).to.match(/^### ✅ Database schema matches/);
    });

    it('exits 1 on incident 004, and never synchronises though the DataSource asks to', async () => {
      for (const statement of productionSchema(dialect)) await db.exec(statement);
      const run = await runCheck(targetOf(db, 'incident-004'), '--format', 'json');
      expect(run.code, run.stderr).to.equal(1);
      // The fixture logs every query: that went to stderr, so stdout is the report alone.
      const report = JSON.parse(run.stdout);
      expect(report.ok).to.equal(false);
      expect(report.findings.map((f: { table: string; column: string }) => `${f.table}.${f.column}`).sort()).to.deep.equal(
        MISSING_USER_ID.map((table) => `${table}.user_id`),
      );
      expect(run.stderr).to.match(/query:/i);
      // synchronize and migrationsRun were forced off: the drift is still there.
      const again = await runCheck(targetOf(db, 'incident-004'));
      expect(again.code).to.equal(1);
      expect(again.stdout).to.contain('DRIFT — 4 error(s)').and.to.contain('task_subtasks\n  error   missing_column');
      // Not a TTY: no colour, unless FORCE_COLOR asks for it.
      expect(again.stdout).not.to.contain('\u001b[');
      const coloured = await runCli(['check', '--data-source', FIXTURE_DATA_SOURCE], { ...fixtureEnv(targetOf(db, 'incident-004')), FORCE_COLOR: '1' });
      expect(coloured.stdout).to.contain('\u001b[31merror\u001b[39m   missing_column');
    });

    it('exits 1 for warnings only with --fail-on warning; junit, markdown and github follow', async () => {
      await synchronizeNotes(db);
      await breakNotes(db, ['index']);
      expect((await runCheck(targetOf(db))).code).to.equal(0);
      const strict = await runCheck(targetOf(db), '--fail-on', 'warning', '--format', 'junit');
      expect(strict.code).to.equal(1);
      expect(strict.stdout).to.contain('failures="1"').and.to.contain('<failure type="missing_index"');
      const github = await runCheck(targetOf(db), '--format', 'github');
      expect(github.stdout).to.match(/^::warning title=schema drift%3A missing_index::notes\.title: /);
      const markdown = await runCheck(targetOf(db), '--format', 'markdown');
      expect(markdown.stdout).to.contain('| 🟡 warning | notes | title | missing_index |');
      const ignored = await runCheck(targetOf(db), '--fail-on', 'warning', '--severity', 'missing_index=off');
      expect(ignored.code).to.equal(0);
    });

    it('exits 2 when the database cannot be reached, without printing the password', async () => {
      const database =
        dialect === 'postgres'
          ? `postgres://app:secret-pw-123@127.0.0.1:${await closedPort()}/nowhere`
          : join(blockingFile(), 'db.sqlite');
      const run = await runCheck({ dialect, database });
      expect(run.code).to.equal(2);
      expect(run.stdout).to.equal('');
      expect(run.stderr).to.contain('schema-guard: could not check:');
      expect(run.stderr).not.to.contain('secret-pw-123');
    });

    it('escapes a table named "x\\n\\u001b[31m" in the text it prints', async () => {
      await synchronizeNotes(db);
      const run = await runCheck(targetOf(db, 'hostile'));
      expect(run.code).to.equal(1);
      expect(run.stdout).not.to.match(/[\u0000-\u0008\u000b-\u001f]/);
      expect(run.stdout).to.contain('x\\u000a\\u001b[31m');
      for (const line of run.stdout.split('\n').filter((l) => l.includes('[31m'))) expect(line).to.contain('x\\u000a\\u001b[31m');
    });
  });
}

describe('schema-guard CLI arguments and loading', () => {
  it('exits 2 on bad arguments, with the usage', async () => {
    for (const args of [['check'], ['check', '--data-source', FIXTURE_DATA_SOURCE, '--format', 'yaml'], ['lint'], ['check', '--bogus']]) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).to.equal(2);
      expect(run.stderr).to.contain('Usage:');
    }
  });

  it('exits 2 on a bad --severity before connecting', async () => {
    const run = await runCli(['check', '--data-source', FIXTURE_DATA_SOURCE, '--severity', 'missing_index=loud'], fixtureEnv({ dialect: 'sqlite', database: '/nonexistent/x.sqlite' }));
    expect(run.code).to.equal(2);
    expect(run.stderr).to.contain('options.severity.missing_index');
  });

  it('exits 2 naming what a module without a DataSource exports', async () => {
    const run = await runCli(['check', '--data-source', join(__dirname, 'fixtures', 'no-data-source.js')]);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.contain('exports no TypeORM DataSource').and.to.contain('it exports connect (function), entities (array)');
  });

  it('exits 2 on a missing module, and on an export that is not a DataSource', async () => {
    expect((await runCli(['check', '--data-source', 'nope.js'])).stderr).to.contain('no such file');
    const wrongExport = await runCli(['check', '--data-source', FIXTURE_DATA_SOURCE, '--export', 'settings'], fixtureEnv({ dialect: 'sqlite', database: ':memory:' }));
    expect(wrongExport.code).to.equal(2);
    expect(wrongExport.stderr).to.contain('AppDataSource (object), settings (object)').and.not.to.contain('retries');
  });

  it('prints progress on stderr while a connection hangs, then exits 2 at --timeout; --quiet silences it', async () => {
    const { port, close } = await blackHole();
    try {
      const target = { dialect: 'postgres' as const, database: `postgres://app:pw@127.0.0.1:${port}/db` };
      const loud = await runCli(['check', '--data-source', FIXTURE_DATA_SOURCE, '--timeout', '2500'], fixtureEnv(target));
      expect(loud.code).to.equal(2);
      expect(loud.stderr).to.contain('schema-guard: connecting to the postgres database…');
      expect(loud.stderr).to.contain('could not connect to the postgres database within 2500 ms');
      const quiet = await runCli(['check', '--data-source', FIXTURE_DATA_SOURCE, '--timeout', '1500', '--quiet'], fixtureEnv(target));
      expect(quiet.code).to.equal(2);
      expect(quiet.stderr).not.to.contain('connecting to');
      expect(quiet.stderr).to.contain('could not connect');
    } finally {
      await close();
    }
  });

  it('prints help and the version with exit 0', async () => {
    expect((await runCli(['--help'])).stdout).to.contain('schema-guard check --data-source <module>');
    expect((await runCli(['--version'])).stdout).to.match(/^\d+\.\d+\.\d+/);
  });
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A regular file: a SQLite database "inside" it cannot be created or opened. */
function blockingFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'schema-guard-cli-')), 'not-a-directory');
  writeFileSync(file, '');
  after(() => rmSync(join(file, '..'), { recursive: true, force: true }));
  return file;
}

/** A server that accepts connections and never answers: a database host that hangs. */
async function blackHole(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
