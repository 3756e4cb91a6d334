/** The environment that makes a benchmark run tiny: 4 entities, one sample of everything, all three drivers. */
import { startPostgres } from './postgres-server';

/** `BENCH_*` settings (and the test server's `PG_URL`) for a run that checks behaviour, not speed. */
export async function tinyBenchEnv(resultsFile: string): Promise<Record<string, string>> {
  return {
    PG_URL: await startPostgres(),
    BENCH_DRIVERS: 'postgres,better-sqlite3,sqlite3',
    BENCH_SIZES: '4',
    BENCH_RUNS: '1',
    BENCH_COLD_RUNS: '1',
    BENCH_COLD_RUNS_LARGE: '1',
    BENCH_COLD_RUNS_SLOW: '1',
    BENCH_RESULTS: resultsFile,
  };
}
