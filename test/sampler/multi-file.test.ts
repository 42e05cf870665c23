/**
 * Tables fed by several files follow one rule (issue 10 point 2): a value is present when its file gave it, and
 * the status names what failed. A /proc tree without `uptime` used to lose every /proc/stat counter of the system
 * table (status ENOENT); a missing <pid>/io, sockstat6 or tcp6 was invisible in the status.
 *
 * For each file of each such table, the modern fixture is copied without that one file: the values of the other
 * files are exactly those of the whole tree, the missing file's values are null, and the status is PARTIAL with
 * `files` naming that file alone.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Sampler, type SourceName } from '../../src';
import { procOf } from '../support/fixtures';

interface Case {
  source: SourceName;
  file: string; // as status().files names it
  path: string; // under procRoot
  /** The snapshot values this file gives (dotted paths into snapshot()[source]). */
  gives: string[];
}

const STAT_FIELDS = ['bootTime', 'contextSwitches', 'interrupts', 'forks', 'procsRunning', 'procsBlocked'];
const CASES: Case[] = [
  { source: 'system', file: 'stat', path: 'stat', gives: STAT_FIELDS },
  { source: 'system', file: 'uptime', path: 'uptime', gives: ['uptime'] },
  { source: 'tcp', file: 'net/sockstat', path: 'net/sockstat', gives: ['summary.inUse', 'summary.orphan', 'summary.timeWait', 'summary.alloc'] },
  { source: 'tcp', file: 'net/sockstat6', path: 'net/sockstat6', gives: ['summary.inUse6'] },
  {
    source: 'tcp',
    file: 'net/snmp',
    path: 'net/snmp',
    gives: ['summary.currEstab', 'summary.activeOpens', 'summary.passiveOpens', 'summary.retransSegs', 'summary.inErrs', 'summary.outRsts'],
  },
  { source: 'tcp', file: 'net/tcp', path: 'net/tcp', gives: ['ipv4'] },
  { source: 'tcp', file: 'net/tcp6', path: 'net/tcp6', gives: ['ipv6'] },
  {
    source: 'process',
    file: '<pid>/stat',
    path: 'self/stat',
    // A fixture is not the real own process: CPU times and faults come from <pid>/stat too.
    gives: ['pid', 'rss', 'vms', 'threads', 'startTime', 'cpuUser', 'cpuSystem', 'minorFaults', 'majorFaults'],
  },
  { source: 'process', file: '<pid>/status', path: 'self/status', gives: ['maxRss', 'voluntaryContextSwitches', 'involuntaryContextSwitches'] },
  { source: 'process', file: '<pid>/io', path: 'self/io', gives: ['readBytes', 'writeBytes', 'readChars', 'writeChars'] },
  { source: 'process', file: '<pid>/fd', path: 'self/fd', gives: ['openFds'] },
  { source: 'process', file: 'stat', path: 'stat', gives: ['startTime'] },
];

function get(obj: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((o, k) => (o === null || o === undefined ? o : (o as Record<string, unknown>)[k]), obj);
}

/** Every leaf path of a snapshot object. */
function leaves(obj: unknown, prefix = ''): string[] {
  if (obj === null || typeof obj !== 'object') return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => (v !== null && typeof v === 'object' && !['ipv4', 'ipv6'].includes(k) ? leaves(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

async function snapshotOf(procRoot: string, source: SourceName): Promise<{ value: unknown; status: ReturnType<Sampler['status']>[SourceName] }> {
  const s = new Sampler({ procRoot, sources: [source] });
  await s.sampleAsync();
  const out = { value: s.snapshot()[source], status: s.status()[source] };
  s.close();
  return out;
}

describe.each(CASES)('$source without $path', (c) => {
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'procsampler-multi-'));
    fs.cpSync(procOf('modern'), dir, { recursive: true, verbatimSymlinks: true });
    fs.rmSync(path.join(dir, c.path), { recursive: true, force: true });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test(`PARTIAL naming ${c.file} alone; its values null, every other value as in the whole tree`, async () => {
    const whole = await snapshotOf(procOf('modern'), c.source);
    expect(whole.status.code).toBe('OK');
    const part = await snapshotOf(dir, c.source);
    expect(part.status).toMatchObject({ code: 'PARTIAL', files: { [c.file]: 'ENOENT' } });
    expect(Object.keys(part.status.files ?? {})).toEqual([c.file]);
    for (const g of c.gives) {
      expect({ field: g, value: get(part.value, g) }).toEqual({ field: g, value: null });
      expect({ field: g, whole: get(whole.value, g) === null }).toEqual({ field: g, whole: false });
    }
    const others = leaves(whole.value).filter((l) => !c.gives.some((g) => l === g || l.startsWith(`${g}.`)));
    expect(others.length).toBeGreaterThan(0);
    for (const o of others) expect({ field: o, value: get(part.value, o) }).toEqual({ field: o, value: get(whole.value, o) });
  });
});

test('every file of a table missing: the table is absent with that errno, not PARTIAL', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'procsampler-multi-'));
  try {
    fs.cpSync(procOf('modern'), dir, { recursive: true, verbatimSymlinks: true });
    for (const f of ['stat', 'uptime']) fs.rmSync(path.join(dir, f));
    const sys = await snapshotOf(dir, 'system');
    expect(sys).toEqual({ value: null, status: expect.objectContaining({ code: 'ENOENT' }) });
    // A process that is gone is absent, though /proc/stat (its start time's btime) is there.
    const s = new Sampler({ procRoot: procOf('modern'), pid: 999999, sources: ['process'] });
    s.sample();
    expect(s.status().process.code).toBe('ENOENT');
    expect(s.snapshot().process).toBeNull();
    s.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
