/** Summary statistics of benchmark samples. */

/** Median, 90th percentile and range of a set of samples. */
export interface Summary {
  n: number;
  median: number;
  /** Nearest-rank 90th percentile: the 9th of 10 sorted samples. */
  p90: number;
  min: number;
  max: number;
}

/** Summarises `values`; every field is NaN when there are none. */
export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { n, median: NaN, p90: NaN, min: NaN, max: NaN };
  const middle = Math.floor(n / 2);
  const median = n % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { n, median, p90: sorted[Math.ceil(0.9 * n) - 1], min: sorted[0], max: sorted[n - 1] };
}

/** Rounds to `decimals` decimals, for the JSON output. */
export function round(value: number, decimals = 2): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** A summary with every figure rounded. */
export function roundSummary(summary: Summary, decimals = 2): Summary {
  return {
    n: summary.n,
    median: round(summary.median, decimals),
    p90: round(summary.p90, decimals),
    min: round(summary.min, decimals),
    max: round(summary.max, decimals),
  };
}
