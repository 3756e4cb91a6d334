/** Runs the built `schema-guard` CLI as a child process, the way CI runs it, and collects its output. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { type TestDatabase, sqliteDriverType } from '../support/databases';

/** The compiled CLI entry, as the package's `bin` points to it. */
export const CLI = join(__dirname, '..', '..', 'lib', 'integrations', 'cli', 'main.js');
/** The compiled fixture module exporting `AppDataSource`. */
export const FIXTURE_DATA_SOURCE = join(__dirname, 'fixtures', 'data-source.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Which database and which entities the fixture module connects with. */
export interface FixtureTarget {
  dialect: 'postgres' | 'sqlite';
  /** PostgreSQL URL or SQLite file. */
  database: string;
  model?: 'notes' | 'incident-004' | 'hostile';
}

/** The environment that points the fixture module at a test database. */
export function fixtureEnv(target: FixtureTarget): Record<string, string> {
  return {
    GUARD_DIALECT: target.dialect,
    GUARD_DATABASE: target.database,
    GUARD_MODEL: target.model ?? 'notes',
    GUARD_SQLITE_DRIVER: sqliteDriverType(),
  };
}

/** The fixture target of a test database. */
export function targetOf(db: TestDatabase, model?: FixtureTarget['model']): FixtureTarget {
  return { dialect: db.dialect, database: db.location, model };
}

/** Runs `schema-guard <args>`; resolves with the exit code and output, whatever the code. */
export function runCli(args: string[], env: Record<string, string> = {}, options: { cwd?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `check --data-source <fixture>` against a target, with extra arguments. */
export function runCheck(target: FixtureTarget, ...args: string[]): Promise<CliRun> {
  return runCli(['check', '--data-source', FIXTURE_DATA_SOURCE, ...args], fixtureEnv(target));
}
