/** What the benchmark ran on, for results.json and docs/performance.md. */
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, release, totalmem } from 'node:os';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { typeormVersion } from './data-sources';

export interface MachineDescription {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  postgres?: string;
  /** SQLite version of better-sqlite3's bundled library. */
  sqlite: string;
  /** SQLite version of the sqlite3 module's bundled library. */
  sqlite3: string;
  typeorm: string;
  typeorm03: string;
}

/** Describes this machine, and the PostgreSQL server at `adminUrl` when there is one. */
export async function describeMachine(adminUrl: string | undefined): Promise<MachineDescription> {
  const memory = new Database(':memory:');
  const sqlite = (memory.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  memory.close();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sqlite3 = (require('sqlite3') as { VERSION: string }).VERSION;
  return {
    cpu: cpuModel(),
    cores: availableParallelism(),
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${process.platform} ${release()}`,
    node: process.version,
    postgres: adminUrl ? await postgresVersion(adminUrl) : undefined,
    sqlite,
    sqlite3,
    typeorm: typeormVersion('postgres'),
    typeorm03: typeormVersion('sqlite3'),
  };
}

function cpuModel(): string {
  try {
    const match = /^Model name:\s*(.+)$/m.exec(execFileSync('lscpu', { encoding: 'utf8' }));
    if (match) return match[1].trim();
  } catch {
    // lscpu is missing on some systems: fall back to what Node reports.
  }
  return cpus()[0]?.model ?? 'unknown';
}

async function postgresVersion(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0].server_version;
  } finally {
    await client.end();
  }
}
