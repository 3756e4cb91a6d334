#!/usr/bin/env node
/**
 * `schema-guard`: the check from the command line, for CI. Loads the user's DataSource with
 * `synchronize`, `migrationsRun` and `dropSchema` forced off, validates, prints, closes.
 * Exit codes: 0 clean, 1 drift at or above --fail-on, 2 could not check.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseGuardOptions } from '../../options';
import { redactSecrets } from '../../redact';
import type { SchemaReport } from '../../model/finding';
import { formatReportGithub } from '../../report/format-github';
import { formatReportJson } from '../../report/format-json';
import { formatReportJunit } from '../../report/format-junit';
import { formatReportMarkdown } from '../../report/format-markdown';
import { formatTypeormMigration } from '../../report/format-migration';
import { formatFixScript } from '../../report/format-sql';
import { formatReportText } from '../../report/format-text';
import { formatReportTextColored } from '../../report/format-text-color';
import { withDeadline } from '../../typeorm/with-deadline';
import { type ConformanceResult, checkConformance } from '../conformance';
import { type CliArgs, USAGE, UsageError, parseCliArgs } from './args';
import { type CliDataSource, loadDataSource } from './load-data-source';
import { type Progress, createProgress } from './progress';

/** Exit codes, distinct so that CI can tell drift from a check that never ran. */
const EXIT = { ok: 0, drift: 1, cannotCheck: 2 } as const;

/** Where the CLI writes; the process's own streams by default. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

/** Runs the CLI and resolves with its exit code; never throws. */
export async function runCli(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
    if (args.command === 'help') return write(io.stdout, `${USAGE}\n`, EXIT.ok);
    if (args.command === 'version') return write(io.stdout, `${packageVersion()}\n`, EXIT.ok);
    // Bad --severity or --ignore-code values fail here, before any connection is opened.
    parseGuardOptions({ ...args.guard, mode: 'warn' });
  } catch (error) {
    const usage = error instanceof UsageError ? `\n\n${USAGE}` : '';
    return write(io.stderr, `schema-guard: ${redactSecrets((error as Error).message)}${usage}\n`, EXIT.cannotCheck);
  }
  const progress = createProgress(io.stderr, { quiet: args.quiet });
  let result: ConformanceResult;
  try {
    result = await check(args, progress);
  } catch (error) {
    progress.stop();
    return write(io.stderr, `schema-guard: could not check: ${describeError(error)}\n`, EXIT.cannotCheck);
  }
  progress.stop();
  return args.command === 'sql' ? writeSql(args, result.report, io) : write(io.stdout, formatCheck(args, result, io), result.failing.length ? EXIT.drift : EXIT.ok);
}

async function check(args: CliArgs, progress: Progress): Promise<ConformanceResult> {
  progress.step(`loading ${args.dataSource}`);
  const dataSource = await loadDataSource(args.dataSource, args.exportName);
  if (!dataSource.isInitialized) {
    // The check must never change the database it checks.
    Object.assign(dataSource.options, { synchronize: false, migrationsRun: false, dropSchema: false });
    progress.step(`connecting to the ${dataSource.options.type} database`);
    const message = `could not connect to the ${dataSource.options.type} database within ${args.timeoutMs} ms (--timeout)`;
    await withDeadline(dataSource.initialize(), args.timeoutMs, () => new Error(message));
  }
  try {
    progress.step('reading the catalog');
    return await checkConformance(dataSource, { ...args.guard, failOn: args.failOn });
  } finally {
    progress.step('closing the connection');
    await close(dataSource);
  }
}

function formatCheck(args: CliArgs, result: ConformanceResult, io: CliIo): string {
  const { report } = result;
  switch (args.format) {
    case 'json':
      return formatReportJson(report);
    case 'junit':
      return formatReportJunit(report, args.failOn);
    case 'markdown':
      return formatReportMarkdown(report);
    case 'github':
      return formatReportGithub(report);
    default:
      return `${useColor(io) ? formatReportTextColored(report) : formatReportText(report)}\n`;
  }
}

function writeSql(args: CliArgs, report: SchemaReport, io: CliIo): number {
  if (!args.migrationName) return write(io.stdout, formatFixScript(report), EXIT.ok);
  if (!report.plan?.steps.length) {
    return write(io.stderr, `schema-guard: nothing to fix on ${report.dialect}; no migration written\n`, EXIT.ok);
  }
  const timestamp = Date.now();
  const dir = resolve(process.cwd(), args.migrationsDir);
  const file = join(dir, `${timestamp}-${args.migrationName}.ts`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, formatTypeormMigration(report, { name: args.migrationName, timestamp }), { flag: 'wx' });
  } catch (error) {
    return write(io.stderr, `schema-guard: could not write the migration: ${(error as Error).message}\n`, EXIT.cannotCheck);
  }
  return write(io.stdout, `${file}\n`, EXIT.ok);
}

/** Colour only on a terminal, unless NO_COLOR says otherwise or FORCE_COLOR insists. */
function useColor(io: CliIo): boolean {
  if (io.env.NO_COLOR) return false;
  if (io.env.FORCE_COLOR && io.env.FORCE_COLOR !== '0') return true;
  return Boolean(io.stdout.isTTY);
}

async function close(dataSource: CliDataSource): Promise<void> {
  if (!dataSource.isInitialized) return;
  await withDeadline(dataSource.destroy(), 5000, () => new Error('close timed out')).catch(() => undefined);
}

/** The error's message and its cause's, secrets masked; never the DataSource or its options. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return redactSecrets(String(error));
  const cause = error.cause instanceof Error && !error.message.includes(error.cause.message) ? ` (${error.cause.message})` : '';
  return redactSecrets(`${error.message}${cause}`);
}

function write(stream: NodeJS.WritableStream, text: string, code: number): number {
  stream.write(text);
  return code;
}

function packageVersion(): string {
  for (const up of ['../../../..', '../../..']) {
    try {
      const pkg = JSON.parse(readFileSync(join(__dirname, up, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'typeorm-schema-guard') return pkg.version ?? 'unknown';
    } catch {
      // not this level
    }
  }
  return 'unknown';
}

if (require.main === module) {
  // The user's module and TypeORM's logger print with console.log; stdout is the report's alone.
  console.log = console.info = console.debug = console.error;
  void runCli(process.argv.slice(2)).then((code) => {
    // Exit even when a connection that never answered still holds the event loop.
    process.stdout.write('', () => process.exit(code));
  });
}
