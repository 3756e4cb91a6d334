/**
 * One error class per thing a caller may want to catch: drift found, the database could not be
 * read, or the library was called wrongly. Messages are for the person reading the log at 3 a.m.
 */
import type { SchemaReport } from './model/finding';
import { formatFindingsText } from './report/format-text';
import { redactError, redactSecrets } from './redact';

/** The database does not match the entities: at least one finding is an error. */
export class SchemaDriftError extends Error {
  override readonly name = 'SchemaDriftError';
  /** The full report, every finding included. */
  readonly report: SchemaReport;

  constructor(report: SchemaReport) {
    const errors = report.findings.filter((finding) => finding.severity === 'error').length;
    super(
      `Database schema does not match the TypeORM entities (${errors} error${errors === 1 ? '' : 's'}, ` +
        `${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} in all):\n${formatFindingsText(report.findings)}`,
    );
    this.report = report;
  }
}

/** The database could not be reached or its catalog could not be read: nothing was checked. */
export class SchemaIntrospectionError extends Error {
  override readonly name = 'SchemaIntrospectionError';
  /** Which database was being read. */
  readonly dialect: string;

  constructor(message: string, options: { dialect: string; cause?: unknown }) {
    // Driver errors can quote a connection string: the cause is a masked copy when it does, and
    // the driver's own error object is never changed.
    const cause = redactError(options.cause);
    const detail = cause instanceof Error ? `: ${cause.message}` : cause !== undefined ? `: ${redactSecrets(String(cause))}` : '';
    super(redactSecrets(`${message}${detail}`), cause === undefined ? undefined : { cause });
    this.dialect = options.dialect;
  }
}

/** The library was called wrongly: bad options, an uninitialised DataSource, an unsupported driver. */
export class SchemaGuardConfigError extends Error {
  override readonly name = 'SchemaGuardConfigError';
  /** The option at fault, as a dotted path, when one is. */
  readonly option?: string;

  constructor(message: string, details: { option?: string } = {}) {
    super(redactSecrets(message));
    this.option = details.option;
  }
}
