/**
 * `watchSchema`: polls the schema fingerprint while the service runs, re-validates when it
 * changes, logs drift and recovery, and calls the caller's hooks.
 */
import { defaultLogger } from '../../default-logger';
import { redactSecrets } from '../../redact';
import type { SchemaReport } from '../../model/finding';
import type { GuardLogger } from '../../options';
import type { DataSourceInput, DataSourceLike } from '../../typeorm/typeorm-shapes';
import { degradeSchema } from '../../degrade';
import { SchemaDriftError, SchemaGuardConfigError } from '../../errors';
import { type SchemaCheckOutcome, assertCheckableDataSource, checkSchemaCached } from './check-schema-cached';
import { type SchemaHealthOptions, parseHealthOptions } from './health-options';

/** Options of {@link watchSchema}: the health options plus the poll interval and hooks. */
export interface WatchSchemaOptions extends Omit<SchemaHealthOptions, 'details'> {
  /** Milliseconds between two fingerprint reads. Default 10 000; at least 100. */
  intervalMs?: number;
  /** Called when drift appears or changes (a new set of error/warning findings), including at the first poll. */
  onDrift?: (report: SchemaReport) => void | Promise<void>;
  /** Called when the findings that were there are gone (a repair migration ran). */
  onResolved?: (report: SchemaReport) => void | Promise<void>;
  /**
   * Called after every fresh validation (the schema changed), drift or not, with the previous report.
   * The hook for degrade mode: re-apply or restore degradation from the new report.
   */
  onReport?: (report: SchemaReport, previous: SchemaReport | undefined) => void | Promise<void>;
  /**
   * Keep degrade mode in step with the database: after every fresh validation, re-apply
   * degradation from the new report, or restore full loading when it is clean (docs/degrade.md).
   * `true` uses the defaults of `options.degrade` of validateSchemaOnStartup.
   */
  degrade?: boolean | { allowUncontainable?: boolean; onDroppedWrite?: 'warn' | 'throw' };
  /** Called when the database cannot be read (once per outage, not on every poll). */
  onUnreachable?: (error: Error) => void | Promise<void>;
  /** Where drift, recovery and outages are logged. Default: a pino logger on stderr. */
  logger?: GuardLogger;
}

/** A running watcher. */
export interface SchemaWatcher {
  /** Stops polling; a poll already running finishes without calling the hooks. Idempotent. */
  stop(): void;
  /** Polls now (shares a poll already running) and resolves with its outcome. */
  poll(): Promise<SchemaCheckOutcome>;
  /** The outcome of the latest poll, once there is one. */
  readonly last: SchemaCheckOutcome | undefined;
}

/**
 * Starts polling at once, then every `intervalMs`. The timer is `unref()`ed: it never keeps the
 * process alive. Polls never overlap; an unchanged schema costs one catalog query per poll.
 *
 * @example
 * const watcher = watchSchema(dataSource, {
 *   intervalMs: 5000,
 *   onDrift: (report) => alerts.page(`schema drift: ${report.findings.length} findings`),
 * });
 * process.on('SIGTERM', () => watcher.stop());
 */
