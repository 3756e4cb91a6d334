/**
 * A string-keyed cache holding at most `limit` entries, for results computed from schema text (DDL,
 * declared types, defaults) that repeated validations see unchanged. Values must be treated as
 * immutable by callers: they are shared between hits.
 *
 * When full it drops the oldest entry (first in, first out). A hit changes nothing: an LRU's
 * delete-and-reinsert on every hit cost more than the parsing it saved, and a schema that outgrows
 * the limit is re-read whole on each validation anyway, so recency would not help.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly limit: number) {}

  /** The cached value for `key`, computing and storing it on a miss. */
  get(key: string, compute: (key: string) => V): V {
    const hit = this.entries.get(key);
    if (hit !== undefined || this.entries.has(key)) return hit as V;
    const value = compute(key);
    this.entries.set(key, value);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
