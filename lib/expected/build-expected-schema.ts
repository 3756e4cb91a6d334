/**
 * TypeORM entity metadata -> the expected schema. Reads only `dataSource.entityMetadatas` after
 * `initialize()` (metadata can depend on runtime setup), and turns each column into what
 * TypeORM's own schema builder would create, through the driver's own helpers
 * (`normalizeType`, `getColumnLength`, and `normalizeDefault` on SQLite), so that "expected" means
 * exactly "what `synchronize` would have made". Two PostgreSQL exceptions: defaults are the entity's
 * own declaration (see declared-default.ts), and names are cut to 63 bytes as the server cuts them.
 */
import type { ExpectedColumn, ExpectedForeignKey, ExpectedIndex, ExpectedSchema, ExpectedTable, ExpectedTableRole } from '../model/expected';
import { type ColumnGeneration, type Dialect, type Draft, tableKey } from '../model/schema';
import type { DialectAdapter } from '../dialects/dialect';
import { dialectAdapter } from '../dialects/dialect-adapter';
import { declaredDefault } from './declared-default';
import { mergeExpectedTables } from './merge-expected-tables';
import { relationKey } from '../typeorm/relation-key';
import type { ColumnMeta, DriverLike, EntityMeta } from '../typeorm/typeorm-shapes';

/** Options of {@link buildExpectedSchema}. */
export interface BuildExpectedOptions {
  dialect: Dialect;
  /** The database's default schema (`current_schema()`, or `main`). */
  defaultSchema: string;
}

/** The schemas the entities name (besides the default one), so introspection can read just those. */
export function collectEntitySchemas(metadatas: EntityMeta[], driver: DriverLike): string[] {
  const schemas = new Set<string>();
  for (const metadata of metadatas) {
    const schema = metadata.schema ?? driver.options.schema ?? attachedSchemaOf(metadata, driver);
    if (schema) schemas.add(schema);
  }
  return [...schemas];
}

/**
 * On SQLite, the schema name of the attached database an entity lives in: TypeORM attaches the
 * file of its `database` option under a handle and qualifies the table with it (`tablePath`).
 */
function attachedSchemaOf(metadata: EntityMeta, driver: DriverLike): string | undefined {
  if (!metadata.database || typeof driver.getAttachedDatabaseHandleByRelativePath !== 'function') return undefined;
  return driver.getAttachedDatabaseHandleByRelativePath(metadata.database) || undefined;
}

/** Builds the expected schema from the DataSource's entity metadata. */
export function buildExpectedSchema(
  metadatas: EntityMeta[],
  driver: DriverLike,
  options: BuildExpectedOptions,
): ExpectedSchema {
  const adapter = dialectAdapter(options.dialect);
  const junctionRelations = collectJunctionRelations(metadatas);
  const loadedThrough = collectIncomingRelations(metadatas);
  const keyOf = (metadata: EntityMeta) =>
    tableKey(schemaOf(metadata, driver, adapter), metadata.tableName, options.defaultSchema);
  const mapped = new Map<string, ExpectedTable[]>();

  for (const metadata of metadatas) {
    // Single-table-inheritance children live in their parent's table, whose metadata lists their columns.
    if (metadata.tableType === 'entity-child') continue;
    const role = roleOf(metadata);
    const relations = junctionRelations.get(metadata) ?? [];
    const entity = role === 'junction' && relations.length > 0 ? relations[0].split('.')[0] : metadata.name;
    const junctionRelation = relations[0];
    const columns = metadata.columns
      .filter((column) => !column.isVirtualProperty)
      .map((column) => buildColumn(metadata, column, driver, adapter, junctionRelation));
    const tableSchema = schemaOf(metadata, driver, adapter);
    const table: ExpectedTable = {
      schema: tableSchema === options.defaultSchema ? undefined : tableSchema,
      name: metadata.tableName,
      kind: role === 'view' ? 'view' : 'table',
      entity,
      role,
      relations,
      loadedThrough: loadedThrough.get(metadata) ?? [],
      columns,
      primaryKey: role === 'view' ? [] : metadata.primaryColumns.map((column) => column.databaseName),
      foreignKeys: role === 'view' ? [] : buildForeignKeys(metadata, keyOf, junctionRelation),
      indexes: role === 'view' ? [] : buildIndexes(metadata),
      checks: role === 'view' ? [] : metadata.checks.map((check) => ({ name: check.name, expression: check.expression })),
      softDeleteColumn: metadata.deleteDateColumn?.databaseName,
    };
    // TypeORM creates an entity's enum types in the entity's schema; outside the default one the model names them qualified.
    if (table.schema !== undefined) for (const column of columns) qualifyEnumName(column, table.schema);
    const key = keyOf(metadata);
    mapped.set(key, [...(mapped.get(key) ?? []), table]);
  }
  const tables = new Map([...mapped].map(([key, shared]) => [key, mergeExpectedTables(shared)]));
  const schema: ExpectedSchema = { dialect: options.dialect, defaultSchema: options.defaultSchema, tables };
  return adapter.toStoredNames(schema);
}

