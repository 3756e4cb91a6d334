/**
 * Generated entity sets for the benchmark, as `EntitySchema` definitions (no decorators) so the same
 * definitions load into TypeORM 1.x and into the TypeORM 0.3 copy used for the sqlite3 driver.
 *
 * Every entity has ten columns (serial key, varchar, varchar, numeric, int, bool, enum, json,
 * timestamp with a default, a foreign key to the previous entity), a unique, a check and two
 * indexes. Every constraint is named, so the drift step can address it and both tools see stable names.
 */
import type { EntitySchema, EntitySchemaOptions } from 'typeorm';

/** Which column types to use: PostgreSQL's native ones, or TypeORM's portable ones on SQLite. */
export type EntityDialect = 'postgres' | 'sqlite';

/** The `EntitySchema` class of whichever TypeORM copy will load the entities. */
export type EntitySchemaClass = new (options: EntitySchemaOptions<unknown>) => EntitySchema<unknown>;

/** The names one generated entity gives its table and constraints. */
export interface GeneratedTable {
  entity: string;
  table: string;
  /** The entity and table its `parent_id` references (itself for the first one). */
  parentEntity: string;
  parentTable: string;
  nameIndex: string;
  statusIndex: string;
  unique: string;
  check: string;
  foreignKey: string;
}

/** Names of the `index`-th generated entity (0-based). */
export function describeTable(index: number): GeneratedTable {
  const id = String(index).padStart(4, '0');
  const parent = String(Math.max(0, index - 1)).padStart(4, '0');
  return {
    entity: `Bench${id}`,
    table: `bench_${id}`,
    parentEntity: `Bench${parent}`,
    parentTable: `bench_${parent}`,
    nameIndex: `IDX_bench_${id}_name`,
    statusIndex: `IDX_bench_${id}_status_created`,
    unique: `UQ_bench_${id}_code`,
    check: `CHK_bench_${id}_quantity`,
    foreignKey: `FK_bench_${id}_parent`,
  };
}

/**
 * `count` entity schemas for `dialect`, built with the given `EntitySchema` class.
 *
 * @example
 * const { EntitySchema } = require('typeorm-0.3');
 * const entities = generateEntities(EntitySchema, 100, 'sqlite');
 */
export function generateEntities(EntitySchemaCtor: EntitySchemaClass, count: number, dialect: EntityDialect): EntitySchema<unknown>[] {
  const entities: EntitySchema<unknown>[] = [];
  for (let i = 0; i < count; i++) entities.push(new EntitySchemaCtor(entityOptions(describeTable(i), dialect)));
  return entities;
}

function entityOptions(names: GeneratedTable, dialect: EntityDialect): EntitySchemaOptions<unknown> {
  const isPostgres = dialect === 'postgres';
  return {
    name: names.entity,
    tableName: names.table,
    columns: {
      id: { type: 'int', primary: true, generated: 'increment' },
      name: { type: 'varchar', length: 100 },
      code: { type: 'varchar', length: 32 },
      price: { type: 'numeric', precision: 10, scale: 2, default: 0 },
      quantity: { type: 'int' },
      active: { type: 'boolean', default: true },
      status: { type: isPostgres ? 'enum' : 'simple-enum', enum: ['draft', 'active', 'archived'], default: 'draft' },
      payload: { type: isPostgres ? 'jsonb' : 'simple-json', nullable: true },
      createdAt: {
        name: 'created_at',
        type: isPostgres ? 'timestamp' : 'datetime',
        default: isPostgres ? () => 'now()' : () => "datetime('now')",
      },
    },
    relations: {
      parent: {
        type: 'many-to-one',
        target: names.parentEntity,
        nullable: true,
        onDelete: 'CASCADE',
        joinColumn: { name: 'parent_id', foreignKeyConstraintName: names.foreignKey },
      },
    },
    uniques: [{ name: names.unique, columns: ['code'] }],
    checks: [{ name: names.check, expression: '"quantity" >= 0' }],
    indices: [
      { name: names.nameIndex, columns: ['name'] },
      { name: names.statusIndex, columns: ['status', 'createdAt'] },
    ],
  };
}
