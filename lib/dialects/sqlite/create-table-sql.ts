/**
 * The `CREATE TABLE` and `CREATE INDEX` text of a table shape, spelled as TypeORM's SQLite query
 * runner spells them (`AbstractSqliteQueryRunner.createTableSql` / `buildCreateColumnSql`), with
 * every identifier quoted and every literal escaped, so hostile names survive.
 */
import type { CheckModel, ColumnModel, ForeignKeyModel, IndexModel } from '../../model/schema';
import { quoteSqliteIdentifier as quote } from './index';

/** A column of a {@link TableShape}. */
export interface ShapeColumn extends Pick<ColumnModel, 'name' | 'displayType' | 'isNullable' | 'default' | 'generation' | 'generationExpression' | 'isStored'> {
  /** Values of TypeORM's inline enum `CHECK( "c" IN (...) )`, when the column carries it. */
  enumValues?: readonly string[];
}

/** Everything the rebuild declares for one table. */
export interface TableShape {
  schema?: string;
  name: string;
  columns: readonly ShapeColumn[];
  primaryKey: readonly string[];
  /** UNIQUE constraints declared in the table. */
  uniques: readonly IndexModel[];
  checks: readonly CheckModel[];
  foreignKeys: readonly (ForeignKeyModel & { readonly isDeferrable?: boolean })[];
  /** Indexes created after the table, with `CREATE INDEX`. */
  indexes: readonly IndexModel[];
}

/** `"schema"."name"`, or `"name"` in `main`. */
export function qualifiedName(schema: string | undefined, name: string): string {
  return schema === undefined ? quote(name) : `${quote(schema)}.${quote(name)}`;
}

/** A string literal: `'it''s'`. */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `CREATE TABLE <tableName> (...)` for the shape, under the name given (the rebuild's `new_<table>`). */
export function createTableSql(shape: TableShape, tableName: string): string {
  const isCompositeKey = shape.primaryKey.length > 1;
  const parts = shape.columns.map((column) => columnSql(column, !isCompositeKey && shape.primaryKey[0] === column.name));
  for (const unique of shape.uniques) parts.push(`${constraintName(unique.name)}UNIQUE (${unique.columns.map(quote).join(', ')})`);
  for (const check of shape.checks) parts.push(`${constraintName(check.name)}CHECK (${check.expression})`);
  for (const foreignKey of shape.foreignKeys) parts.push(foreignKeySql(foreignKey, shape.schema));
  if (isCompositeKey) parts.push(`PRIMARY KEY (${shape.primaryKey.map(quote).join(', ')})`);
  return `CREATE TABLE ${qualifiedName(shape.schema, tableName)} (${parts.join(', ')})`;
}

/** `CREATE [UNIQUE] INDEX` for one index of the shape; undefined when the model cannot spell it again. */
export function createIndexSql(shape: TableShape, index: IndexModel): string | undefined {
  if (!index.name) return undefined;
  let terms: string;
  if (index.expression !== undefined) {
    // The model keeps expression terms apart from column terms, so a mixed index loses its order.
    if (index.columns.length > 0) return undefined;
    terms = index.expression;
  } else {
    terms = index.columns.map(quote).join(', ');
  }
  const where = index.where ? ` WHERE ${index.where}` : '';
  // SQLite puts the schema on the index name; the table in ON must be unqualified.
  return `CREATE ${index.isUnique ? 'UNIQUE ' : ''}INDEX ${qualifiedName(shape.schema, index.name)} ON ${quote(shape.name)} (${terms})${where}`;
}

function columnSql(column: ShapeColumn, isInlineKey: boolean): string {
  let sql = quote(column.name);
  if (column.displayType) sql += ` ${column.displayType}`;
  if (column.enumValues) sql += ` CHECK( ${quote(column.name)} IN (${column.enumValues.map(quoteLiteral).join(',')}) )`;
  if (isInlineKey) {
    sql += ' PRIMARY KEY';
    // AUTOINCREMENT is allowed only on an INTEGER PRIMARY KEY (the rowid alias).
    if (column.generation === 'increment' && column.displayType.trim().toLowerCase() === 'integer') sql += ' AUTOINCREMENT';
  }
  if (!column.isNullable) sql += ' NOT NULL';
  if (column.generation === 'computed' && column.generationExpression !== undefined) {
    sql += ` AS (${column.generationExpression}) ${column.isStored ? 'STORED' : 'VIRTUAL'}`;
  } else if (column.default !== undefined) {
    sql += ` DEFAULT (${column.default})`;
  }
  return sql;
}

function foreignKeySql(foreignKey: TableShape['foreignKeys'][number], schema: string | undefined): string {
  // SQLite resolves REFERENCES in the referencing table's own database, so the target is unqualified.
  const prefix = schema === undefined ? '' : `${schema}.`;
  const referenced = prefix && foreignKey.referencedTable.startsWith(prefix) ? foreignKey.referencedTable.slice(prefix.length) : foreignKey.referencedTable;
  let sql = `${constraintName(foreignKey.name)}FOREIGN KEY (${foreignKey.columns.map(quote).join(', ')}) REFERENCES ${quote(referenced)} (${foreignKey.referencedColumns.map(quote).join(', ')})`;
  sql += ` ON DELETE ${foreignKey.onDelete.toUpperCase()} ON UPDATE ${foreignKey.onUpdate.toUpperCase()}`;
  if (foreignKey.isDeferrable) sql += ' DEFERRABLE INITIALLY DEFERRED';
  return sql;
}

function constraintName(name: string | undefined): string {
  return name ? `CONSTRAINT ${quote(name)} ` : '';
}