function schemaOf(metadata: EntityMeta, driver: DriverLike, adapter: DialectAdapter): string | undefined {
  if (adapter.hasAttachedDatabases) return attachedSchemaOf(metadata, driver);
  return metadata.schema ?? driver.options.schema ?? undefined;
}

function roleOf(metadata: EntityMeta): ExpectedTableRole {
  switch (metadata.tableType) {
    case 'view':
      return 'view';
    case 'junction':
      return 'junction';
    case 'closure-junction':
      return 'closure';
    default:
      return 'entity';
  }
}

/** `Entity.property` of every many-to-many relation, keyed by the junction table's metadata. */
function collectJunctionRelations(metadatas: EntityMeta[]): Map<EntityMeta, string[]> {
  const result = new Map<EntityMeta, string[]>();
  for (const metadata of metadatas) {
    for (const relation of metadata.relations) {
      if (!relation.junctionEntityMetadata) continue;
      const list = result.get(relation.junctionEntityMetadata) ?? [];
      const name = relationKey(relation);
      // The owning side first: it is the one that declares the junction table.
      if (relation.isOwning) list.unshift(name);
      else list.push(name);
      result.set(relation.junctionEntityMetadata, list);
    }
  }
  return result;
}

/** `Entity.property` of every relation, keyed by the metadata whose table it loads. */
function collectIncomingRelations(metadatas: EntityMeta[]): Map<EntityMeta, string[]> {
  const result = new Map<EntityMeta, string[]>();
  for (const metadata of metadatas) {
    for (const relation of metadata.relations) {
      if (relation.inverseEntityMetadata.tableName === metadata.tableName) continue;
      let target = relation.inverseEntityMetadata;
      // A single-table-inheritance child is loaded from its parent's table.
      while (target.tableType === 'entity-child' && target.parentEntityMetadata) target = target.parentEntityMetadata;
      const list = result.get(target) ?? [];
      list.push(relationKey(relation));
      result.set(target, list);
    }
  }
  return result;
}

function buildColumn(
  metadata: EntityMeta,
  column: ColumnMeta,
  driver: DriverLike,
  adapter: DialectAdapter,
  junctionRelation: string | undefined,
): Draft<ExpectedColumn> {
  const type = String(driver.normalizeType(column) ?? '').toLowerCase();
  const length = parseNumber(driver.getColumnLength(column));
  const generation = generationOf(column, adapter);
  const enumValues = column.enum ? column.enum.map((value) => String(value)) : undefined;
  const relation = column.relationMetadata ? relationKey(column.relationMetadata) : junctionRelation;
  return {
    name: column.databaseName,
    type,
    displayType: displayTypeOf(type, length, column, adapter, metadata),
    length,
    precision: column.precision ?? undefined,
    scale: column.scale ?? undefined,
    isArray: Boolean(column.isArray),
    enumValues,
    enumName: enumValues && adapter.hasEnumTypes ? enumNameOf(metadata, column) : undefined,
    isNullable: column.isPrimary ? false : Boolean(column.isNullable),
    // A generated column's value comes from the database or TypeORM, not from a default. Not
    // TypeORM's normalizeDefault() on PostgreSQL: it rewrites the declaration (see declared-default.ts).
    default: generation ? undefined : declaredDefault(column, driver, adapter.dialect),
    generation,
    generationExpression: column.asExpression,
    // TypeORM declares VIRTUAL unless told otherwise (AbstractSqliteQueryRunner.buildCreateColumnSql).
    isStored: column.asExpression ? column.generatedType === 'STORED' : undefined,
    property: `${metadata.name}.${column.propertyPath}`,
    relation,
    isJoinColumn: Boolean(column.relationMetadata) || junctionRelation !== undefined,
    hasTransformer: column.transformer !== undefined && column.transformer !== null,
    isPrimary: column.isPrimary,
    entityType: entityTypeOf(column.type),
  };
}

