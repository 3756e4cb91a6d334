/**
 * Progress on stderr, only once a step has taken more than a moment: a quick check prints
 * nothing, a slow connection says what it is waiting for. stdout stays the report's alone.
 */

/** Reports the current step of a run. */
export interface Progress {
  /** The run has moved on to this step (`connecting to the postgres database`). */
  step(description: string): void;
  /** The run is over; nothing more is printed. */
  stop(): void;
}

/** Progress lines on `stream` after `delayMs`, repeated every `repeatMs` while a step lasts. */
export function createProgress(stream: NodeJS.WritableStream, options: { quiet: boolean; delayMs?: number; repeatMs?: number }): Progress {
  const { quiet, delayMs = 1000, repeatMs = 5000 } = options;
  let timer: NodeJS.Timeout | undefined;
  const clear = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  return {
    step(description) {
      clear();
      if (quiet) return;
      const started = Date.now();
      const tick = (first: boolean) => {
        const seconds = Math.round((Date.now() - started) / 1000);
        stream.write(first ? `schema-guard: ${description}…\n` : `schema-guard: still ${description} (${seconds} s)\n`);
        timer = setTimeout(() => tick(false), repeatMs);
        timer.unref();
      };
      timer = setTimeout(() => tick(true), delayMs);
      timer.unref();
    },
    stop: clear,
  };
}
