/**
 * parseGuardOptions resolves the common options (none, or only mode / logger / timeoutMs) without
 * zod: those results must be exactly the schema's, and everything else must still be the schema's
 * word, errors included. Pure function, literal values.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { SchemaGuardConfigError } from '../lib';
import { loadGuardOptionsSchema, parseGuardOptions, parseOptions } from '../lib/options';

const logger = { warn: () => undefined, info: () => undefined, error: () => undefined };

function bySchema(options: unknown): unknown {
  return parseOptions(loadGuardOptionsSchema(), options, 'typeorm-schema-guard options');
}

function outcome(parse: (options: unknown) => unknown, options: unknown): unknown {
  try {
    return { value: parse(options) };
  } catch (error) {
    expect(error).to.be.instanceOf(SchemaGuardConfigError);
    return { error: (error as Error).message, option: (error as SchemaGuardConfigError).option };
  }
}

describe('parseGuardOptions', () => {
  const cases: [string, unknown][] = [
    ['none', undefined],
    ['null', null],
    ['empty', {}],
    ['mode', { mode: 'warn' }],
    ['degrade mode', { mode: 'degrade' }],
    ['logger', { logger }],
    ['timeout', { timeoutMs: 600_000 }],
    ['all three', { mode: 'warn', logger, timeoutMs: 1 }],
    ['mode undefined', { mode: undefined }],
    ['logger undefined', { logger: undefined, mode: 'throw' }],
    ['a less common option', { mode: 'warn', ignore: { tables: ['legacy'] } }],
    ['bad mode', { mode: 'explode' }],
    ['bad logger', { logger: { warn: () => undefined } }],
    ['fractional timeout', { timeoutMs: 1.5 }],
    ['zero timeout', { timeoutMs: 0 }],
    ['timeout too long', { timeoutMs: 600_001 }],
    ['timeout as text', { timeoutMs: '1000' }],
    ['unknown option', { reportUnexpectedTable: true }],
    ['an array', []],
    ['a string', 'warn'],
    ['a class instance', new (class Options { mode = 'warn'; })()],
  ];
  for (const [name, options] of cases) {
    it(`gives what the zod schema gives: ${name}`, () => {
      expect(outcome(parseGuardOptions, options)).to.deep.equal(outcome(bySchema, options));
    });
  }

  it('keeps the caller’s logger object', () => {
    expect(parseGuardOptions({ logger }).logger).to.equal(logger);
  });

  it('importing the package and resolving the common options loads neither zod nor pino', () => {
    const script = `
      const { validateSchemaOnStartup } = require('typeorm-schema-guard');
      require('typeorm-schema-guard/health');
      require(${JSON.stringify(join(__dirname, '..', 'lib', 'options.js'))}).parseGuardOptions({ mode: 'warn', timeoutMs: 5000 });
      const loaded = Object.keys(require.cache).filter((file) => /node_modules[\\\\/](zod|pino)[\\\\/]/.test(file));
      process.stdout.write(JSON.stringify({ loaded, isFunction: typeof validateSchemaOnStartup === 'function' }));
    `;
    const output = execFileSync(process.execPath, ['-e', script], { cwd: join(__dirname, '..', '..'), encoding: 'utf8' });
    expect(JSON.parse(output)).to.deep.equal({ loaded: [], isFunction: true });
  });
});
