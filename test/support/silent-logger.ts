/** A pino-compatible logger that records instead of printing, for asserting what was logged. */
export interface RecordedLog {
  level: 'info' | 'warn' | 'error';
  object: object;
  message?: string;
}

export function recordingLogger(): { logs: RecordedLog[]; info: (o: object, m?: string) => void; warn: (o: object, m?: string) => void; error: (o: object, m?: string) => void } {
  const logs: RecordedLog[] = [];
  return {
    logs,
    info: (object, message) => void logs.push({ level: 'info', object, message }),
    warn: (object, message) => void logs.push({ level: 'warn', object, message }),
    error: (object, message) => void logs.push({ level: 'error', object, message }),
  };
}
