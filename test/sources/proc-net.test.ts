/**
 * /proc/net/dev, the TCP summary (sockstat, sockstat6, snmp) and the per-state counts (tcp, tcp6) on fixture trees.
 */
import { expectFields, sampled, sampledAsync, u64 } from '../support/fixtures';
import { TABLE_STATUS } from '../../src/layout';

const NET_FIELDS = [
  'rxBytes', 'rxPackets', 'rxErrors', 'rxDropped', 'rxFifo', 'rxFrame', 'rxCompressed', 'rxMulticast',
  'txBytes', 'txPackets', 'txErrors', 'txDropped', 'txFifo', 'txCollisions', 'txCarrier', 'txCompressed',
] as const;
const netWant = (values: Array<number | null>) => NET_FIELDS.map((field, i) => ({ field, want: values[i] ?? null }));
function iface(s: ReturnType<typeof sampled>, name: string): Record<string, unknown> | null {
  return (s.snapshot().network?.find((n) => n.name === name) as unknown as Record<string, unknown>) ?? null;
}
const seq = (from: number): number[] => Array.from({ length: 16 }, (_, i) => from + i);

describe('/proc/net/dev', () => {
  test('modern: two header lines skipped, 16 counters in kernel order', () => {
    const s = sampled('modern', ['network']);
    expect(s.status().network.code).toBe('OK');
    expect(s.snapshot().network?.map((n) => n.name)).toEqual(['lo', 'ifb0', 'ifb1', 'eth0']);
    expectFields(iface(s, 'eth0'), netWant([432720456, 14413, 0, 0, 0, 0, 0, 0, 966946, 8512, 0, 0, 0, 0, 0, 0]));
    s.close();
  });

  test('hostile: names with colons, a number touching the colon, long and UTF-8 names, uint64 extremes', () => {
    const s = sampled('hostile', ['network']);
    expect(s.status().network.code).toBe('OK');
    expect(s.snapshot().network?.map((n) => n.name)).toEqual([
      'lo', 'eth0', 'ibr10:30', 'ibr10:31', 'enp0s20f0u1u2c2', 'wlan-\u00e9\u2603', 'max0',
    ]);
    expectFields(iface(s, 'eth0'), [{ field: 'rxBytes', want: 68210035552 }, { field: 'rxPackets', want: 4523 }, { field: 'txBytes', want: 2097 }]);
    expectFields(iface(s, 'ibr10:30'), [{ field: 'rxBytes', want: 10 }, { field: 'txPackets', want: 2 }]);
    expectFields(iface(s, 'ibr10:31'), [{ field: 'rxBytes', want: 123456789012 }, { field: 'rxPackets', want: 3 }]);
    expectFields(iface(s, 'enp0s20f0u1u2c2'), netWant(seq(5)));
    expectFields(iface(s, 'wlan-\u00e9\u2603'), netWant(seq(1)));
    expectFields(iface(s, 'max0'), [
      { field: 'rxBytes', want: u64('18446744073709551615') },
      { field: 'txBytes', want: u64('9007199254740993') }, // above 2^53: the nearest double
    ]);
    s.close();
  });

  test('garbage: no colon and an empty name are skipped, short and bad counters null, MALFORMED', () => {
    const s = sampled('garbage', ['network']);
    expect(s.status().network.code).toBe('MALFORMED');
    expect(s.snapshot().network?.map((n) => n.name)).toEqual(['short', 'bad0', 'good']);
    expectFields(iface(s, 'short'), netWant([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, null, null, null, null, null, null]));
    expectFields(iface(s, 'bad0'), [{ field: 'txPackets', want: null }, { field: 'txErrors', want: 11 }]);
    expectFields(iface(s, 'good'), netWant(seq(1)));
    s.close();
  });

  test('truncated inside the first interface: none published, MALFORMED', () => {
    const s = sampled('truncated', ['network']);
    expect(s.status().network.code).toBe('MALFORMED');
    expect(s.snapshot().network).toEqual([]);
    s.close();
  });

  test('binary: MALFORMED and no interface invented from garbage', () => {
    const s = sampled('binary', ['network']);
    expect(s.status().network.code).toBe('MALFORMED');
    expect(s.snapshot().network).toEqual([]);
    s.close();
  });

  test('40 interfaces (table holds 32): grows; the last one is right', () => {
    const s = sampled('overflow', ['network']);
    expect(s.status().network.code).toBe('OK');
    const net = s.snapshot().network ?? [];
    expect(net).toHaveLength(40);
    expectFields(net[39] ?? null, [
      { field: 'name', want: 'veth39' },
      { field: 'rxBytes', want: 1039 },
      { field: 'txBytes', want: 2039 },
      { field: 'txPackets', want: 39 },
    ]);
    s.close();
  });

  test('subset=pid: ENOENT, null', () => {
    const s = sampled('subset-pid', ['network']);
    expect(s.status().network.code).toBe('ENOENT');
    expect(s.snapshot().network).toBeNull();
    s.close();
  });
});

