/** The examples run as written: each is executed as a child process, as a reader would run it. */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const EXAMPLES = join(__dirname, '..', 'examples');

describe('examples', () => {
  it('demo-incident-004 shows the outage, then catches all four drifts at startup', async () => {
    const { stdout } = await run(process.execPath, [join(EXAMPLES, 'demo-incident-004.js')], { timeout: 30_000 });
    expect(stdout).to.match(/reload of the new task fails at request time:\s+.*no such column: .*user_id/);
    for (const table of ['task_subtasks', 'task_assignees', 'task_labels', 'task_dependencies']) {
      expect(stdout).to.contain(`table ${table} has no column "user_id"`);
    }
    expect(stdout).to.contain('DRIFT — 4 error(s)');
    expect(stdout).to.contain('validateSchemaOnStartup threw SchemaDriftError');
  });
});
