// src/errors.ts: the coded errors of set-up, and how they show the value that was given.
import { ProcsamplerError, badOption, badValue, checkKeys, shown } from '../src/errors';

/** The error `f` throws must be a ProcsamplerError with this code and message. */
function expectCoded(f: () => unknown, code: string, message: string): void {
  expect(f).toThrow(expect.objectContaining({ name: 'ProcsamplerError', code, message }));
  expect(f).toThrow(ProcsamplerError);
}

test.each([
  [null, 'null'],
  [undefined, 'undefined'],
  ['1', '"1" (string)'],
  [1, '1 (number)'],
  [NaN, 'NaN (number)'],
  [/loop/, '/loop/ (RegExp)'],
  [['system.cpus'], '["system.cpus"] (array)'],
  [{ a: 1 }, '{"a":1} (object)'],
  [10n, '10n (bigint)'],
  [function named() {}, 'function named (function)'],
  ['x'.repeat(100), `"${'x'.repeat(76)}... (string)`],
])('shown(%p) is %s', (value, want) => {
  expect(shown(value)).toBe(want);
});

test('a value that JSON cannot print is shown by its tag', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  expect(shown(cyclic)).toBe('[object Object] (object)');
});

test('badOption, badValue and checkKeys throw PROCSAMPLER_BAD_OPTION naming what was wrong', () => {
  expectCoded(() => badOption('x is wrong'), 'PROCSAMPLER_BAD_OPTION', 'procsampler: x is wrong');
  expectCoded(() => badValue('intervalMs', 'a positive number', '5'), 'PROCSAMPLER_BAD_OPTION', 'procsampler: intervalMs must be a positive number, got "5" (string)');
  expectCoded(
    () => checkKeys('Sampler', { procRoot: '/proc', pdi: 1 }, ['procRoot', 'pid']),
    'PROCSAMPLER_BAD_OPTION',
    'procsampler: unknown Sampler option "pdi" (given 1 (number)); known: procRoot, pid',
  );
  expect(() => checkKeys('Sampler', { pid: 1 }, ['procRoot', 'pid'])).not.toThrow();
});
