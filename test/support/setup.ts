/** Mocha root hooks: the PostgreSQL server lives for the whole run. */
import 'reflect-metadata';
import { startPostgres, stopPostgres } from './postgres-server';

export async function mochaGlobalSetup(): Promise<void> {
  await startPostgres();
}

export async function mochaGlobalTeardown(): Promise<void> {
  await stopPostgres();
}
