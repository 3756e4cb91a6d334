/** Literal expected-schema tables for pure tests: every field empty unless the test says otherwise. */
import type { ExpectedTable } from '../../lib/model/expected';

/** An entity's table named `name`, mapped by `entity`, with `extra` over empty defaults. */
export function expectedTable(name: string, entity: string, extra: Partial<ExpectedTable> = {}): ExpectedTable {
  return {
    name,
    kind: 'table',
    entity,
    role: 'entity',
    relations: [],
    loadedThrough: [],
    columns: [],
    primaryKey: [],
    foreignKeys: [],
    indexes: [],
    checks: [],
    ...extra,
  };
}
