/**
 * The health check: `schemaHealth` computes status and body, `schemaHealthHandler` serves them
 * over HTTP, `schemaHealthIndicator` gives NestJS terminus's result shape without depending on it.
 */
import type { SchemaReport } from '../../model/finding';
import type { DataSourceInput } from '../../typeorm/typeorm-shapes';
import { type SchemaState, checkSchemaCached, assertCheckableDataSource } from './check-schema-cached';
import { type HealthBody, formatHealthBody, httpStatusOf } from './format-health-body';
import { type SchemaHealthOptions, parseHealthOptions } from './health-options';

/** What a health check returns: the HTTP status, the body, and the state behind them. */
export interface SchemaHealthResult {
  /** 503 for `fail` and `unreachable`, 200 otherwise. */
  httpStatus: 200 | 503;
  /** `application/health+json` body. */
  body: HealthBody;
  /** `pass`, `warn`, `fail`, or `unreachable` (nothing was checked: not drift). */
  state: SchemaState;
  /** The report behind the body (absent when unreachable); never put it in a public response as is. */
  report?: SchemaReport;
  /** True when the report came from the cache because the schema fingerprint was unchanged. */
  isCached: boolean;
}

/** The media type of the body. */
export const HEALTH_CONTENT_TYPE = 'application/health+json';

/**
 * Checks the schema for a health probe: one fingerprint query when nothing changed since the last
 * check, a full validation when it did. Concurrent calls share one check. Rejects only on a
 * programming error (not a DataSource, bad options); a database that cannot be read is `unreachable`.
 *
 * @example
 * const { httpStatus, body } = await schemaHealth(dataSource);
 * // 200 { status: 'pass', checks: { 'schema:errors': [{ observedValue: 0, status: 'pass', ... }], ... } }
 */
export async function schemaHealth(dataSource: DataSourceInput, options?: SchemaHealthOptions): Promise<SchemaHealthResult> {
  const resolved = parseHealthOptions(options);
  const outcome = await checkSchemaCached(dataSource, resolved);
  return {
    httpStatus: httpStatusOf(outcome.state),
    body: formatHealthBody(outcome, { details: resolved.details }),
    state: outcome.state,
    report: outcome.report,
    isCached: outcome.isCached,
  };
}

/** The parts of Node's `IncomingMessage` the handler reads (Express's `Request` fits). */
export interface HealthRequest {
  method?: string;
}

/** The parts of Node's `ServerResponse` the handler writes (Express's `Response` fits). */
export interface HealthResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

/**
 * A `(req, res)` handler for `http.createServer` or Express (`app.get('/health/schema', handler)`).
 * Options are validated here, once, so a typo fails at startup rather than on the first probe.
 *
 * @example
 * http.createServer((req, res) => (req.url === '/health' ? health(req, res) : app(req, res)));
 * const health = schemaHealthHandler(dataSource);
 */
export function schemaHealthHandler(
  dataSource: DataSourceInput,
  options?: SchemaHealthOptions,
): (req: HealthRequest, res: HealthResponse) => Promise<void> {
  const resolved = parseHealthOptions(options);
  assertCheckableDataSource(dataSource);
  return async (req, res) => {
    let status: number;
    let body: HealthBody;
    try {
      ({ httpStatus: status, body } = await schemaHealth(dataSource, resolved));
    } catch {
      // Never let a probe crash the server or hang; nothing about the cause goes out by default.
      status = 503;
      body = { status: 'fail', description: 'Database schema conformance to the TypeORM entities (typeorm-schema-guard)', checks: {}, output: 'schema check failed' };
    }
    res.statusCode = status;
    res.setHeader('Content-Type', HEALTH_CONTENT_TYPE);
    res.setHeader('Cache-Control', 'no-store');
    res.end(req.method === 'HEAD' ? undefined : JSON.stringify(body));
  };
}

/** The result a NestJS terminus health indicator returns, keyed by the indicator's name. */
export type TerminusIndicatorResult<Key extends string = 'schema'> = Record<
  Key,
  {
    status: 'up' | 'down';
    /** `pass`, `warn`, `fail` or `unreachable`. */
    state: SchemaState;
    errors: number;
    warnings: number;
    /** Finding messages, only with `details: true`. */
    message?: string;
  }
>;

/**
 * A terminus-shaped indicator: `up` for `pass` and `warn`, `down` for `fail` and `unreachable`.
 * Terminus expects a down indicator to throw (`HealthCheckError`, or `indicator.down()` on v11):
 * do that in your `@Injectable()` wrapper, which keeps NestJS out of this package's dependencies.
 *
 * @example
 * const check = schemaHealthIndicator(dataSource);
 * const result = await check('schema'); // { schema: { status: 'up', state: 'pass', errors: 0, warnings: 0 } }
 */
export function schemaHealthIndicator(
  dataSource: DataSourceInput,
  options?: SchemaHealthOptions,
): <Key extends string = 'schema'>(key?: Key) => Promise<TerminusIndicatorResult<Key>> {
  const resolved = parseHealthOptions(options);
  assertCheckableDataSource(dataSource);
  return async <Key extends string = 'schema'>(key?: Key) => {
    const { state, body } = await schemaHealth(dataSource, resolved);
    const value: TerminusIndicatorResult<Key>[Key] = {
      status: state === 'pass' || state === 'warn' ? 'up' : 'down',
      state,
      errors: body.checks['schema:errors']?.[0]?.observedValue ?? 0,
      warnings: body.checks['schema:warnings']?.[0]?.observedValue ?? 0,
    };
    if (resolved.details && body.output) {
      const outputs = ['database:reachable', 'schema:errors', 'schema:warnings'].map((name) => body.checks[name]?.[0]?.output);
      value.message = outputs.filter((output) => output !== undefined).join('; ');
    }
    return { [key ?? 'schema']: value } as TerminusIndicatorResult<Key>;
  };
}
