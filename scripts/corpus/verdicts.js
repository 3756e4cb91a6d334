/**
 * The judged truth about every finding group the corpus produced (at main 9cfce88, and again after
 * the rule fixes): which are false positives (and why), which are real but one severity too high,
 * and which are real. Each verdict names the check used (catalog vs entity source, or TypeORM's own
 * save/find on the built database; see docs/accuracy.md). judge.js applies them to a result file.
 * The false-positive and too-high rules of 9cfce88 stay as traps for regressions. The last rule
 * matches everything else as 'unjudged': a finding no rule explains must be looked at and judged
 * here, never counted as real by default.
 *
 * verdict: 'fp' (no real difference, or one that changes nothing), 'too-high' (real, but TypeORM's
 * reads and writes do not fail every time: at most a warning), 'real', 'unjudged'. `infoOk`: the
 * difference is worth an info at most, so an info finding of that cause counts as real.
 */
const UNLENGTHED = new Set(['text', 'character varying']);
const isText = (value) => typeof value === 'string' && UNLENGTHED.has(value.replace(/ \(as .*\)$/, ''));
const key = (f) => `${f.table}.${f.column ?? ''}`;
const inList = (list) => (f) => list.includes(key(f));
const STRING_TYPE = /^(varchar|character varying|text)(\(\d+\))?$/;
const INTEGER_TYPE = /^(int|integer)$/i;
const lengthOf = (type) => (/\((\d+)\)$/.exec(type ?? '') || [])[1];

/** Tables that several metadatas map (an explicit entity and/or junctions), per app. */
const MULTI = {
  n8n: ['folder_tag', 'workflows_tags', 'execution_annotation_tags'],
  medusa: [
    'discount_condition_customer_group', 'discount_condition_product', 'discount_condition_product_collection',
    'discount_condition_product_tag', 'discount_condition_product_type', 'product_tax_rate', 'product_type_tax_rate',
    'product_variant_money_amount', 'publishable_api_key_sales_channel', 'shipping_tax_rate', 'product_sales_channel',
    'product_shipping_profile', 'product_category_product',
  ],
};