export function watchSchema(dataSource: DataSourceInput, options: WatchSchemaOptions = {}): SchemaWatcher {
  const { intervalMs = 10_000, onDrift, onResolved, onReport, onUnreachable, logger: givenLogger, degrade, ...guard } = options;
  if (typeof intervalMs !== 'number' || !Number.isFinite(intervalMs) || intervalMs < 100) {
    throw new SchemaGuardConfigError(`options.intervalMs must be a number of milliseconds of at least 100 (got ${String(intervalMs)})`, {
      option: 'intervalMs',
    });
  }
  for (const [name, hook] of Object.entries({ onDrift, onResolved, onReport, onUnreachable })) {
    if (hook !== undefined && typeof hook !== 'function') {
      throw new SchemaGuardConfigError(`options.${name} must be a function`, { option: name });
    }
  }
  const resolved = parseHealthOptions(guard);
  assertCheckableDataSource(dataSource);
  const logger = givenLogger ?? defaultLogger();

  let isStopped = false;
  let running: Promise<SchemaCheckOutcome> | undefined;
  let last: SchemaCheckOutcome | undefined;
  let lastReport: SchemaReport | undefined;
  let driftKey = '';
  let wasUnreachable = false;

  const call = async (name: string, hook: (() => void | Promise<void>) | undefined) => {
    if (!hook || isStopped) return;
    try {
      await hook();
    } catch (error) {
      logger.error({ schemaGuard: { hook: name } }, `schema watcher: ${name} threw: ${redactSecrets(String(error))}`);
    }
  };

  const handle = async (outcome: SchemaCheckOutcome) => {
    if (isStopped) return;
    last = outcome;
    if (outcome.state === 'unreachable' || !outcome.report) {
      if (!wasUnreachable) {
        wasUnreachable = true;
        logger.error({ schemaGuard: { state: 'unreachable' } }, `schema watcher: ${redactSecrets(outcome.error?.message ?? 'database unreachable')}`);
        await call('onUnreachable', onUnreachable && (() => onUnreachable(outcome.error ?? new Error('database unreachable'))));
      }
      return;
    }
    if (wasUnreachable) {
      wasUnreachable = false;
      logger.info({ schemaGuard: { state: outcome.state } }, 'schema watcher: the database can be read again');
    }
    if (outcome.isCached && outcome.report === lastReport) {
      // initialize() after destroy() rebuilt TypeORM's metadata, which undid the degradation; the
      // fingerprint is unchanged, so the same report still describes the database: degrade again.
      if (degrade && metadataOf(dataSource) !== degradedMetadata) applyDegrade(outcome.report);
      return;
    }
    const report = outcome.report;
    const previous = lastReport;
    lastReport = report;
    if (degrade) applyDegrade(report);
    const drift = report.findings.filter((finding) => finding.severity !== 'info');
    const key = drift.map((f) => `${f.severity} ${f.code} ${f.table}.${f.column ?? ''}`).join('\n');
    await call('onReport', onReport && (() => onReport(report, previous)));
    if (key === driftKey) return;
    const hadDrift = driftKey !== '';
    driftKey = key;
    if (drift.length > 0) {
      const errors = drift.filter((finding) => finding.severity === 'error').length;
      const log = errors > 0 ? logger.error : logger.warn;
      log.call(
        logger,
        { schemaGuard: { state: outcome.state, errors, warnings: drift.length - errors, findings: drift } },
        `schema drift detected while running: ${errors} error(s), ${drift.length - errors} warning(s)`,
      );
      await call('onDrift', onDrift && (() => onDrift(report)));
    } else if (hadDrift) {
      logger.info({ schemaGuard: { state: outcome.state } }, 'schema drift resolved: the database matches the entities again');
      await call('onResolved', onResolved && (() => onResolved(report)));
    }
  };

  let degradedMetadata: unknown;
  const applyDegrade = (report: SchemaReport) => {
    const settings = typeof degrade === 'object' ? degrade : {};
    degradedMetadata = metadataOf(dataSource);
    try {
      degradeSchema(dataSource, report, {
        logger,
        allowUncontainable: settings.allowUncontainable ?? false,
        onDroppedWrite: settings.onDroppedWrite ?? 'warn',
      });
    } catch (error) {
      if (!(error instanceof SchemaDriftError)) throw error;
      // An uncontainable error: degrading part of it would hide it; the previous state stays.
      logger.error({ schemaGuard: { state: 'uncontainable' } }, 'schema watcher: drift that degrade mode cannot contain; degradation left as it was');
    }
  };

  const poll = (): Promise<SchemaCheckOutcome> => {
    running ??= checkSchemaCached(dataSource, resolved)
      .then(async (outcome) => {
        // A throwing logger must not become an unhandled rejection of the timer's poll.
        await handle(outcome).catch(() => undefined);
        return outcome;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  // A poll still running when the timer fires is skipped, not stacked.
  const timer = setInterval(() => {
    if (!running && !isStopped) void poll();
  }, intervalMs);
  timer.unref();
  void poll();

  return {
    stop() {
      isStopped = true;
      clearInterval(timer);
    },
    poll,
    get last() {
      return last;
    },
  };
}

/** The DataSource's metadata list: a new array each time `initialize()` builds the metadata. */
function metadataOf(dataSource: DataSourceInput): unknown {
  return (dataSource as Partial<DataSourceLike>).entityMetadatas;
}
