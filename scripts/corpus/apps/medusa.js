/**
 * Medusa v1: `@medusajs/medusa` ships its TypeORM models in dist/models and its migrations in
 * dist/migrations (PostgreSQL only). Feature flags decide, at decoration time and one tick later,
 * which entities and columns exist and which migrations run: the defaults are used for both.
 */
const { join } = require('node:path');
const { readdirSync } = require('node:fs');

module.exports = {
  name: 'medusa',
  version: '1.20.10',
  // typeorm is Medusa's peer dependency; 0.3.20 was current when 1.20 was released.
  packages: { '@medusajs/medusa': '1.20.10', typeorm: '0.3.20' },
  dialects: ['postgres'],
  env: { postgres: {} },
  // The guard configuration a Medusa deployment with the default feature flags would use (run.js
  // prints the raw result and the result with it). Only entities the deployment never queries,
  // whose errors are real (every query of them fails) but harmless while the flag is off.
  guardOptions: { ignore: { entities: ['OrderSalesChannel', 'ProductSalesChannel'] } },
  guardOptionsWhy: {
    OrderSalesChannel:
      'medusa_v2 flag (off by default): FeatureFlagEntity registers it whatever the flags, but only the flagged migration creates order_sales_channel and only v2 code queries it',
    ProductSalesChannel:
      'medusa_v2 flag (off by default): explicit entity over the product_sales_channel junction; only the flagged migration adds its id/created_at/updated_at, and the sales-channel repository uses it only when medusa_v2 is on',
  },
  async createDataSource({ load, resolve, url }) {
    load('reflect-metadata');
    const { DataSource } = load('typeorm');
    const dist = join(resolve('@medusajs/medusa/package.json'), '..', 'dist');
    const flags = require(join(dist, 'loaders/feature-flags/index.js'));
    const router = flags.default({}, undefined);
    require(join(dist, 'utils/naming-strategy.js'));
    const entities = [];
    for (const file of readdirSync(join(dist, 'models')).filter((f) => f.endsWith('.js') && f !== 'index.js')) {
      for (const value of Object.values(require(join(dist, 'models', file)))) {
        if (typeof value === 'function') entities.push(value);
      }
    }
    const migrations = [];
    for (const file of readdirSync(join(dist, 'migrations')).filter((f) => f.endsWith('.js')).sort()) {
      const loaded = require(join(dist, 'migrations', file));
      if (loaded.featureFlag !== undefined && !router.isFeatureEnabled(loaded.featureFlag)) continue;
      for (const [key, value] of Object.entries(loaded)) if (key !== 'featureFlag' && typeof value === 'function') migrations.push(value);
    }
    // FeatureFlagColumn / FeatureFlagEntity decorate one tick after the class is defined.
    await new Promise((done) => setImmediate(done));
    await new Promise((done) => setImmediate(done));
    return new DataSource({ type: 'postgres', url, schema: 'public', entities, migrations, logging: false });
  },
  async migrate(dataSource) {
    await dataSource.runMigrations();
  },
};
