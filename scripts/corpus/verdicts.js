/**
 * The judged truth about every finding group the corpus produced at main 9cfce88: which are false
 * positives (and why), which are real but one severity too high, and which are real. Each verdict
 * names the check used (catalog vs entity source, or TypeORM's own save/find on the built database;
 * see docs/accuracy.md). judge.js applies them to a result file, so a rerun after rule fixes shows
 * what remains and flags anything new as unjudged.
 *
 * verdict: 'fp' (no real difference, or one that changes nothing), 'too-high' (real, but TypeORM's
 * reads and writes do not fail every time: at most a warning), 'real'. `infoOk`: the difference is
 * worth an info at most, so an info finding of that cause counts as real.
 */
const UNLENGTHED = new Set(['text', 'character varying']);
const isText = (value) => typeof value === 'string' && UNLENGTHED.has(value.replace(/ \(as .*\)$/, ''));
const key = (f) => `${f.table}.${f.column ?? ''}`;
const inList = (list) => (f) => list.includes(key(f));

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
  { verdict: 'fp', infoOk: true, cause: 'full-unique-for-partial', code: 'missing_unique', app: 'medusa', test: inList(['invite.user_email']),
    why: 'a full unique index on user_email is stricter than the declared UNIQUE ... WHERE deleted_at IS NULL' },
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

  // ---- real
  { verdict: 'real', cause: 'missing-table', code: 'missing_table', app: 'medusa', test: inList(['order_sales_channel.']),
    why: 'OrderSalesChannel is registered whatever the flags; its table is created only with the medusa_v2 flag' },
  { verdict: 'real', cause: 'missing-table', code: 'missing_table', app: 'flowise', test: inList(['workspace_users.']),
    why: 'legacy entity WorkspaceUsers; the migrations replaced the table by workspace_user' },
  { verdict: 'real', cause: 'table-created-at-runtime', code: 'missing_table', app: 'flowise', test: inList(['login_sessions.']),
    why: 'not created by any migration: the session store creates it at startup (createTableIfMissing)' },
  { verdict: 'real', infoOk: true, cause: 'junction-on-update-default', code: 'foreign_key_mismatch', test: (f) => f.expected === 'ON DELETE CASCADE ON UPDATE CASCADE' && f.actual === 'ON DELETE CASCADE ON UPDATE NO ACTION',
    why: "TypeORM's junction default ON UPDATE CASCADE; the migration wrote NO ACTION (matters only when a key changes)" },
  { verdict: 'real', cause: 'fk-actions', code: 'foreign_key_mismatch', test: () => true, why: 'the catalog’s ON DELETE / ON UPDATE differ from the relation’s' },
  { verdict: 'real', cause: 'catalog', test: () => true, why: 'catalog and entity differ as the finding says (checked against the catalog and the entity source)' },
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
