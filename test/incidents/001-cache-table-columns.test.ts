/**
 * Incident 001: `context_inheritance_cache` lacked 9 columns the model declared, kept two legacy
 * columns beside the new ones, and missed the indexes and CHECK the migration then added.
 * Nine `missing_column` findings, not one; legacy columns tolerated (info); clean after the fix.
 */
import { expect } from 'chai';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { validateSchemaOnStartup } from '../../lib';
import { DIALECTS, type TestDatabase, type TestDialect, createDatabase } from '../support/databases';
import { findingTuples } from '../support/finding-tuples';

function cacheEntity(dialect: TestDialect) {
  const json = dialect === 'postgres' ? 'jsonb' : 'simple-json';
  const timestamp = dialect === 'postgres' ? 'timestamp' : 'datetime';

  @Entity('context_inheritance_cache')
  @Index('idx_cache_level', ['contextLevel'])
  @Index('idx_cache_expires', ['expiresAt'])
  @Index('idx_cache_invalidated', ['invalidated'])
  @Index('idx_cache_hit_count', ['hitCount'])
  @Index('idx_cache_last_hit', ['lastHit'])
  @Check('chk_cache_context_level', `context_level IN ('task', 'branch', 'project', 'global')`)
  class ContextInheritanceCache {
    @PrimaryGeneratedColumn('uuid') id!: string;
    @Column({ name: 'context_id', type: 'varchar' }) contextId!: string;
    @Column({ name: 'user_id', type: 'varchar', nullable: true }) userId!: string | null;
    @Column({ name: 'parent_chain', type: json, nullable: true }) parentChain!: string[] | null;
    @CreateDateColumn({ name: 'created_at' }) createdAt!: Date;
    @Column({ name: 'expires_at', type: timestamp, nullable: true }) expiresAt!: Date | null;
    // The nine columns the database lacked:
    @Column({ name: 'context_level', type: 'varchar', length: 50, nullable: true }) contextLevel!: string | null;
    @Column({ name: 'resolved_context', type: json, nullable: true }) resolvedContext!: object | null;
    @Column({ name: 'dependencies_hash', type: 'varchar', nullable: true }) dependenciesHash!: string | null;
    @Column({ name: 'resolution_path', type: 'varchar', nullable: true }) resolutionPath!: string | null;
    @Column({ name: 'hit_count', type: 'integer', default: 0 }) hitCount!: number;
    @Column({ name: 'last_hit', type: timestamp, nullable: true }) lastHit!: Date | null;
    @Column({ name: 'cache_size_bytes', type: 'integer', default: 0 }) cacheSizeBytes!: number;
    @Column({ type: 'boolean', default: false }) invalidated!: boolean;
    @Column({ name: 'invalidation_reason', type: 'varchar', nullable: true }) invalidationReason!: string | null;
  }
  return ContextInheritanceCache;
}

const BEFORE = {
  postgres: `CREATE TABLE context_inheritance_cache (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(), context_id varchar NOT NULL, context_type varchar(50),
    created_at timestamp NOT NULL DEFAULT now(), expires_at timestamp, parent_chain jsonb, resolved_data jsonb, user_id varchar)`,
  sqlite: `CREATE TABLE context_inheritance_cache (
    id varchar PRIMARY KEY NOT NULL, context_id varchar NOT NULL, context_type varchar(50),
    created_at datetime NOT NULL DEFAULT (datetime('now')), expires_at datetime, parent_chain text, resolved_data text, user_id varchar)`,
};

/** The incident's migration 004_fix_context_inheritance_cache.sql, in each dialect. */
function migration(dialect: TestDialect): string[] {
  const pg = dialect === 'postgres';
  const add = (column: string) => `ALTER TABLE context_inheritance_cache ADD COLUMN ${column}`;
  return [
    add('context_level VARCHAR(50)'),
    add(`resolved_context ${pg ? 'JSONB' : 'TEXT'}`),
    add(`dependencies_hash VARCHAR DEFAULT 'migration_default'`),
    add(`resolution_path VARCHAR DEFAULT 'direct'`),
    add('hit_count INTEGER NOT NULL DEFAULT 0'),
    add(`last_hit ${pg ? 'TIMESTAMP' : 'DATETIME'} DEFAULT CURRENT_TIMESTAMP`),
    add('cache_size_bytes INTEGER NOT NULL DEFAULT 0'),
    add('invalidated BOOLEAN NOT NULL DEFAULT FALSE'),
    add('invalidation_reason VARCHAR DEFAULT NULL'),
    'CREATE INDEX idx_cache_level ON context_inheritance_cache (context_level)',
    'CREATE INDEX idx_cache_expires ON context_inheritance_cache (expires_at)',
    'CREATE INDEX idx_cache_invalidated ON context_inheritance_cache (invalidated)',
    'CREATE INDEX idx_cache_hit_count ON context_inheritance_cache (hit_count)',
    'CREATE INDEX idx_cache_last_hit ON context_inheritance_cache (last_hit)',
    ...(pg
      ? [`ALTER TABLE context_inheritance_cache ADD CONSTRAINT chk_cache_context_level CHECK (context_level IN ('task', 'branch', 'project', 'global'))`]
      : []),
  ];
}

const NINE = [
  'cache_size_bytes',
  'context_level',
  'dependencies_hash',
  'hit_count',
  'invalidated',
  'invalidation_reason',
  'last_hit',
  'resolution_path',
  'resolved_context',
];

for (const dialect of DIALECTS) {
  describe(`incident 001 (cache table missing nine columns) on ${dialect}`, () => {
    let db: TestDatabase;
    beforeEach(async () => {
      db = await createDatabase(dialect);
      await db.exec(BEFORE[dialect]);
    });
    afterEach(() => db.dispose());

    it('reports all nine missing columns, the missing index and check; tolerates the legacy columns', async () => {
      const ds = await db.connect([cacheEntity(dialect)]);
      const report = await validateSchemaOnStartup(ds, { mode: 'warn', logger: { info() {}, warn() {}, error() {} } });
      expect(findingTuples(report.findings)).to.deep.equal([
        ...NINE.map((column) => `error missing_column context_inheritance_cache.${column}`),
        'info unexpected_column context_inheritance_cache.context_type',
        'info unexpected_column context_inheritance_cache.resolved_data',
        'warning missing_check context_inheritance_cache',
        'warning missing_index context_inheritance_cache.expires_at',
      ]);
      expect(report.findings.filter((f) => f.code === 'missing_column')).to.have.length(9);
    });

    it('has no error after the incident migration; what differs is reported at its true weight', async () => {
      for (const statement of migration(dialect)) await db.exec(statement);
      const ds = await db.connect([cacheEntity(dialect)]);
      const report = await validateSchemaOnStartup(ds);
      expect(report.ok).to.equal(true);
      expect(findingTuples(report.findings)).to.deep.equal([
        'info default_mismatch context_inheritance_cache.dependencies_hash',
        'info default_mismatch context_inheritance_cache.last_hit',
        'info default_mismatch context_inheritance_cache.resolution_path',
        'info unexpected_column context_inheritance_cache.context_type',
        'info unexpected_column context_inheritance_cache.resolved_data',
        // SQLite cannot add a CHECK to an existing table; the migration there leaves it out.
        ...(dialect === 'sqlite' ? ['warning missing_check context_inheritance_cache'] : []),
      ]);
    });
  });
}
