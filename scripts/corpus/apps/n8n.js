/**
 * n8n: the `@n8n/db` package (entities + migrations for PostgreSQL and SQLite) on n8n's own
 * TypeORM fork `@n8n/typeorm`. The migrations read the database type from n8n's config at load
 * time (`DB_TYPE`), hence one process per dialect. On SQLite n8n uses the fork's `sqlite-pooled`
 * driver type.
 */
module.exports = {
  name: 'n8n',
  version: '1.41.0',
  packages: { '@n8n/db': '1.41.0' },
  dialects: ['postgres', 'sqlite'],
  env: {
    postgres: { DB_TYPE: 'postgresdb', NODE_ENV: 'test' },
    sqlite: { DB_TYPE: 'sqlite', NODE_ENV: 'test' },
  },
  // No guardOptions: n8n's raw result has no error, so it runs with the defaults.
  async createDataSource({ load, dialect, url, file, sqlite3 }) {
    load('reflect-metadata');
    const db = load('@n8n/db');
    const { DataSource } = load('@n8n/typeorm');
    const common = {
      entityPrefix: '',
      entities: Object.values(db.entities),
      subscribers: [],
      migrationsTableName: 'migrations',
      migrationsRun: false,
      synchronize: false,
      logging: false,
    };
    if (dialect === 'postgres') {
      return new DataSource({ type: 'postgres', url, schema: 'public', migrations: db.postgresMigrations, ...common });
    }
    return new DataSource({ type: 'sqlite-pooled', database: file, driver: sqlite3, poolSize: 1, enableWAL: true, migrations: db.sqliteMigrations, ...common });
  },
  /** The fork's plain `sqlite` driver on the same file, used only if the guard refuses `sqlite-pooled` (it did at 9cfce88). */
  async fallbackDataSource({ load, dialect, file, sqlite3 }) {
    if (dialect !== 'sqlite') return undefined;
    const db = load('@n8n/db');
    const { DataSource } = load('@n8n/typeorm');
    return new DataSource({ type: 'sqlite', database: file, driver: sqlite3, entityPrefix: '', entities: Object.values(db.entities), migrationsTableName: 'migrations', logging: false });
  },
  async migrate(dataSource, { load }) {
    // As n8n's DbConnection.migrate() does: wrap each migration (it gives them their context),
    // then one transaction per migration.
    const { wrapMigration } = load('@n8n/db');
    dataSource.options.migrations.forEach(wrapMigration);
    await dataSource.runMigrations({ transaction: 'each' });
  },
};
