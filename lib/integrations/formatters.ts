/**
 * The CLI's output formats as pure functions over a `SchemaReport`, for scripts that run the check
 * themselves. Entry point: `typeorm-schema-guard/formatters`. Plain text (`formatReportText`,
 * `formatFindingsText`) comes with the main entry, `typeorm-schema-guard`.
 *
 * @example
 * import { validateSchemaOnStartup } from 'typeorm-schema-guard';
 * import { formatReportJunit, formatFixScript } from 'typeorm-schema-guard/formatters';
 * const report = await validateSchemaOnStartup(dataSource, { mode: 'warn', logger });
 * writeFileSync('schema-guard.xml', formatReportJunit(report, 'warning'));
 * writeFileSync('fix.sql', formatFixScript(report));
 */
export { formatReportTextColored } from '../report/format-text-color';
export { formatReportJson } from '../report/format-json';
export { formatReportJunit } from '../report/format-junit';
export { formatReportMarkdown } from '../report/format-markdown';
export { formatReportGithub } from '../report/format-github';
export { formatFindingsDiff } from '../report/format-diff';
export { formatFixScript } from '../report/format-sql';
export { formatTypeormMigration, type MigrationNaming } from '../report/format-migration';
