/**
 * Turns a check outcome into a body in the shape of the IETF "Health Check Response Format for
 * HTTP APIs" draft (https://datatracker.ietf.org/doc/html/draft-inadarei-api-health-check),
 * media type `application/health+json`. Pure.
 */
import type { Finding } from '../../model/finding';
import { redactSecrets } from '../../redact';
import type { SchemaCheckOutcome, SchemaState } from './check-schema-cached';

/** The draft's status values. */
export type HealthStatus = 'pass' | 'warn' | 'fail';

/** One measurement of a component, as the draft defines it. */
export interface HealthCheckEntry {
  componentType: 'datastore' | 'component';
  /** The measured value: a count of findings or tables. */
  observedValue?: number;
  /** What `observedValue` counts. */
  observedUnit?: string;
  status: HealthStatus;
  /** When the value was observed (ISO 8601): the time of the validation, even when served from cache. */
  time: string;
  /** Why the status is not `pass`; omitted on pass. Names tables only with `details: true`. */
  output?: string;
}

/** The response body (`application/health+json`). */
export interface HealthBody {
  status: HealthStatus;
  description: string;
  /** Keyed `"component:measurement"`: `database:reachable`, `schema:errors`, `schema:warnings`, `schema:tables`. */
  checks: Record<string, HealthCheckEntry[]>;
  /** Why the status is not `pass`; omitted on pass. */
  output?: string;
}

/** The HTTP status a probe should get: 503 for `fail` and `unreachable`, else 200. */
export function httpStatusOf(state: SchemaState): 200 | 503 {
  return state === 'fail' || state === 'unreachable' ? 503 : 200;
}

/** Builds the body; `details` adds finding messages and the (redacted) error message. */
export function formatHealthBody(outcome: SchemaCheckOutcome, options: { details: boolean }): HealthBody {
  const time = outcome.checkedAt.toISOString();
  const description = 'Database schema conformance to the TypeORM entities (typeorm-schema-guard)';
  if (outcome.state === 'unreachable' || !outcome.report) {
    const output =
      'database could not be reached or its catalog read; the schema was not checked' +
      (options.details && outcome.error ? `: ${redactSecrets(outcome.error.message)}` : '');
    return {
      status: 'fail',
      description,
      checks: { 'database:reachable': [{ componentType: 'datastore', status: 'fail', time, output }] },
      output,
    };
  }
  const { findings, stats } = outcome.report;
  const errors = findings.filter((finding) => finding.severity === 'error');
  const warnings = findings.filter((finding) => finding.severity === 'warning');
  const count = (list: Finding[], noun: string): HealthCheckEntry => {
    const status: HealthStatus = list.length === 0 ? 'pass' : noun === 'error' ? 'fail' : 'warn';
    const entry: HealthCheckEntry = { componentType: 'component', observedValue: list.length, observedUnit: `${noun}s`, status, time };
    if (status !== 'pass') entry.output = describe(list, noun, options.details);
    return entry;
  };
  const body: HealthBody = {
    status: outcome.state,
    description,
    checks: {
      'database:reachable': [{ componentType: 'datastore', status: 'pass', time }],
      'schema:errors': [count(errors, 'error')],
      'schema:warnings': [count(warnings, 'warning')],
      'schema:tables': [{ componentType: 'component', observedValue: stats.tables, observedUnit: 'tables', status: 'pass', time }],
    },
  };
  if (outcome.state !== 'pass') {
    body.output = `schema drift: ${plural(errors.length, 'error')}, ${plural(warnings.length, 'warning')}`;
  }
  return body;
}

function describe(list: Finding[], noun: string, details: boolean): string {
  const summary = plural(list.length, noun);
  if (!details) return summary;
  return `${summary}: ${list.map((finding) => `${finding.code} ${finding.table}${finding.column ? `.${finding.column}` : ''}`).join('; ')}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
