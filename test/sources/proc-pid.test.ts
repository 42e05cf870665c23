/**
 * The process table from <procRoot>/self/{stat,status,io,fd} on fixture trees. A fixture is not a real procfs,
 * so the sampler uses <pid>/stat and status instead of getrusage().
 */
import { Sampler } from '../../src';
import { expectFields, kB, pages, procOf, sampled, ticks, u64 } from '../support/fixtures';

describe('<pid>/stat, status, io, fd', () => {
  test('modern: every field and its unit', () => {
    const s = sampled('modern', ['process']);
    expect(s.status().process.code).toBe('OK');
    const t = s.table('process');
    expect(t?.scalarValue('statusStatus')).toBe(0);
    expect(t?.scalarValue('ioStatus')).toBe(0);
    expect(t?.scalarValue('fdStatus')).toBe(0);
    expectFields(s.snapshot().process, [
      { field: 'pid', want: 4242 },
      { field: 'cpuUser', want: ticks(250) },
      { field: 'cpuSystem', want: ticks(75) },
      { field: 'rss', want: pages(12345) },
      { field: 'vms', want: 1183744000 },
      { field: 'maxRss', want: kB(54321) },
      { field: 'threads', want: 11 },
      { field: 'openFds', want: 4 }, // 0, 1, 2 and the dangling symlink 3
      { field: 'minorFaults', want: 9000 },
      { field: 'majorFaults', want: 12 },
      { field: 'voluntaryContextSwitches', want: 77 },
      { field: 'involuntaryContextSwitches', want: 5 },
      { field: 'readBytes', want: 0 },
      { field: 'writeBytes', want: 4096 },
      { field: 'readChars', want: 6976 },
      { field: 'writeChars', want: 1234 },
      { field: 'startTime', want: 1795486248 + ticks(87145) },
    ]);
    s.close();
  });

  test('old kernel: no <pid>/io (CONFIG_TASK_IO_ACCOUNTING off) and no ctxt switch lines: null, ioStatus ENOENT, PARTIAL', () => {
    const s = sampled('old-kernel', ['process']);
    // One rule for every table fed by several files: the status names what failed, the rest is there.
    expect(s.status().process).toMatchObject({ code: 'PARTIAL', files: { '<pid>/io': 'ENOENT' } });
    expect(s.table('process')?.scalarValue('ioStatus')).toBe(-2);
    expectFields(s.snapshot().process, [
      { field: 'pid', want: 3111 },
      { field: 'cpuUser', want: ticks(12) },
      { field: 'cpuSystem', want: ticks(31) },
      { field: 'rss', want: pages(301) },
      { field: 'maxRss', want: kB(1260) },
      { field: 'openFds', want: 3 },
      { field: 'voluntaryContextSwitches', want: null },
      { field: 'involuntaryContextSwitches', want: null },
      { field: 'readBytes', want: null },
      { field: 'writeChars', want: null },
      { field: 'startTime', want: 1199145600 + ticks(4561) },
    ]);
    s.close();
  });

  test('hostile: a name with spaces and parentheses "((a b ) ( c d) )"; uint64 and int64 extremes', () => {
    const s = sampled('hostile', ['process']);
    expect(s.status().process.code).toBe('OK');
    expectFields(s.snapshot().process, [
      { field: 'pid', want: 26231 },
      { field: 'minorFaults', want: 9000 },
      { field: 'majorFaults', want: 12 },
      { field: 'cpuUser', want: ticks(u64('18446744073709551615')) },
      { field: 'cpuSystem', want: ticks(75) },
      { field: 'threads', want: 2147483647 },
      { field: 'vms', want: u64('18446744073709551615') },
      { field: 'rss', want: pages(u64('9223372036854775807')) },
      { field: 'maxRss', want: kB(u64('18014398509481983')) },
      { field: 'voluntaryContextSwitches', want: u64('18446744073709551615') },
      { field: 'readChars', want: u64('18446744073709551615') },
      { field: 'readBytes', want: u64('9223372036854775807') },
      { field: 'writeBytes', want: u64('9007199254740993') },
      { field: 'openFds', want: 4 },
    ]);
    s.close();
  });

  test('gVisor: no VmHWM, so maxRss is null', () => {
    const s = sampled('gvisor', ['process']);
    expectFields(s.snapshot().process, [
      { field: 'pid', want: 1 },
      { field: 'maxRss', want: null },
      { field: 'threads', want: 7 },
      { field: 'rss', want: pages(10240) },
      { field: 'startTime', want: 1718000000 },
    ]);
    s.close();
  });

  test('garbage: a stat line that ends before rss is MALFORMED, its earlier fields kept', () => {
    const s = sampled('garbage', ['process']);
    expect(s.status().process.code).toBe('MALFORMED');
    const t = s.table('process');
    expect(t?.scalarValue('statusStatus')).toBe(1);
    expect(t?.scalarValue('ioStatus')).toBe(1);
    expectFields(s.snapshot().process, [
      { field: 'pid', want: 77 },
      { field: 'minorFaults', want: 50 },
      { field: 'majorFaults', want: 2 },
      { field: 'cpuUser', want: ticks(10) },
      { field: 'cpuSystem', want: ticks(20) },
      { field: 'threads', want: 3 },
      { field: 'startTime', want: null }, // btime: the garbage /proc/stat has a negative one
      { field: 'vms', want: null },
      { field: 'rss', want: null },
      { field: 'maxRss', want: kB(100) },
      { field: 'voluntaryContextSwitches', want: 9 },
      { field: 'readChars', want: null },
      { field: 'writeChars', want: 5 },
      { field: 'readBytes', want: 6 },
      { field: 'writeBytes', want: null },
      { field: 'openFds', want: 1 },
    ]);
    s.close();
  });

  test.each(['truncated', 'empty', 'binary'])('%s: <pid>/stat unusable, MALFORMED, values null', (fixture) => {
    const s = sampled(fixture, ['process']);
    // empty and binary have no fd directory: a file that failed beside ones that are malformed.
    if (fixture === 'truncated') expect(s.status().process.code).toBe('MALFORMED');
    else expect(s.status().process).toMatchObject({ code: 'PARTIAL', files: { '<pid>/stat': 'MALFORMED', '<pid>/fd': 'ENOENT' } });
    const p = s.snapshot().process;
    expectFields(p, [
      { field: 'pid', want: null },
      { field: 'cpuUser', want: null },
      { field: 'rss', want: null },
    ]);
    expect(s.table('process')?.scalarValue('statusStatus')).toBe(1);
    s.close();
  });

  test('empty tree has no fd directory: openFds null, fdStatus ENOENT', () => {
    const s = sampled('empty', ['process']);
    expect(s.table('process')?.scalarValue('fdStatus')).toBe(-2);
    expect(s.snapshot().process?.openFds).toBeNull();
    s.close();
  });

  test('subset=pid: the process is there, /proc/stat is not, so only startTime is unknown', () => {
    const s = sampled('subset-pid', ['process']);
    expect(s.status().process).toMatchObject({ code: 'PARTIAL', files: { stat: 'ENOENT' } });
    expectFields(s.snapshot().process, [
      { field: 'pid', want: 4242 },
      { field: 'openFds', want: 2 },
      { field: 'startTime', want: null },
    ]);
    s.close();
  });

  test('a pid that does not exist: ENOENT, process null', () => {
    const s = new Sampler({ procRoot: procOf('modern'), pid: 999999, sources: ['process'] });
    s.sample();
    expect(s.status().process.code).toBe('ENOENT');
    expect(s.snapshot().process).toBeNull();
    s.close();
  });
});