const STATES = ['established', 'synSent', 'synRecv', 'finWait1', 'finWait2', 'timeWait', 'close', 'closeWait', 'lastAck', 'listen', 'closing'];
const zeroStates = Object.fromEntries(STATES.map((k) => [k, 0]));

describe('TCP: sockstat, sockstat6, snmp and the tcp/tcp6 state counts', () => {
  test('modern: summary and per-state counts of both families', async () => {
    const s = await sampledAsync('modern', ['tcp']);
    expect(s.status().tcp.code).toBe('OK');
    const tcp = s.snapshot().tcp;
    expectFields(tcp?.summary ?? null, [
      { field: 'inUse', want: 7 },
      { field: 'orphan', want: 1 },
      { field: 'timeWait', want: 1 },
      { field: 'alloc', want: 9 },
      { field: 'inUse6', want: 2 },
      { field: 'currEstab', want: 3 },
      { field: 'activeOpens', want: 42103 },
      { field: 'passiveOpens', want: 42002 },
      { field: 'retransSegs', want: 1912 },
      { field: 'inErrs', want: 0 },
      { field: 'outRsts', want: 42184 },
    ]);
    expect(tcp?.ipv4).toEqual({ ...zeroStates, established: 3, timeWait: 1, closeWait: 1, listen: 2 });
    expect(tcp?.ipv6).toEqual({ ...zeroStates, established: 1, listen: 1 });
    s.close();
  });

  test('old kernel, IPv6 off: no tcp6 and no sockstat6 is ENOENT in their own slots, PARTIAL, the rest there', async () => {
    const s = await sampledAsync('old-kernel', ['tcp']);
    expect(s.status().tcp).toMatchObject({ code: 'PARTIAL', files: { 'net/sockstat6': 'ENOENT' } });
    expect(s.table('tcp')?.status()).toBe(TABLE_STATUS.PARTIAL);
    expect(s.table('tcpStates')?.status()).toBe(TABLE_STATUS.PARTIAL);
    const t = s.table('tcp');
    const st = s.table('tcpStates');
    expect(t?.scalarValue('sockstatStatus')).toBe(0);
    expect(t?.scalarValue('sockstat6Status')).toBe(-2);
    expect(t?.scalarValue('snmpStatus')).toBe(0);
    expect(st?.scalarValue('v4Status')).toBe(0);
    expect(st?.scalarValue('v6Status')).toBe(-2);
    const tcp = s.snapshot().tcp;
    expect(tcp?.ipv6).toBeNull();
    expect(tcp?.ipv4).toEqual({ ...zeroStates, established: 2, listen: 1 });
    expectFields(tcp?.summary ?? null, [
      { field: 'inUse', want: 3 },
      { field: 'inUse6', want: null },
      { field: 'currEstab', want: 2 },
      { field: 'outRsts', want: 604 }, // the old snmp has no InCsumErrors column: columns matched by name
    ]);
    s.close();
  });

  test('hostile: every state, a wide slot number, extremes in the summary', async () => {
    const s = await sampledAsync('hostile', ['tcp']);
    // The summary is whole; the state counts lack tcp6.
    expect(s.table('tcp')?.status()).toBe(0);
    expect(s.status().tcp).toMatchObject({ code: 'PARTIAL', files: { 'net/tcp6': 'ENOENT' } });
    const tcp = s.snapshot().tcp;
    expect(tcp?.ipv4).toEqual({ ...Object.fromEntries(STATES.map((k) => [k, 1])), listen: 2 });
    expect(tcp?.ipv6).toBeNull(); // no tcp6 in this tree
    expectFields(tcp?.summary ?? null, [
      { field: 'inUse', want: 2147483647 },
      { field: 'timeWait', want: 4294967295 },
      { field: 'alloc', want: u64('18446744073709551615') },
      { field: 'inUse6', want: u64('9007199254740993') },
      { field: 'activeOpens', want: u64('18446744073709551615') },
      { field: 'currEstab', want: 4294967295 },
      { field: 'retransSegs', want: u64('9223372036854775807') },
      { field: 'outRsts', want: 1 },
    ]);
    s.close();
  });

  test('gVisor: header-only tcp tables are zero sockets, OK; no sockstat6 (PARTIAL)', async () => {
    const s = await sampledAsync('gvisor', ['tcp']);
    expect(s.status().tcp).toMatchObject({ code: 'PARTIAL', files: { 'net/sockstat6': 'ENOENT' } });
    expect(s.table('tcpStates')?.status()).toBe(0);
    expect(s.snapshot().tcp?.ipv4).toEqual(zeroStates);
    expect(s.snapshot().tcp?.ipv6).toEqual(zeroStates);
    expect(s.snapshot().tcp?.summary?.inUse6).toBeNull();
    s.close();
  });

  test('garbage: bad state lines are skipped and counted nowhere; MALFORMED in each slot', async () => {
    const s = await sampledAsync('garbage', ['tcp']);
    expect(s.status().tcp.code).toBe('MALFORMED');
    const st = s.table('tcpStates');
    expect(st?.scalarValue('v4Status')).toBe(1);
    expect(st?.scalarValue('v6Status')).toBe(-2);
    expect(s.snapshot().tcp?.ipv4).toEqual({ ...zeroStates, established: 1, listen: 1 });
    const t = s.table('tcp');
    expect(t?.scalarValue('sockstatStatus')).toBe(1);
    expect(t?.scalarValue('sockstat6Status')).toBe(1);
    expect(t?.scalarValue('snmpStatus')).toBe(1);
    expectFields(s.snapshot().tcp?.summary ?? null, [
      { field: 'inUse', want: null },
      { field: 'timeWait', want: 1 },
      { field: 'alloc', want: 2 },
      { field: 'inUse6', want: null },
      { field: 'activeOpens', want: 5 },
      { field: 'currEstab', want: 7 },
      { field: 'retransSegs', want: null }, // the values line ended early
    ]);
    s.close();
  });

  test('truncated: whole lines counted, the cut line not; MALFORMED', async () => {
    const s = await sampledAsync('truncated', ['tcp']);
    const st = s.table('tcpStates');
    expect(st?.scalarValue('v4Status')).toBe(1);
    expect(s.snapshot().tcp?.ipv4).toEqual({ ...zeroStates, listen: 1 });
    expect(s.table('tcp')?.scalarValue('sockstatStatus')).toBe(1);
    expect(s.snapshot().tcp?.summary?.inUse).toBeNull();
    s.close();
  });

  test('binary: MALFORMED everywhere, no socket counted', async () => {
    const s = await sampledAsync('binary', ['tcp']);
    expect(s.status().tcp.code).toBe('MALFORMED');
    expect(s.table('tcpStates')?.scalarValue('v4Status')).toBe(1);
    expect(s.table('tcpStates')?.scalarValue('v6Status')).toBe(1);
    expect(s.snapshot().tcp?.ipv4).toEqual(zeroStates);
    s.close();
  });

  test('before the first sampleAsync(): state counts null, NOT_SAMPLED; the summary is there', () => {
    const s = sampled('modern', ['tcp']);
    expect(s.table('tcpStates')?.status()).toBe(3);
    expect(s.snapshot().tcp?.ipv4).toBeNull();
    expect(s.snapshot().tcp?.summary?.inUse).toBe(7);
    s.close();
  });

  test('subset=pid: every TCP file missing', async () => {
    const s = await sampledAsync('subset-pid', ['tcp']);
    expect(s.status().tcp.code).toBe('ENOENT');
    expect(s.snapshot().tcp).toEqual({ ipv4: null, ipv6: null, summary: null });
    s.close();
  });
});
