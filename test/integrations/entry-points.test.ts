/** The package's entry points resolve the way a user's imports do, and the main one never loads chai. */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..', '..');

function inChild(script: string): string {
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: ROOT });
  expect(run.status, run.stderr).to.equal(0);
  return run.stdout.trim();
}

describe('package entry points', () => {
  it('typeorm-schema-guard/chai, /assert and /formatters resolve by name', () => {
    const exported = inChild(
      `for (const name of ['chai', 'assert', 'formatters']) console.log(name, Object.keys(require('typeorm-schema-guard/' + name)).join(','))`,
    );
    expect(exported).to.contain('chai schemaGuard').and.to.match(/assert .*assertSchemaConforms/);
    expect(exported).to.match(/formatters .*formatReportJunit.*formatFixScript.*formatTypeormMigration/);
  });

  it('no symbol is exported by two entry points; ./formatters exports formatters only', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, { types?: string }> };
    const entries = Object.entries(pkg.exports).flatMap(([entry, target]) => (target.types ? [[entry, join(ROOT, target.types)] as const] : []));
    const program = ts.createProgram(
      entries.map(([, file]) => file),
      { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, noEmit: true, skipLibCheck: true },
    );
    const checker = program.getTypeChecker();
    const owners = new Map<string, string[]>();
    const exportsOf = new Map<string, string[]>();
    for (const [entry, file] of entries) {
      const module = checker.getSymbolAtLocation(program.getSourceFile(file) as ts.SourceFile) as ts.Symbol;
      const names = checker.getExportsOfModule(module).map((symbol) => symbol.name);
      exportsOf.set(entry, names);
      for (const name of names) owners.set(name, [...(owners.get(name) ?? []), entry]);
    }
    expect([...owners].filter(([, where]) => where.length > 1)).to.deep.equal([]);
    expect(exportsOf.get('./formatters')?.every((name) => /^format[A-Z]/.test(name) || name === 'MigrationNaming')).to.equal(true);
  });

  it('the main entry point loads neither chai nor the CLI', () => {
    const loaded = inChild(`require('typeorm-schema-guard'); console.log(Object.keys(require.cache).filter((f) => /node_modules[\\\\/]chai[\\\\/]|integrations/.test(f)).join(','))`);
    expect(loaded).to.equal('');
  });

  it('bin schema-guard points to an executable script', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const bin = join(ROOT, pkg.bin['schema-guard']);
    expect(readFileSync(bin, 'utf8').split('\n')[0]).to.equal('#!/usr/bin/env node');
  });
});
