/** Issue 5's examples run as a reader would run them, and `typeorm-schema-guard/health` resolves by name. */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const EXAMPLES = join(__dirname, '..', '..', 'examples');

function runNode(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, args, { encoding: 'utf8', cwd: ROOT, timeout: 60_000 });
}

describe('schema health examples and entry point', () => {
  it('the node:http example serves pass, then fail after a roll-back, and the watcher sees it and the repair', () => {
    const run = runNode([join(EXAMPLES, 'health-http.js')]);
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/1\. migrated database: HTTP 200 application\/health\+json\n\{"status":"pass"/);
    expect(run.stdout).to.contain('watcher: drift seen: table task_labels has no column "user_id"');
    expect(run.stdout).to.match(/2\. after the roll-back: HTTP 503 application\/health\+json\n\{"status":"fail"/);
    expect(run.stdout).to.contain('watcher: the repair was seen too');
    expect(run.stdout).to.match(/3\. after the repair: HTTP 200 application\/health\+json\n\{"status":"pass"/);
  });

  it('the terminus-shaped example reports up, then down with 503', () => {
    const run = runNode([join(EXAMPLES, 'health-terminus.js')]);
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.contain('migrated database: HTTP 200 {"status":"ok","info":{"schema":{"status":"up","state":"pass"');
    expect(run.stdout).to.contain('incident-004 database: HTTP 503 {"status":"error","info":{},"error":{"schema":{"status":"down","state":"fail","errors":4');
  });

  it("the watcher's timer does not keep the process alive", () => {
    // A SQLite DataSource holds no handle on the event loop: only the watcher's timer could.
    const script = `
      require('reflect-metadata');
      const { DataSource } = require('typeorm');
      const { watchSchema } = require('typeorm-schema-guard/health');
      const { TASK_ENTITIES } = require('./dist/examples/incident-004/entities');
      const ds = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: TASK_ENTITIES, synchronize: true });
      ds.initialize().then(() => {
        const silent = { info() {}, warn() {}, error() {} };
        watchSchema(ds, { intervalMs: 100, logger: silent, onReport: () => console.log('polled') });
      });`;
    const started = Date.now();
    const run = runNode(['-e', script]);
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.contain('polled');
    expect(Date.now() - started).to.be.below(30_000);
  });

  it('typeorm-schema-guard/health resolves, and the main entry point does not load it', () => {
    const run = runNode([
      '-e',
      `console.log(Object.keys(require('typeorm-schema-guard/health')).sort().join(','));` +
        `require('typeorm-schema-guard');`,
    ]);
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout.trim()).to.equal('HEALTH_CONTENT_TYPE,schemaHealth,schemaHealthHandler,schemaHealthIndicator,watchSchema');
    const main = runNode(['-e', `require('typeorm-schema-guard'); console.log(Object.keys(require.cache).filter((f) => /health/.test(f)).length)`]);
    expect(main.stdout.trim()).to.equal('0');
  });
});
