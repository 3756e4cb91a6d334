/**
 * `npm run bench:cold` run tiny (4 entities, one sample of everything, all three drivers): it must
 * finish and print every target of issue 13 with its figures. Nothing here is timed.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ColdCase, ColdTarget, ImportFigures } from '../bench/cold';
import { tinyBenchEnv } from './support/tiny-bench-env';

const COLD_FILE = join(__dirname, '..', 'bench', 'cold.js');

describe('npm run bench:cold (4 entities, one sample each)', function () {
  this.timeout(240_000);
  let dir: string;
  let printed: string;
  let output: { imports: ImportFigures[]; cases: ColdCase[]; targets: ColdTarget[] };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'schema-guard-cold-test-'));
    const file = join(dir, 'cold-results.json');
    const env = {
      ...process.env,
      ...(await tinyBenchEnv(file)),
      BENCH_IMPORT_RUNS: '1',
    };
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [COLD_FILE], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      printed = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (printed += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (printed += chunk));
      child.on('error', reject);
      child.on('close', resolve);
    });
    expect(code, printed).to.equal(0);
    output = JSON.parse(readFileSync(file, 'utf8')) as typeof output;
  });

  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('times every entry point and the CLI against a bare node', () => {
    expect(output.imports.map((entry) => entry.name)).to.deep.equal([
      "baseline: node -e ''",
      "require('typeorm-schema-guard')",
      "require('typeorm-schema-guard/health')",
      "require('typeorm-schema-guard/chai')",
      "require('typeorm-schema-guard/assert')",
      "require('typeorm-schema-guard/formatters')",
      'schema-guard --help',
    ]);
    for (const entry of output.imports) expect(entry.wallMs.median, entry.name).to.be.above(0);
  });

  it('measures import, first call, log() and the floor on every driver, and warm at the largest size', () => {
    expect(output.cases.map((c) => c.driver)).to.deep.equal(['postgres', 'better-sqlite3', 'sqlite3']);
    for (const c of output.cases) {
      for (const figure of [c.guardImportMs, c.guardFirstCallMs, c.guardTotalMs, c.logFirstCallMs, c.floorFirstCallMs]) {
        expect(figure.median, c.driver).to.be.above(0);
      }
      expect(c.guardTotalMs.median, c.driver).to.be.closeTo(c.guardImportMs.median + c.guardFirstCallMs.median, 0.05);
      expect(c.warm, c.driver).to.not.equal(undefined);
    }
  });

  it('prints every target of issue 13 with PASS or FAIL and its figures', () => {
    const lines = printed.split('\n').filter((line) => /^(PASS|FAIL) {2}/.test(line));
    expect(lines).to.have.length(1 + 3 * 3);
    expect(lines[0]).to.match(/import of the main entry, over node -e +[-\d.]+ ms \(.*\) \(target <= 25 ms\)$/);
    for (const driver of ['postgres', 'better-sqlite3', 'sqlite3']) {
      const mine = lines.filter((line) => line.slice(6).startsWith(`${driver} `));
      expect(mine.map((line) => line.replace(/^\w+ +\S+ +/, '').replace(/ {2,}.*/, ''))).to.deep.equal([
        'first call at 4, cold, vs log()',
        'first call at 4, cold, vs floor',
        'call at 4, warm, vs log()',
      ]);
      for (const line of mine) expect(line).to.match(/ ms vs [\d.]+ ms\) \(target [<>]= \d+x\)$/);
    }
    expect(output.targets).to.have.length(lines.length);
  });
});
