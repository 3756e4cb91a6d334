/**
 * Finds the DataSource in the user's module: `default`, `dataSource`, `AppDataSource`, or the only
 * DataSource-looking export. Never prints the DataSource's options: they hold the password.
 */
import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DataSourceInput } from '../../typeorm/typeorm-shapes';
import { UsageError } from './args';

/** The parts of a TypeORM DataSource the CLI drives. */
export interface CliDataSource extends DataSourceInput {
  initialize(): Promise<unknown>;
  destroy(): Promise<unknown>;
  readonly options: { readonly type: string; [key: string]: unknown };
}

const PREFERRED = ['default', 'dataSource', 'AppDataSource'];

/** Imports the module (resolved against the working directory) and picks its DataSource. */
export async function loadDataSource(modulePath: string, exportName?: string): Promise<CliDataSource> {
  const file = resolve(process.cwd(), modulePath);
  if (!existsSync(file)) throw new UsageError(`--data-source ${modulePath}: no such file (${file})`);
  let namespace: Record<string, unknown>;
  try {
    // import() loads CommonJS and ES modules alike, and goes through any loader given with --import.
    namespace = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const hint =
      code === 'ERR_UNKNOWN_FILE_EXTENSION' && ['.ts', '.mts', '.cts'].includes(extname(file))
        ? ` — load TypeScript through your loader: NODE_OPTIONS="--import tsx" schema-guard ...`
        : '';
    throw new UsageError(`could not load --data-source ${modulePath}: ${(error as Error).message}${hint}`);
  }
  const exports = flattenExports(namespace);
  if (exportName !== undefined) {
    const chosen = exports.get(exportName);
    if (isDataSource(chosen)) return chosen;
    throw new UsageError(`--export ${exportName}: ${modulePath} has no DataSource export of that name; it exports ${describeExports(exports)}`);
  }
  for (const name of PREFERRED) {
    const candidate = exports.get(name);
    if (isDataSource(candidate)) return candidate;
  }
  const found = [...exports].filter(([, value]) => isDataSource(value));
  if (found.length === 1) return found[0][1] as CliDataSource;
  if (found.length > 1) {
    throw new UsageError(`${modulePath} exports several DataSources (${found.map(([name]) => name).join(', ')}): choose one with --export <name>`);
  }
  throw new UsageError(
    `${modulePath} exports no TypeORM DataSource (looked for default, dataSource, AppDataSource, then any DataSource); it exports ${describeExports(exports)}`,
  );
}

/**
 * Named exports, plus those of a CommonJS `module.exports` object (which `import()` hands over as
 * `default`), plus a transpiled `exports.default`.
 */
function flattenExports(namespace: Record<string, unknown>): Map<string, unknown> {
  const exports = new Map<string, unknown>();
  const add = (source: Record<string, unknown>) => {
    for (const [name, value] of Object.entries(source)) if (name !== '__esModule' && !exports.has(name)) exports.set(name, value);
  };
  const fallback = namespace.default;
  if (isDataSource(fallback)) exports.set('default', fallback);
  add(namespace);
  if (fallback && typeof fallback === 'object' && !isDataSource(fallback)) {
    exports.delete('default');
    add(fallback as Record<string, unknown>);
  }
  return exports;
}

function isDataSource(value: unknown): value is CliDataSource {
  const candidate = value as Partial<CliDataSource> | null | undefined;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.initialize === 'function' &&
    typeof candidate.destroy === 'function' &&
    typeof candidate.options === 'object' &&
    candidate.options !== null &&
    typeof candidate.options.type === 'string'
  );
}

/** Names and kinds only: the values may hold secrets. */
function describeExports(exports: Map<string, unknown>): string {
  if (exports.size === 0) return 'nothing';
  return [...exports].map(([name, value]) => `${name} (${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value})`).join(', ');
}
