/**
 * Example: a NestJS terminus health indicator for the schema, without NestJS in this package.
 *
 * In a Nest application the class below is `@Injectable()`, `HealthCheckError` comes from
 * `@nestjs/terminus`, and the controller runs
 * `this.health.check([() => this.schemaIndicator.isHealthy('schema')])`. Here a ten-line stand-in
 * of terminus's `HealthCheckService.check` aggregates the result the same way, so the example runs
 * on its own.
 *
 * Run: npx tsc -p . && node dist/examples/health-terminus.js
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { schemaHealthIndicator } from '../lib/integrations/health'; // 'typeorm-schema-guard/health'
import { TASK_ENTITIES } from './incident-004/entities';
import { sqliteDriver } from './incident-004/sqlite-driver';
import { productionSchema } from './incident-004/production-schema';

/** Stand-in for `import { HealthCheckError } from '@nestjs/terminus'`. */
class HealthCheckError extends Error {
  constructor(
    message: string,
    readonly causes: unknown,
  ) {
    super(message);
  }
}

type IndicatorResult = Record<string, { status: 'up' | 'down' } & Record<string, unknown>>;

/** `@Injectable() export class SchemaHealthIndicator extends HealthIndicator` in a Nest app. */
class SchemaHealthIndicator {
  private readonly check: ReturnType<typeof schemaHealthIndicator>;

  constructor(dataSource: DataSource) {
    this.check = schemaHealthIndicator(dataSource);
  }

  async isHealthy(key: string): Promise<IndicatorResult> {
    const result = await this.check(key);
    if (result[key].status === 'down') throw new HealthCheckError('database schema drift', result);
    return result;
  }
}

/** What terminus's `HealthCheckService.check` does with indicators (simplified; 503 on error). */
async function terminusCheck(indicators: Array<() => Promise<IndicatorResult>>): Promise<{ httpStatus: number; body: object }> {
  const info: IndicatorResult = {};
  const error: IndicatorResult = {};
  for (const indicator of indicators) {
    try {
      Object.assign(info, await indicator());
    } catch (failure) {
      if (!(failure instanceof HealthCheckError)) throw failure;
      Object.assign(error, failure.causes);
    }
  }
  const isOk = Object.keys(error).length === 0;
  return { httpStatus: isOk ? 200 : 503, body: { status: isOk ? 'ok' : 'error', info, error, details: { ...info, ...error } } };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'schema-guard-terminus-'));
  const open = async (file: string, synchronize: boolean) =>
    new DataSource({ type: sqliteDriver(), database: join(dir, file), entities: TASK_ENTITIES, synchronize } as DataSourceOptions).initialize();
  const migrated = await open('migrated.sqlite', true);
  const production = await open('production.sqlite', false);
  try {
    for (const statement of productionSchema('sqlite')) await production.query(statement);
    for (const [label, dataSource] of [['migrated database', migrated], ['incident-004 database', production]] as const) {
      const indicator = new SchemaHealthIndicator(dataSource);
      const { httpStatus, body } = await terminusCheck([() => indicator.isHealthy('schema')]);
      console.log(`${label}: HTTP ${httpStatus} ${JSON.stringify(body)}`);
    }
  } finally {
    await migrated.destroy();
    await production.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
