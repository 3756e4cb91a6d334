/** examples/degrade-incident-004 runs as written, as a child process, as a reader would run it. */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

describe('degrade mode: example', () => {
  it('degrade-incident-004 keeps the task, then restores full loading after the repair', async () => {
    const { stdout } = await run(process.execPath, [join(__dirname, '..', '..', 'examples', 'degrade-incident-004.js')], { timeout: 30_000 });
    for (const entity of ['TaskSubtask', 'TaskAssignee', 'TaskLabel', 'TaskDependency']) {
      expect(stdout).to.contain(`degraded column ${entity}.userId (missing_column)`);
    }
    expect(stdout).to.contain('"Ship the fix" with 1 subtask, 1 label, 0 assignees; tasks in the table: 1.');
    expect(stdout).to.contain('ok=true, degraded=0, subtask user_id=system.');
  });
});
