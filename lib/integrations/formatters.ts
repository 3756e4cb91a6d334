/**
 * Every output format of the CLI as pure functions over a `SchemaReport`, for scripts that run
 * the check themselves. Entry point: `typeorm-schema-guard/formatters`.
 *
 * @example
 * import { validateSchemaOnStartup } from 'typeorm-schema-guard';
 * import { formatReportJunit, formatFixScript } from 'typeorm-schema-guard/formatters';
 * const report = await validateSchemaOnStartup(dataSource, { mode: 'warn', logger });
 * writeFileSync('schema-guard.xml', formatReportJunit(report, 'warning'));
 * writeFileSync('fix.sql', formatFixScript(report));
 */
export { formatReportText, formatFindingsText, escapeForText } from '../report/format-text';
export { formatReportTextColored } from '../report/format-text-color';
export { formatReportJson } from '../report/format-json';
export { formatReportJunit } from '../report/format-junit';
export { formatReportMarkdown } from '../report/format-markdown';
export { formatReportGithub } from '../report/format-github';
export { formatFixScript } from '../report/format-sql';
export type { FixHazard, FixPlan, FixStep } from '../fix/fix-plan';
export { formatTypeormMigration, type MigrationNaming } from '../report/format-migration';
export { formatFindingsDiff, findingsAtOrAbove, type FailOn } from '../report/format-diff';
