/** The CLI's arguments, parsed with `node:util` and checked; a mistake is a `UsageError` (exit 2). */
import { parseArgs } from 'node:util';
import type { ConformanceOptions, FailOn } from '../conformance';

/** Output formats of `check`. */
export const FORMATS = ['text', 'json', 'junit', 'markdown', 'github'] as const;
export type Format = (typeof FORMATS)[number];

/** A wrong command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** What the command line asks for. */
export interface CliArgs {
  command: 'check' | 'sql' | 'help' | 'version';
  dataSource: string;
  exportName?: string;
  format: Format;
  failOn: FailOn;
  quiet: boolean;
  /** Deadline for connecting, and again for the check, in milliseconds. */
  timeoutMs: number;
  /** Options of the check itself. */
  guard: Omit<ConformanceOptions, 'failOn'>;
  migrationName?: string;
  migrationsDir: string;
}

/** The help text, printed by `help` and after a usage error. */
export const USAGE = `Usage:
  schema-guard check --data-source <module> [options]   compare the database with the entities
  schema-guard sql   --data-source <module> [options]   print the fix SQL as one ordered script
  schema-guard help | --help | --version

Options:
  --data-source <module>      file exporting the DataSource (default, dataSource, AppDataSource, or the only one)
  --export <name>             the export to use when the module has several DataSources
  --format <f>                check: text | json | junit | markdown | github (default text)
  --fail-on <severity>        check: error | warning | info, the least severe finding that fails (default error)
  --ignore-table <t>          skip findings on a table; /regex/ allowed; repeatable
  --ignore-column <t.c>       skip findings on a column; /regex/ allowed; repeatable
  --ignore-code <code>        skip a finding code; repeatable
  --ignore-entity <name>      skip findings of an entity (registered but unused here); /regex/ allowed; repeatable
  --severity <code=level>     override a code's severity (error | warning | info | off); repeatable
  --report-unexpected-tables  also report tables no entity maps
  --schema <name>             PostgreSQL: another schema to read; repeatable
  --timeout <ms>              deadline for connecting, and for the check (default 30000)
  --typeorm-migration <Name>  sql: write a TypeORM migration class instead of printing
  --migrations-dir <dir>      sql: where the migration is written (default .)
  --quiet                     no progress on stderr

TypeScript data sources load through your own loader: NODE_OPTIONS="--import tsx" schema-guard check ...
Exit codes: 0 no finding at or above --fail-on; 1 drift found; 2 could not check (bad arguments,
module or DataSource not found, database unreachable or unreadable). \`sql\` exits 0 once it printed.`;

/** Parses `argv` (without node and the script). */
export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        'data-source': { type: 'string' },
        export: { type: 'string' },
        format: { type: 'string', default: 'text' },
        'fail-on': { type: 'string', default: 'error' },
        'ignore-table': { type: 'string', multiple: true, default: [] },
        'ignore-column': { type: 'string', multiple: true, default: [] },
        'ignore-code': { type: 'string', multiple: true, default: [] },
        'ignore-entity': { type: 'string', multiple: true, default: [] },
        severity: { type: 'string', multiple: true, default: [] },
        'report-unexpected-tables': { type: 'boolean', default: false },
        schema: { type: 'string', multiple: true, default: [] },
        timeout: { type: 'string', default: '30000' },
        'typeorm-migration': { type: 'string' },
        'migrations-dir': { type: 'string', default: '.' },
        quiet: { type: 'boolean', short: 'q', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const command = values.help ? 'help' : values.version ? 'version' : positionals[0];
  if (command === 'help' || command === 'version') return { ...defaults(), command };
  if (command !== 'check' && command !== 'sql') {
    throw new UsageError(command ? `unknown command "${command}"` : 'a command is required: check or sql');
  }
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  if (!values['data-source']) throw new UsageError('--data-source <module> is required');
  const format = oneOf('--format', values.format, FORMATS);
  const failOn = oneOf('--fail-on', values['fail-on'], ['error', 'warning', 'info'] as const);
  const timeoutMs = Number(values.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0 || timeoutMs > 600_000) {
    throw new UsageError(`--timeout must be a whole number of milliseconds between 1 and 600000 (got "${values.timeout}")`);
  }
  if (command === 'check' && values['typeorm-migration']) throw new UsageError('--typeorm-migration belongs to the sql command');
  const migrationName = values['typeorm-migration'];
  if (migrationName !== undefined && !/^[A-Za-z_$][\w$]*$/.test(migrationName)) {
    throw new UsageError(`--typeorm-migration must be a class name such as FixSchemaDrift (got "${migrationName}")`);
  }
  return {
    command,
    dataSource: values['data-source'],
    exportName: values.export,
    format,
    failOn,
    quiet: values.quiet,
    timeoutMs,
    migrationName,
    migrationsDir: values['migrations-dir'],
    guard: {
      ignore: {
        tables: values['ignore-table'].map(matcher),
        columns: values['ignore-column'].map(matcher),
        codes: values['ignore-code'] as NonNullable<ConformanceOptions['ignore']>['codes'],
        entities: values['ignore-entity'].map(matcher),
      },
      severity: Object.fromEntries(values.severity.map(severityPair)),
      reportUnexpectedTables: values['report-unexpected-tables'],
      schemas: values.schema,
      timeoutMs,
    },
  };
}

function defaults(): Omit<CliArgs, 'command'> {
  return { dataSource: '', format: 'text', failOn: 'error', quiet: false, timeoutMs: 30_000, guard: {}, migrationsDir: '.' };
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
}

/** `/^tmp_/i` is a regular expression; anything else is an exact name. */
function matcher(value: string): string | RegExp {
  const regex = /^\/(.+)\/([a-z]*)$/.exec(value);
  if (!regex) return value;
  try {
    return new RegExp(regex[1], regex[2]);
  } catch (error) {
    throw new UsageError(`invalid regular expression ${value}: ${(error as Error).message}`);
  }
}

function severityPair(value: string): [string, string] {
  const [code, level, ...rest] = value.split('=');
  if (!code || !level || rest.length) throw new UsageError(`--severity takes code=level, e.g. missing_index=off (got "${value}")`);
  return [code, level];
}
