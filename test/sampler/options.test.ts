/** Options are validated at construction with PROCSAMPLER_BAD_OPTION; sample() never throws, on any tree. */
import * as fs from 'fs';
import * as path from 'path';
import { Sampler, SOURCE_NAMES, type SamplerOptions } from '../../src';
import { FIXTURES, expectJsonClean, procOf } from '../support/fixtures';

describe('options', () => {
  const bad: Array<[string, unknown]> = [
    ['unknown key', { procroot: '/proc' }],
    ['procRoot not a string', { procRoot: 42 }],
    ['procRoot empty', { procRoot: '' }],
    ['procRoot with NUL', { procRoot: '/pr\0oc' }],
    ['procRoot missing', { procRoot: '/nonexistent/procsampler' }],
    ['procRoot a file', { procRoot: path.join(procOf('modern'), 'stat') }],
    ['rootFs missing', { rootFs: '/nonexistent/procsampler' }],
    ['pid zero', { pid: 0 }],
    ['pid negative', { pid: -1 }],
    ['pid fractional', { pid: 1.5 }],
    ['pid string', { pid: '123' }],
    ['pid too large', { pid: 2 ** 31 }],
    ['sources not an array', { sources: 'cpu' }],
    ['unknown source', { sources: ['cpu', 'gpu'] }],
    ['statfsTimeoutMs zero', { statfsTimeoutMs: 0 }],
    ['statfsTimeoutMs NaN', { statfsTimeoutMs: NaN }],
    ['statfsTimeoutMs string', { statfsTimeoutMs: '5000' }],
    ['options a number', 5],
  ];
  test.each(bad)('%s throws PROCSAMPLER_BAD_OPTION', (_name, options) => {
    let caught: unknown;
    try {
      new Sampler(options as SamplerOptions);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(Error);
    expect((caught as { code?: string }).code).toBe('PROCSAMPLER_BAD_OPTION');
  });

  test('defaults and a subset of sources', () => {
    const s = new Sampler({ procRoot: procOf('modern'), sources: ['memory'] });
    expect([...s.sources]).toEqual(['memory']);
    s.sample();
    const st = s.status();
    expect(st.memory.code).toBe('OK');
    for (const n of SOURCE_NAMES.filter((x) => x !== 'memory')) expect(st[n].code).toBe('NOT_SELECTED');
    expect(s.table('cpu')).toBeUndefined();
    expect(s.snapshot().cpu).toBeNull();
    s.close();
  });
});

describe('sample() never throws, on every fixture tree', () => {
  const trees = fs.readdirSync(FIXTURES).filter((d) => fs.existsSync(path.join(FIXTURES, d, 'proc')));
  test.each(trees)('%s: sample() and sampleAsync() complete; the snapshot is JSON-clean', async (tree) => {
    const s = new Sampler({ procRoot: procOf(tree), rootFs: path.join(FIXTURES, 'mounts', 'rootfs'), sources: SOURCE_NAMES });
    expect(() => s.sample()).not.toThrow();
    await expect(s.sampleAsync()).resolves.toBeUndefined();
    const snap = s.snapshot();
    expectJsonClean(snap);
    // a status for every source, each a known code
    for (const n of SOURCE_NAMES) expect(s.status()[n].code).toMatch(/^(OK|MALFORMED|OVERFLOW|NOT_SAMPLED|PARTIAL|E[A-Z]+)$/);
    s.close();
  });
});
