/** The testing examples run as a reader would run them: mocha and node:test as child processes. */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const EXAMPLES = join(__dirname, '..', '..', 'examples', 'testing');

describe('testing examples', () => {
  it('the mocha example passes', () => {
    const mocha = join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
    const run = spawnSync(process.execPath, [mocha, '--no-config', '--timeout', '30000', join(EXAMPLES, 'schema-conformance.test.js')], {
      encoding: 'utf8',
      cwd: ROOT,
    });
    expect(run.status, run.stdout + run.stderr).to.equal(0);
    expect(run.stdout).to.contain('3 passing');
  });

  it('the node:test example passes, and fails with the diff on the drifted database', () => {
    const file = join(EXAMPLES, 'schema-conformance.node-test.js');
    const pass = spawnSync(process.execPath, ['--test', file], { encoding: 'utf8', cwd: ROOT });
    expect(pass.status, pass.stdout + pass.stderr).to.equal(0);
    const fail = spawnSync(process.execPath, ['--test', file], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, SHOW_DRIFT: '1' } });
    expect(fail.status).to.equal(1);
    expect(fail.stdout).to.contain('found 4 errors at or above');
  });
});
