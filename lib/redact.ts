/**
 * Secrets never reach a log or an error: passwords in connection URLs and `password=` pairs are
 * masked in every message the library builds or passes on.
 */

// user:password@ in any scheme://; the user part may be empty (`postgres://:secret@host`).
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):[^@\s/]*@/gi;
// key=value pairs of libpq-style connection strings and query strings.
const PASSWORD_PAIRS = /\b(password|passwd|pwd|sslpassword)\s*=\s*('[^']*'|"[^"]*"|[^\s&;]+)/gi;

/** Masks passwords in URLs and `password=...` pairs. */
export function redactSecrets(text: string): string {
  return text.replace(URL_CREDENTIALS, '$1:***@').replace(PASSWORD_PAIRS, '$1=***');
}

/**
 * The error to keep as a `cause`, its secrets masked, without touching the error the caller or the
 * driver holds: the same error when nothing needs masking, else a copy (same prototype, so
 * `instanceof` and fields such as `code` survive) whose strings are masked, its own `cause` too.
 */
export function redactError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error) || depth > 4) return error;
  const cause: unknown = error.cause;
  const redactedCause = cause === undefined ? undefined : redactError(cause, depth + 1);
  const fields = Object.getOwnPropertyNames(error);
  const isClean =
    redactedCause === cause &&
    fields.every((field) => {
      const value: unknown = (error as unknown as Record<string, unknown>)[field];
      return typeof value !== 'string' || redactSecrets(value) === value;
    });
  if (isClean) return error;
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Record<string, unknown>;
  for (const field of fields) {
    const descriptor = Object.getOwnPropertyDescriptor(error, field) as PropertyDescriptor;
    if ('value' in descriptor) {
      const value: unknown = field === 'cause' ? redactedCause : descriptor.value;
      descriptor.value = typeof value === 'string' ? redactSecrets(value) : value;
    }
    Object.defineProperty(copy, field, descriptor);
  }
  return copy;
}
