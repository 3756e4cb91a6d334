/**
 * The two SelectQueryBuilder methods degrade mode intercepts, on the prototype reached through the
 * DataSource's own query builder (so a second copy or a fork of TypeORM gets its own patch):
 * `setFindOptions`, which every EntityManager / Repository find* goes through, and the internal
 * `join`, which leftJoin, innerJoinAndSelect, leftJoinAndMapMany... all call. Both fall straight
 * through for DataSources that are not degraded.
 */
import { SchemaGuardConfigError } from '../errors';
import { DegradedRelationError } from './degraded-relation-error';
import { type DegradationState, stateOf } from './degradation-state';
import { isPatched, patchMethod } from './prototype-patches';
import { assertFindCriteria } from './refuse-degraded-criteria';
import { stripFindOptions } from './strip-find-options';
import type { DataSourceLike, QueryBuilderLike } from '../typeorm/typeorm-shapes';

type Method = (this: QueryBuilderLike, ...args: unknown[]) => unknown;

/** Patches the SelectQueryBuilder prototype of this DataSource's TypeORM, once. */
export function installQueryBuilderPatches(dataSource: DataSourceLike): void {
  const prototype = Object.getPrototypeOf(dataSource.createQueryBuilder()) as Record<string, unknown>;
  if (isPatched(prototype, 'setFindOptions')) return;
  if (typeof prototype.setFindOptions !== 'function' || typeof prototype.join !== 'function') {
    throw new SchemaGuardConfigError(
      "mode 'degrade' needs TypeORM's SelectQueryBuilder.setFindOptions and join, which this TypeORM does not have; use mode 'throw' or 'warn'.",
      { option: 'mode' },
    );
  }
  patchMethod<Method>(prototype, 'setFindOptions', (original) => function setFindOptions(this: QueryBuilderLike, findOptions: unknown) {
    const state = queryBuilderState(this);
    const mainAlias = this.expressionMap?.mainAlias;
    // Alias.metadata throws when the alias has none (a subquery or raw table): ask hasMetadata first.
    const metadata = mainAlias?.hasMetadata ? mainAlias.metadata : undefined;
    if (!state || !metadata || !findOptions || typeof findOptions !== 'object') return original.call(this, findOptions);
    assertFindCriteria(state, metadata, findOptions);
    return original.call(this, stripFindOptions(state, metadata, findOptions as Record<string, unknown>));
  });
  patchMethod<Method>(prototype, 'join', (original) => function join(this: QueryBuilderLike, ...args: unknown[]) {
    const state = queryBuilderState(this);
    if (state) assertJoinable(state, this, args[1]);
    return original.apply(this, args);
  });
}

function queryBuilderState(queryBuilder: QueryBuilderLike): DegradationState | undefined {
  return stateOf(queryBuilder.dataSource ?? queryBuilder.connection);
}

/** Throws DegradedRelationError when `alias.relation` names a degraded relation. */
function assertJoinable(state: DegradationState, queryBuilder: QueryBuilderLike, entityOrProperty: unknown): void {
  if (typeof entityOrProperty !== 'string' || entityOrProperty.startsWith('(')) return;
  const dot = entityOrProperty.indexOf('.');
  if (dot <= 0) return;
  const parentAlias = entityOrProperty.slice(0, dot);
  const alias = queryBuilder.expressionMap.aliases.find((candidate) => candidate.name === parentAlias);
  if (!alias?.hasMetadata || !alias.metadata) return;
  const relation = alias.metadata.findRelationWithPropertyPath(entityOrProperty.slice(dot + 1));
  const degradation = relation && state.relations.get(relation);
  if (degradation) throw new DegradedRelationError(degradation.relation, degradation.finding);
}