function entityTypeOf(type: unknown): string | undefined {
  if (typeof type === 'string') return type;
  return typeof type === 'function' && type.name ? type.name : undefined;
}

function generationOf(column: ColumnMeta, adapter: DialectAdapter): ColumnGeneration | undefined {
  if (column.asExpression) return 'computed';
  if (!column.isGenerated) return undefined;
  // `@PrimaryGeneratedColumn('identity')` has strategy 'identity': GENERATED ... AS IDENTITY, an increment too.
  if (column.generationStrategy === 'increment' || column.generationStrategy === 'rowid' || column.generationStrategy === 'identity') {
    return 'increment';
  }
  // Where TypeORM generates UUIDs in JavaScript (SQLite), the database has nothing to provide.
  if (column.generationStrategy === 'uuid') return adapter.generatesUuids ? 'uuid' : undefined;
  return undefined;
}

function enumNameOf(metadata: EntityMeta, column: ColumnMeta): string {
  // TypeORM's default enum type name, as PostgresQueryRunner.buildEnumName builds it.
  return column.enumName ?? `${metadata.tableName}_${column.databaseName.toLowerCase()}_enum`;
}

function qualifyEnumName(column: Draft<ExpectedColumn>, schema: string): void {
  if (!column.enumName || column.enumName.includes('.')) return;
  column.displayType = column.displayType.replace(`"${column.enumName}"`, `"${schema}"."${column.enumName}"`);
  column.enumName = `${schema}.${column.enumName}`;
}

function displayTypeOf(
  type: string,
  length: number | undefined,
  column: ColumnMeta,
  adapter: DialectAdapter,
  metadata: EntityMeta,
): string {
  let base = type;
  if (type === 'enum' && adapter.hasEnumTypes) base = `"${enumNameOf(metadata, column)}"`;
  else if (length !== undefined) base = `${type}(${length})`;
  else if (column.precision !== undefined && column.precision !== null) {
    const modifier = column.scale !== undefined && column.scale !== null ? `(${column.precision},${column.scale})` : `(${column.precision})`;
    // PostgreSQL spells the modifier of time types inside the name: `timestamp(3) with time zone`.
    const zone = / with(out)? time zone$/.exec(type);
    base = zone ? `${type.slice(0, zone.index)}${modifier}${zone[0]}` : `${type}${modifier}`;
  }
  return column.isArray ? `${base}[]` : base;
}

function buildForeignKeys(
  metadata: EntityMeta,
  keyOf: (metadata: EntityMeta) => string,
  junctionRelation: string | undefined,
): ExpectedForeignKey[] {
  return metadata.foreignKeys.map((foreignKey) => {
    const columns = foreignKey.columns.map((column) => column.databaseName);
    const owner = metadata.relations.find(
      (relation) =>
        relation.joinColumns.length === columns.length &&
        relation.joinColumns.every((column, i) => column.databaseName === columns[i]),
    );
    return {
      name: foreignKey.name,
      columns,
      referencedTable: keyOf(foreignKey.referencedEntityMetadata),
      referencedColumns: foreignKey.referencedColumns.map((column) => column.databaseName),
      onDelete: normalizeAction(foreignKey.onDelete),
      onUpdate: normalizeAction(foreignKey.onUpdate),
      ...(foreignKey.deferrable ? { isDeferrable: true } : {}),
      relation: owner ? relationKey(owner) : junctionRelation,
    };
  });
}

/** TypeORM leaves an unspecified action undefined; the database then applies NO ACTION. */
function normalizeAction(action: string | undefined): string {
  return (action ?? 'NO ACTION').toLowerCase();
}

function buildIndexes(metadata: EntityMeta): ExpectedIndex[] {
  const indexes: ExpectedIndex[] = metadata.indices
    // TypeORM's schema builder leaves `synchronize: false` indexes to the user; so do we.
    .filter((index) => index.synchronize !== false)
    .map((index) => ({
      name: index.name,
      columns: index.columns.map((column) => column.databaseName),
      isUnique: index.isUnique,
      where: index.where || undefined,
    }));
  for (const unique of metadata.uniques) {
    indexes.push({
      name: unique.name,
      columns: unique.columns.map((column) => column.databaseName),
      isUnique: true,
      isConstraint: true,
    });
  }
  return indexes;
}

function parseNumber(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