module.exports = [
  // ---- false positives
  { verdict: 'fp', cause: 'timestamp-default', code: 'default_mismatch', test: (f) => /^\('now'::text\)::timestamp/.test(f.expected ?? '') && /^CURRENT_TIMESTAMP(\(\d\))?$|^now\(\)$/i.test(f.actual ?? ''),
    why: "the entity declares CURRENT_TIMESTAMP(n); the expected side is TypeORM's normalizeDefault rewrite of it" },
  { verdict: 'fp', infoOk: true, cause: 'varchar-is-text', code: 'type_mismatch', dialect: 'postgres', test: (f) => isText(f.expected) && isText(f.actual),
    why: 'varchar without a length and text are the same type in PostgreSQL' },
  { verdict: 'fp', cause: 'varchar-is-text', code: 'foreign_key_type_mismatch', dialect: 'postgres', test: (f) => isText(f.expected) && isText(f.actual),
    why: 'a text column referencing an unlengthed varchar key is a valid foreign key (the constraint exists or can be created; the join uses the index)' },
  { verdict: 'fp', cause: 'default-null', code: 'default_mismatch', test: (f) => /^NULL(::[\w ]+)?$/i.test(f.actual ?? '') && f.expected === undefined,
    why: 'DEFAULT NULL (with a cast) is no default' },
  { verdict: 'fp', infoOk: true, cause: 'restrict-is-no-action', code: 'foreign_key_mismatch', test: (f) => /RESTRICT/.test(f.actual ?? '') && !/CASCADE|SET/.test(`${f.actual}`) && !/CASCADE|SET/.test(`${f.expected}`),
    why: 'RESTRICT and NO ACTION are the same for a non-deferrable foreign key' },
  { verdict: 'fp', infoOk: true, cause: 'json-over-text', code: 'type_mismatch', dialect: 'sqlite', test: (f) => f.expected === 'json' && /^TEXT$/i.test(f.actual ?? ''),
    why: 'TypeORM stores json as JSON text on SQLite; a TEXT column stores the same text' },
  { verdict: 'fp', cause: 'covered-index', code: 'missing_index', app: 'n8n',
    test: inList(['folder_tag.folderId', 'role_scope.roleSlug', 'role_mapping_rule_project.roleMappingRuleId']),
    why: 'the declared column is the leading column of the primary key' },
  { verdict: 'fp', cause: 'covered-index', code: 'missing_index', app: 'medusa',
    test: inList(['product_variant_inventory_item.variant_id', 'publishable_api_key_sales_channel.sales_channel_id']),
    why: 'the declared column leads the primary key or a full unique index' },
  { verdict: 'fp', infoOk: true, cause: 'partial-not-null', code: 'missing_index', app: 'n8n', test: inList(['workflow_entity.sourceWorkflowId']),
    why: 'a partial index WHERE col IS NOT NULL serves every equality lookup on col' },
  { verdict: 'fp', cause: 'several-metadatas', app: 'medusa', code: 'unexpected_column',
    // PublishableApiKeySalesChannel extends BaseEntity: its deleted_at really is unmapped.
    test: (f) => MULTI.medusa.includes(f.table) && key(f) !== 'publishable_api_key_sales_channel.deleted_at',
    why: 'the column is mapped by the explicit entity on the same table; the junction metadata replaced it' },
  { verdict: 'fp', cause: 'several-metadatas', app: 'medusa', code: 'primary_key_mismatch', test: inList(['product_variant_money_amount.']),
    why: 'the primary key (id) is the explicit ProductVariantMoneyAmount entity’s' },
  { verdict: 'fp', cause: 'several-metadatas', app: 'medusa', code: 'foreign_key_mismatch',
    test: (f) => MULTI.medusa.includes(f.table) && f.table !== 'product_category_product' && f.actual === 'ON DELETE CASCADE ON UPDATE NO ACTION',
    why: 'the explicit entity on the table declares exactly the database’s actions (onDelete CASCADE, no onUpdate)' },
  { verdict: 'fp', cause: 'several-metadatas', app: 'n8n', code: 'foreign_key_mismatch',
    test: (f) => MULTI.n8n.includes(f.table) && f.expected === 'ON DELETE CASCADE ON UPDATE CASCADE' && f.actual === 'ON DELETE CASCADE ON UPDATE NO ACTION',
    why: 'ON DELETE CASCADE is the junction’s, ON UPDATE NO ACTION the explicit mapping entity’s: each action matches one metadata of the table' },
  { verdict: 'fp', cause: 'sqlite-generated-uuid', code: 'type_mismatch', dialect: 'sqlite', app: 'flowise', test: (f) => f.column === 'id' && f.actual === 'uuid',
    why: 'TypeORM generates a hyphenated UUID for these primary keys; NUMERIC affinity never converts it' },

  // ---- real, but TypeORM's reads and writes do not fail every time
  { verdict: 'too-high', cause: 'string-over-integer', code: 'type_mismatch', severity: 'error', test: (f) => /varchar|character varying|text/.test(f.expected ?? '') && /^int(eger)?$/i.test(f.actual ?? ''),
    why: "numeric strings are coerced ('42' saved and found back as 42 on n8n's execution_metadata); only non-numeric strings fail" },
  { verdict: 'too-high', cause: 'string-over-integer', code: 'foreign_key_type_mismatch', severity: 'error', dialect: 'sqlite', app: 'n8n', test: inList(['workflows_tags.tagId']),
    why: 'nanoid tag ids are stored as text in the INTEGER-affinity column and compare equal in the join; only all-digit ids would convert' },
  { verdict: 'too-high', cause: 'no-pk-unique-index', code: 'primary_key_mismatch', severity: 'error', app: 'medusa', test: inList(['product_category_product.', 'product_shipping_profile.']),
    why: 'no primary key, but a unique index on exactly the key columns addresses rows uniquely' },
  { verdict: 'too-high', cause: 'no-pk-generated-id', code: 'primary_key_mismatch', severity: 'error', app: 'flowise', test: inList(['login_activity.']),
    why: 'no primary key constraint; ids come from uuid_generate_v4(); TypeORM save, update, find and remove all work (checked)' },
  { verdict: 'too-high', cause: 'simple-json-over-jsonb', code: 'type_mismatch', severity: 'error', app: 'flowise', test: inList(['apikey.permissions']),
    why: 'simple-json over jsonb: saved ["chatflows:view","x"] and found the same array back (checked)' },
  { verdict: 'too-high', cause: 'sqlite-uuid-affinity', code: 'type_mismatch', severity: 'error', dialect: 'sqlite', app: 'flowise', test: (f) => f.actual === 'uuid',
    why: 'a plain string property over a uuid (NUMERIC affinity) column: UUIDs stay text, only numeric-looking strings come back as numbers' },

  // ---- real: errors (each fails every time it is queried; docs/accuracy.md "Real errors")
  { verdict: 'real', cause: 'missing-table', code: 'missing_table', app: 'medusa', test: inList(['order_sales_channel.']),
    why: 'OrderSalesChannel is registered whatever the flags; its table is created only with the medusa_v2 flag' },
  { verdict: 'real', cause: 'missing-table', code: 'missing_table', app: 'flowise', test: inList(['workspace_users.']),
    why: 'legacy entity WorkspaceUsers; the migrations replaced the table by workspace_user' },
  { verdict: 'real', cause: 'table-created-at-runtime', code: 'missing_table', app: 'flowise', test: inList(['login_sessions.']),
    why: 'not created by any migration: the session store creates it at startup (createTableIfMissing)' },
  { verdict: 'real', cause: 'feature-flagged-entity', code: 'missing_column', app: 'medusa', test: (f) => f.table === 'product_sales_channel' && f.entity === 'ProductSalesChannel',
    why: 'ProductSalesChannel (used only with the medusa_v2 flag) maps id/created_at/updated_at that only the medusa_v2 migration adds; every load of it fails' },

  // ---- real: warnings and info, one rule per group (checked as each why says)
  { verdict: 'real', cause: 'full-unique-for-partial', code: 'missing_unique', severity: 'warning', app: 'medusa', test: inList(['invite.user_email']),
    why: 'declared UNIQUE (user_email) WHERE deleted_at IS NULL, catalog has a full unique index: re-inviting the e-mail of a soft-deleted invite fails (checked: Invite saved, softRemove()d, a new Invite with the same e-mail: duplicate key)' },
  { verdict: 'real', infoOk: true, cause: 'junction-on-update-default', code: 'foreign_key_mismatch', test: (f) => f.expected === 'ON DELETE CASCADE ON UPDATE CASCADE' && f.actual === 'ON DELETE CASCADE ON UPDATE NO ACTION',
    why: "TypeORM's junction default ON UPDATE CASCADE; the migration wrote NO ACTION (matters only when a key changes)" },
  { verdict: 'real', cause: 'fk-actions', code: 'foreign_key_mismatch', severity: 'warning', test: (f) => /CASCADE|SET/.test(`${f.expected} ${f.actual}`),
    why: 'the catalog’s ON DELETE differs from the relation’s (pg_constraint confdeltype / PRAGMA foreign_key_list vs the entity source): deleting a parent cascades where the entity expects the delete to be refused, or the reverse' },
  { verdict: 'real', cause: 'db-default-undeclared', code: 'default_mismatch', severity: 'info', test: (f) => f.expected === undefined && f.actual !== undefined,
    why: 'the column has a default the entity does not declare (catalog column default vs entity source); TypeORM sends DEFAULT for an omitted property, so the default applies and nothing fails' },
  { verdict: 'real', cause: 'declared-default-missing', code: 'default_mismatch', severity: 'warning', test: (f) => f.expected !== undefined && (f.actual === undefined || f.actual === 'no default'),
    why: 'the entity declares a default the column lacks (catalog: no default): an insert that omits the property stores NULL (or fails on NOT NULL) instead of the declared value' },
  { verdict: 'real', cause: 'sqlite-timestamp-precision', code: 'default_mismatch', severity: 'warning', dialect: 'sqlite', test: (f) => /^STRFTIME/i.test(f.expected ?? '') && /^CURRENT_TIMESTAMP$/i.test(f.actual ?? ''),
    why: "declared STRFTIME('%Y-%m-%d %H:%M:%f', 'NOW') (milliseconds), the column defaults to CURRENT_TIMESTAMP (seconds, sqlite_master DDL): rows get a different timestamp precision" },
  { verdict: 'real', cause: 'index-only-partial-soft-delete', code: 'missing_index', severity: 'info', app: 'medusa',
    test: inList(['payment_collection.currency_code', 'payment_collection.region_id', 'customer.email', 'product_variant_inventory_item.inventory_item_id', 'sales_channel_location.location_id', 'sales_channel_location.sales_channel_id']),
    why: 'declared a full index; pg_indexes has only a partial one WHERE deleted_at IS NULL (customer: UNIQUE (email, has_account) WHERE deleted_at IS NULL): every find without withDeleted adds that condition and uses it, only lookups that include soft-deleted rows scan the table (info since the soft-delete rule)' },
  { verdict: 'real', cause: 'no-index', code: 'missing_index', severity: 'warning', test: (f) => f.actual === undefined,
    why: 'the entity declares @Index on these columns and the catalog (pg_indexes / PRAGMA index_list) has no index leading with them: lookups scan the table' },
  { verdict: 'real', cause: 'no-unique', code: 'missing_unique', severity: 'warning', test: (f) => f.actual === undefined,
    why: 'declared unique (a unique option, @Unique, or a one-to-one join column), the catalog has no unique constraint or unique index on exactly these columns: duplicates can be stored' },
  { verdict: 'real', cause: 'no-foreign-key', code: 'missing_foreign_key', severity: 'warning', test: () => true,
    why: 'the relation declares a foreign key the catalog does not have (pg_constraint / PRAGMA foreign_key_list; the migrations dropped or never created it): orphaned rows can be stored' },
  { verdict: 'real', cause: 'column-accepts-null', code: 'nullability_mismatch', severity: 'warning', test: (f) => f.expected === 'NOT NULL' && f.actual === 'NULL',
    why: 'the property is not nullable, the column accepts NULL (catalog is_nullable / PRAGMA table_info notnull = 0): a NULL written outside this entity loads as null into a non-null property' },
  { verdict: 'real', cause: 'column-not-null', code: 'nullability_mismatch', severity: 'warning', test: (f) => f.expected === 'NULL' && f.actual === 'NOT NULL',
    why: 'the property is nullable, the column is NOT NULL (catalog): saving the entity with null fails' },
  { verdict: 'real', cause: 'join-column-not-null', code: 'nullability_mismatch', severity: 'info', test: (f) => f.expected === 'NULL' && f.actual === 'NOT NULL',
    why: 'an optional relation over a NOT NULL join column (catalog): saving without the relation fails; the application always sets it, so info' },
  { verdict: 'real', cause: 'no-pk-unique-index', code: 'primary_key_mismatch', severity: 'warning', app: 'medusa', test: inList(['product_category_product.', 'product_shipping_profile.']),
    why: 'no primary key (pg_constraint), a unique index on exactly the junction key columns: rows are still addressed uniquely, but the key the metadata declares is not a primary key' },
  { verdict: 'real', cause: 'no-pk-generated-id', code: 'primary_key_mismatch', severity: 'warning', app: 'flowise', test: inList(['login_activity.']),
    why: 'no primary key and no unique index (pg_constraint, pg_indexes): save, update, findOneBy and remove work (checked), but nothing stops two rows sharing an id' },
  { verdict: 'real', cause: 'string-over-integer', code: 'type_mismatch', severity: 'warning', test: (f) => STRING_TYPE.test(f.expected ?? '') && INTEGER_TYPE.test(f.actual ?? ''),
    why: "a string property or join column over an integer column: '42' is saved and found back as 42 (checked on n8n execution_metadata), 'abc' fails on PostgreSQL and is stored as text on SQLite" },
  { verdict: 'real', cause: 'varchar-narrower', code: 'type_mismatch', severity: 'warning', dialect: 'postgres',
    test: (f) => /^(text|character varying(\(\d+\))?)$/.test(f.expected ?? '') && /^character varying\(\d+\)$/.test(f.actual ?? '') && (!lengthOf(f.expected) || Number(lengthOf(f.actual)) < Number(lengthOf(f.expected))),
    why: 'the column is a shorter varchar(n) than declared (text or a longer varchar): saving a longer value fails with "value too long"' },
  { verdict: 'real', cause: 'varchar-wider', code: 'type_mismatch', severity: 'warning', dialect: 'postgres',
    test: (f) => /^character varying\(\d+\)$/.test(f.expected ?? '') && /^character varying(\(\d+\))?$/.test(f.actual ?? '') && (!lengthOf(f.actual) || Number(lengthOf(f.actual)) > Number(lengthOf(f.expected))),
    why: 'the column accepts longer values than the declared varchar(n) (catalog character_maximum_length): values the entity says cannot exist can be stored, and schema:log alters the column; no write fails' },
  { verdict: 'real', cause: 'varchar-vs-char', code: 'type_mismatch', severity: 'warning', dialect: 'postgres', test: (f) => /^character varying\(\d+\)$/.test(f.expected ?? '') && /^character\(\d+\)$/.test(f.actual ?? ''),
    why: "character(n) pads: a shorter value comes back with trailing spaces (checked: versionId '0123' found back as '0123' + 32 spaces)" },
  { verdict: 'real', cause: 'json-vs-jsonb', code: 'type_mismatch', severity: 'warning', dialect: 'postgres', test: (f) => f.expected === 'json' && f.actual === 'jsonb',
    why: 'jsonb does not keep the text TypeORM wrote: key order, whitespace and duplicate keys are normalised' },
  { verdict: 'real', cause: 'json-over-text', code: 'type_mismatch', severity: 'warning', dialect: 'postgres', test: (f) => f.expected === 'json' && f.actual === 'text',
    why: "a json property over text: values round-trip (checked: n8n ProcessedData saved and found back), but the server no longer validates JSON and json operators fail (value->'a': operator does not exist: text -> unknown)" },
  { verdict: 'real', cause: 'string-over-uuid', code: 'type_mismatch', severity: 'warning', dialect: 'postgres', app: 'flowise', test: (f) => STRING_TYPE.test(f.expected ?? '') && f.actual === 'uuid',
    why: 'a text / varchar property over a uuid column: any string that is not a UUID fails to save (invalid input syntax for type uuid)' },
  { verdict: 'real', cause: 'simple-json-over-jsonb', code: 'type_mismatch', severity: 'warning', app: 'flowise', test: inList(['apikey.permissions']),
    why: 'simple-json over jsonb: saved ["chatflows:view","x"] and found the same array back (checked); object keys come back in jsonb order' },
  { verdict: 'real', cause: 'unmapped-column', code: 'unexpected_column', severity: 'info', test: () => true,
    why: 'a column no metadata of the table maps (catalog vs every entity on the table): TypeORM ignores it; nullable or with a default, so inserts still work' },
  { verdict: 'unjudged', cause: 'UNJUDGED', test: () => true, why: 'no rule explains this finding: judge it (catalog, entity source, save/find) and add a rule' },
];

/** The verdict for one finding of `app` on `dialect`. */
module.exports.judge = function judge(app, dialect, finding) {
  for (const rule of module.exports) {
    if (rule.app && rule.app !== app) continue;
    if (rule.dialect && rule.dialect !== dialect) continue;
    if (rule.code && rule.code !== finding.code) continue;
    if (rule.severity && rule.severity !== finding.severity) continue;
    if (!rule.test(finding)) continue;
    // Where the issue allows the difference at info level ("info at most"), an info finding is
    // an honest report of a harmless difference, not a false positive.
    if (rule.infoOk && finding.severity === 'info') return { ...rule, verdict: 'real', cause: `${rule.cause}, as info` };
    return rule;
  }
  return undefined;
};
