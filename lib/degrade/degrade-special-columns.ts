/**
 * The columns TypeORM writes or filters on by itself: `@DeleteDateColumn`, `@UpdateDateColumn` and
 * `@VersionColumn`. Leaving one out of SELECT / INSERT / UPDATE is not enough: TypeORM still adds
 * `deleted_at IS NULL` to every select and join, sets `updated_at = CURRENT_TIMESTAMP` and
 * `version = version + 1` on every update, and reads them back afterwards. This takes the entity's
 * pointer to a degraded one away, so TypeORM treats the entity as one without that column.
 */
import type { ColumnDegradation } from '../model/finding';
import type { DegradationState } from './degradation-state';
import type { ColumnMeta, DataSourceLike } from '../typeorm/typeorm-shapes';

type SpecialPointer = 'deleteDateColumn' | 'updateDateColumn' | 'versionColumn';
type SpecialFlag = 'isUpdateDate' | 'isVersion';
/** The entity-metadata fields and column flags TypeORM consults for the automatic columns. */
type SpecialEntity = { name: string } & Partial<Record<SpecialPointer, ColumnMeta>>;
type SpecialColumn = ColumnMeta & Partial<Record<SpecialFlag, boolean>>;

/** What leaving each automatic column out changes, for the log line. */
const CONSEQUENCES: Record<SpecialPointer, string> = {
  deleteDateColumn:
    'no row can be soft-deleted, so selects no longer add its IS NULL condition; softDelete, softRemove, restore and recover ' +
    'of this entity are refused before any SQL (MissingDeleteDateColumnError)',
  updateDateColumn: 'updates no longer set it automatically',
  versionColumn: 'updates no longer increment it; an optimistic-lock find on this entity is refused by TypeORM',
};

/**
 * Turns off TypeORM's automatic handling of degraded delete-date, update-date and version
 * columns, recording the undo. A delete-date column is taken away only when it is missing: one
 * that exists with another type may mark rows as deleted, and its `IS NULL` filter still works.
 */
export function degradeSpecialColumns(dataSource: DataSourceLike, state: DegradationState): void {
  for (const metadata of dataSource.entityMetadatas as unknown as SpecialEntity[]) {
    for (const pointer of Object.keys(CONSEQUENCES) as SpecialPointer[]) {
      const column = metadata[pointer] as SpecialColumn | undefined;
      const degradation = column && state.columns.get(column);
      if (!column || !degradation) continue;
      if (pointer === 'deleteDateColumn' && degradation.finding.code !== 'missing_column') continue;
      metadata[pointer] = undefined;
      state.undo.push(() => void (metadata[pointer] = column));
      // The flags put the column into the RETURNING list (or follow-up SELECT) after an update or upsert.
      for (const flag of ['isUpdateDate', 'isVersion'] as const) {
        if (!column[flag]) continue;
        column[flag] = false;
        state.undo.push(() => void (column[flag] = true));
      }
      logSpecialColumn(state, degradation, pointer);
    }
  }
}

function logSpecialColumn(state: DegradationState, degradation: ColumnDegradation, pointer: SpecialPointer): void {
  state.logger.warn(
    { schemaGuard: { degraded: degradation, automaticColumn: pointer } },
    `schema degrade: ${degradation.property} is TypeORM's ${pointer} and is degraded (${degradation.finding.code}): ${CONSEQUENCES[pointer]}.`,
  );
}
