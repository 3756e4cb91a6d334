/**
 * Flowise: the `flowise` server package ships its TypeORM entities (dist/database/entities, plus
 * the enterprise ones) and migrations per database (dist/database/migrations/{sqlite,postgres}).
 * They need only typeorm and uuid, so the package is unpacked without its (LangChain-sized)
 * dependency tree. Flowise's DataSource uses the `sqlite` (sqlite3) driver on SQLite.
 */
const { join } = require('node:path');

module.exports = {
  name: 'flowise',
  version: '3.1.4',
  // flowise 3.1.4 depends on typeorm ^0.3.28.
  packages: { typeorm: '0.3.28', uuid: '9.0.1', 'reflect-metadata': '0.2.2', pg: '8.16.3' },
  packOnly: { flowise: '3.1.4' },
  dialects: ['postgres', 'sqlite'],
  env: { postgres: { DATABASE_TYPE: 'postgres' }, sqlite: { DATABASE_TYPE: 'sqlite' } },
  // The guard configuration a Flowise deployment would use (run.js prints the raw result and the
  // result with it). Only entities whose errors are real (every query of them fails) but that the
  // deployment does not query against a migration-built database.
  guardOptions: { ignore: { entities: ['WorkspaceUsers', 'LoginSession'] } },
  guardOptionsWhy: {
    WorkspaceUsers:
      'legacy entity still registered in entities/index.js but used by no code; the migrations replaced its table workspace_users by workspace_user (WorkspaceUser)',
    LoginSession:
      'login_sessions is created by the session store at startup (connect-pg-simple createTableIfMissing, connect-sqlite3), not by a migration; the entity only deletes a user\'s sessions once that store runs',
  },
  async createDataSource({ load, resolve, dialect, url, file, sqlite3 }) {
    load('reflect-metadata');
    const { DataSource } = load('typeorm');
    const dist = join(resolve('flowise/package.json'), '..', 'dist');
    // Two modules the migrations import load flowise-components (not installed): the logger (for
    // parse errors) and the encryption helpers (used only to re-encrypt existing SSO settings,
    // never on an empty database). Stand-ins for those two modules only.
    const silent = { error() {}, warn() {}, info() {}, debug() {} };
    const unavailable = async () => {
      throw new Error('corpus: Flowise encryption is not available (empty database expected)');
    };
    stub(join(dist, 'utils/logger.js'), { __esModule: true, default: silent });
    stub(join(dist, 'enterprise/utils/encryption.util.js'), { __esModule: true, encrypt: unavailable, decrypt: unavailable });
    const { entities } = require(join(dist, 'database/entities/index.js'));
    const common = { synchronize: false, migrationsRun: false, entities: Object.values(entities), logging: false };
    if (dialect === 'postgres') {
      const { postgresMigrations } = require(join(dist, 'database/migrations/postgres/index.js'));
      return new DataSource({ type: 'postgres', url, migrations: postgresMigrations, ...common });
    }
    const { sqliteMigrations } = require(join(dist, 'database/migrations/sqlite/index.js'));
    return new DataSource({ type: 'sqlite', database: file, driver: sqlite3, migrations: sqliteMigrations, ...common });
  },
  async migrate(dataSource) {
    // As Flowise's server start does.
    await dataSource.runMigrations({ transaction: 'each' });
  },
};

function stub(path, exports) {
  require.cache[path] = { id: path, filename: path, loaded: true, exports };
}
