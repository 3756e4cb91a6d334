/**
 * A chai plugin: `chai.use(schemaGuard)`, then `await expect(dataSource).to.have.conformingSchema()`.
 * Entry point: `typeorm-schema-guard/chai`; chai stays the caller's dependency, never loaded here.
 * The options' type, `ConformanceOptions`, is exported by `typeorm-schema-guard/assert`.
 */
import type { SchemaReport } from '../model/finding';
import { type ConformanceOptions, checkConformance, driftMessage, findingLines } from './conformance';

declare global {
  // chai's types declare their assertion interface in this global namespace; the plugin adds to it.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Chai {
    interface Assertion {
      /**
       * Checks the DataSource's database against its entities. Returns a promise: `await` it.
       * Fails listing the findings at or above `failOn` (default `'error'`); with `.not`, fails
       * when there are none. A database that cannot be read rejects either way.
       */
      conformingSchema(options?: ConformanceOptions): Promise<SchemaReport>;
    }
  }
}

/** The parts of chai the plugin uses, typed structurally so any chai 4 or 5 fits. */
interface ChaiLike {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  Assertion: { addMethod(name: string, method: (this: object, ...args: any[]) => unknown): void };
  AssertionError: new (message: string, props?: Record<string, unknown>, ssf?: Function) => Error;
}
interface ChaiUtilsLike {
  flag(assertion: object, key: string): unknown;
}

/**
 * The plugin. Adds `conformingSchema(options?)` to chai's assertions.
 *
 * @example
 * import chai, { expect } from 'chai';
 * import { schemaGuard } from 'typeorm-schema-guard/chai';
 * chai.use(schemaGuard);
 * await expect(dataSource).to.have.conformingSchema();
 * await expect(dataSource).to.have.conformingSchema({ failOn: 'warning', ignore: { tables: ['legacy_audit'] } });
 * await expect(driftedDataSource).not.to.have.conformingSchema();
 */
export function schemaGuard(chai: ChaiLike, utils: ChaiUtilsLike): void {
  chai.Assertion.addMethod('conformingSchema', function conformingSchema(this: object, options?: ConformanceOptions) {
    const isNegated = Boolean(utils.flag(this, 'negate'));
    const prefix = utils.flag(this, 'message') ? `${String(utils.flag(this, 'message'))}: ` : '';
    const dataSource = utils.flag(this, 'object') as Parameters<typeof checkConformance>[0];
    // chai's own `this.assert` interpolates `#{this}` and friends into messages, and would print
    // the DataSource (password included) on failure: the errors are built here instead.
    return checkConformance(dataSource, options).then((result) => {
      const conforms = result.failing.length === 0;
      if (conforms === !isNegated) return result.report;
      if (isNegated) {
        throw new chai.AssertionError(
          `${prefix}expected the database schema not to conform to the TypeORM entities, but no finding is at or above "${result.failOn}" (${result.report.findings.length} below it)`,
          { showDiff: false },
          conformingSchema,
        );
      }
      throw Object.assign(
        new chai.AssertionError(`${prefix}${driftMessage(result)}`, { actual: findingLines(result), expected: [], showDiff: true }, conformingSchema),
        { report: result.report },
      );
    });
  });
}
