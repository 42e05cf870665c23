/**
 * The parsers of native/sources/ on bytes, without N-API or a /proc tree: test/native/support/parse_check.cc
 * runs one parser on a file's bytes and prints the slots it wrote; the slots are named here from the generated
 * layout (a SimpleTable over the printed array), so a case says `{ field: 'readBytes', want: 512 * 503810 }`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeIf, tool } from '../support/needs';
import { SimpleTable, type TableName } from '../../src/table';
import { TABLE_STATUS } from '../../src/layout';

const root = path.join(__dirname, '..', '..');
const SOURCES = ['proc_meminfo', 'proc_loadavg', 'proc_vmstat', 'proc_diskstats', 'proc_net_dev', 'proc_stat', 'proc_mountinfo', 'proc_pid'];

interface Printed {
  status: number;
  count: number;
  slots: Array<number | null>;
  names: string[];
}

describeIf('parsers on bytes (native/sources without N-API)', [tool('g++', ['--version'], 'apt-get install g++')], () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'procsampler-parse-'));
  const exe = path.join(dir, 'parse_check');

  beforeAll(() => {
    const build = spawnSync(
      'g++',
      ['-std=c++17', '-O1', '-Wall', '-Wextra', '-Werror', `-I${path.join(root, 'native')}`,
        path.join(__dirname, 'support', 'parse_check.cc'), ...SOURCES.map((s) => path.join(root, 'native', 'sources', `${s}.cc`)), '-o', exe],
      { encoding: 'utf8' },
    );
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
  }, 120000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function run(parser: string, bytes: string, capacity = 8): Record<string, unknown> {
    const file = path.join(dir, `${parser}.in`);
    fs.writeFileSync(file, bytes);
    const r = spawnSync(exe, [parser, file, String(capacity)], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout) as Record<string, unknown>;
  }

  /** The printed array as a table of the generated layout, read by field name. */
  function table<N extends TableName>(name: N, printed: unknown): SimpleTable<N> & { printed: Printed } {
    const p = printed as Printed;
    const t = new SimpleTable(name) as SimpleTable<N> & { printed: Printed };
    t.array = Float64Array.from(p.slots, (v) => (v === null ? NaN : v));
    t.printed = p;
    return t;
  }

  test('meminfo: kB to bytes, huge pages in pages, a kernel without MemAvailable leaves it absent', () => {
    const t = table('memory', run('meminfo', 'MemTotal:       16337236 kB\nMemFree:         1021740 kB\nHugePages_Total:       4\nHugepagesize:       2048 kB\n').table);
    expect(t.printed.status).toBe(TABLE_STATUS.OK);
    for (const [field, want] of [['total', 16337236 * 1024], ['free', 1021740 * 1024], ['hugePagesTotal', 4], ['hugePageSize', 2048 * 1024]] as const) {
      expect([field, t.scalarValue(field)]).toEqual([field, want]);
    }
    expect(t.scalarValue('available')).toBeNaN();
  });

  test('meminfo: a value with a unit it does not know, or no wanted key at all, is MALFORMED', () => {
    expect(table('memory', run('meminfo', 'MemTotal: 12 MB\nMemFree: 3 kB\n').table).printed.status).toBe(TABLE_STATUS.MALFORMED);
    const garbage = table('memory', run('meminfo', 'nothing here\n').table);
    expect(garbage.printed.status).toBe(TABLE_STATUS.MALFORMED);
    expect(garbage.scalarValue('total')).toBeNaN();
  });

  test('diskstats: 14-, 18- and 20-field lines, sectors to bytes and milliseconds to seconds', () => {
    const t = table('disks', run('diskstats', [
      '   8       0 sda 6186 2096 503810 1453 21353 23290 1118402 23453 0 19688 26061',
      '   8      16 sdb 1 2 3 4000 5 6 7 8000 9 10000 11000 12 13 14 15000',
      ' 259       0 nvme0n1 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17000',
      '',
    ].join('\n')).table);
    expect(t.printed.status).toBe(TABLE_STATUS.OK);
    expect(t.printed.names).toEqual(['sda', 'sdb', 'nvme0n1']);
    expect([t.entryValue(0, 'major'), t.entryValue(0, 'minor'), t.entryValue(0, 'readBytes'), t.entryValue(0, 'readTime')]).toEqual([8, 0, 503810 * 512, 1.453]);
    expect(t.entryValue(0, 'weightedIoTime')).toBe(26.061);
    expect(t.entryValue(0, 'discardOps')).toBeNaN(); // before 4.18
    expect([t.entryValue(1, 'discardOps'), t.entryValue(1, 'discardBytes'), t.entryValue(1, 'discardTime')]).toEqual([12, 14 * 512, 15]);
    expect(t.entryValue(1, 'flushOps')).toBeNaN(); // before 5.5
    expect([t.entryValue(2, 'flushOps'), t.entryValue(2, 'flushTime')]).toEqual([16, 17]);
  });

  test('diskstats: more devices than the capacity is OVERFLOW with the count the kernel listed', () => {
    const lines = Array.from({ length: 5 }, (_, i) => `8 ${i} sd${'abcde'[i]} 1 2 3 4 5 6 7 8 9 10 11`).join('\n');
    const t = table('disks', run('diskstats', `${lines}\n`, 2).table);
    expect([t.printed.status, t.printed.count, t.printed.names]).toEqual([TABLE_STATUS.OVERFLOW, 5, ['sda', 'sdb']]);
  });

  test('net/dev: the two header lines are skipped, 16 counters per interface', () => {
    const t = table('network', run('net_dev', [
      'Inter-|   Receive                                                |  Transmit',
      ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
      '    lo: 1000 10 0 0 0 0 0 0 1000 10 0 0 0 0 0 0',
      '  eth0: 123456789 1000 1 2 3 4 5 6 987654321 2000 7 8 9 10 11 12',
      '',
    ].join('\n')).table);
    expect(t.printed.names).toEqual(['lo', 'eth0']);
    expect([t.entryValue(1, 'rxBytes'), t.entryValue(1, 'rxMulticast'), t.entryValue(1, 'txBytes'), t.entryValue(1, 'txCompressed')]).toEqual([123456789, 6, 987654321, 12]);
  });

  test('stat: ticks to seconds, all-zero CPU lines, a huge intr line and the system counters', () => {
    const intr = `intr 99999999 ${Array.from({ length: 4000 }, (_, i) => i % 7).join(' ')}`;
    const out = run('stat', [
      'cpu  301854 612 111925 8979004 14124 0 6063 0 0 0',
      'cpu0 0 0 0 0 0 0 0 0 0 0',
      'cpu1 301854 612 111925 8979004 14124 0 6063 0 0 0',
      intr,
      'ctxt 115325412',
      'btime 1700000000',
      'processes 423456',
      'procs_running 3',
      'procs_blocked 1',
      '',
    ].join('\n'));
    const cpu = table('cpu', out.table);
    expect([cpu.scalarValue('user'), cpu.scalarValue('idle'), cpu.scalarValue('softirq')]).toEqual([3018.54, 89790.04, 60.63]);
    expect([cpu.entryValue(0, 'cpu'), cpu.entryValue(0, 'user'), cpu.entryValue(1, 'cpu'), cpu.entryValue(1, 'nice')]).toEqual([0, 0, 1, 6.12]);
    const system = table('system', out.system);
    for (const [field, want] of [['interrupts', 99999999], ['contextSwitches', 115325412], ['bootTime', 1700000000], ['forks', 423456], ['procsRunning', 3], ['procsBlocked', 1]] as const) {
      expect([field, system.scalarValue(field)]).toEqual([field, want]);
    }
  });

  test('mountinfo: octal escapes decoded, read-only flag, the entry name is the parts joined by NUL', () => {
    const out = run('mountinfo', [
      '36 35 98:0 / /mnt/with\\040space rw,noatime master:1 - ext4 /dev/vda1 rw',
      '37 35 0:5 / /ro ro,relatime shared:2 - tmpfs my\\011tmpfs rw',
      '',
    ].join('\n')) as { status: number; mounts: Array<{ device: string; mountpoint: string; type: string; readOnly: boolean; name: string }> };
    expect(out.status).toBe(TABLE_STATUS.OK);
    expect(out.mounts).toEqual([
      { device: '/dev/vda1', mountpoint: '/mnt/with space', type: 'ext4', readOnly: false, name: '/dev/vda1\0/mnt/with space\0ext4' },
      { device: 'my\ttmpfs', mountpoint: '/ro', type: 'tmpfs', readOnly: true, name: 'my\ttmpfs\0/ro\0tmpfs' },
    ]);
  });

  test('<pid>/stat: a process name with spaces and parentheses ends at the last )', () => {
    const fields = ['S', '1', '1234', '1234', '0', '-1', '4194560', '2001', '0', '3', '0', '150', '25', '0', '0', '20', '0', '7', '0', '5000', '104857600', '2560'];
    const out = run('pid_stat', `1234 ((a b ) ( c d) ) ${fields.join(' ')}\n`) as { status: number; stat: Record<string, number | null> };
    expect(out.status).toBe(TABLE_STATUS.OK);
    expect(out.stat).toEqual({
      pid: 1234, minflt: 2001, majflt: 3, utime_s: 1.5, stime_s: 0.25, threads: 7, starttime_s: 50, vsize: 104857600, rss_bytes: 2560 * 4096,
    });
  });
});
