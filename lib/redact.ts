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
