// v8js.resource.active keeps a type it has seen: when the last UDP socket, TCP server or request goes, its series
// reads 0 on the next collect instead of vanishing (a dashboard reads a missing series as "no data", not 0).
// Both paths: instruments on a real MeterProvider (read by a reader), and metricData() (the producer's path).
import { spawnSync } from 'node:child_process';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { MeterProvider, type MetricData } from '@opentelemetry/sdk-metrics';
import { RuntimeMetrics } from '../../src/runtime';
import { TestReader, turns } from './helpers';

const NAME = 'v8js.resource.active';
const TYPE = 'v8js.resource.type';

/** resource type -> value of one collect. */
function resources(metrics: MetricData[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of metrics) {
    if (m.descriptor.name !== NAME) continue;
    for (const p of m.dataPoints) out.set(p.attributes[TYPE] as string, p.value as number);
  }
  return out;
}

type Via = 'instruments' | 'metricData';

function open(via: Via): { rt: RuntimeMetrics; collect: () => Promise<Map<string, number>>; close: () => Promise<void> } {
  if (via === 'metricData') {
    const rt = new RuntimeMetrics({ instruments: false }).start();
    return { rt, collect: async () => resources(rt.metricData()), close: async () => rt.shutdown() };
  }
  const reader = new TestReader();
  const provider = new MeterProvider({ readers: [reader] });
  const rt = new RuntimeMetrics({ meterProvider: provider, name: 'resources-test' }).start();
  return {
    rt,
    collect: async () => {
      const r = await reader.collect();
      return resources(r.resourceMetrics.scopeMetrics.flatMap((s) => s.metrics));
    },
    close: async () => {
      rt.shutdown();
      await provider.shutdown();
    },
  };
}

describe.each<Via>(['instruments', 'metricData'])('v8js.resource.active, %s path', (via) => {
  test('a UDP socket and a TCP server: absent before they exist, their count while open, 0 after close', async () => {
    const m = open(via);
    try {
      // No UDP socket exists in this process before the test opens one: a type never seen is not reported.
      expect(m.rt.snapshot().libuv.handlesByType.udp).toBe(0);
      expect((await m.collect()).has('udp')).toBe(false);

      const udp = dgram.createSocket('udp4');
      await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
      const server = net.createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const open1 = await m.collect();
      expect(open1.get('udp')).toBeGreaterThanOrEqual(1);
      expect(open1.get('tcp')).toBeGreaterThanOrEqual(1);
      const udpOpen = open1.get('udp')!;
      const tcpOpen = open1.get('tcp')!;

      await new Promise<void>((resolve) => udp.close(resolve));
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
      await turns(2); // the handles are closed by libuv in the next loop iterations
      const closed = await m.collect();
      // Exactly one handle of each went: the series is still there, one lower (0 unless the process has others).
      expect(closed.get('udp')).toBe(udpOpen - 1);
      expect(closed.get('tcp')).toBe(tcpOpen - 1);
      expect(m.rt.snapshot().libuv.handlesByType.udp).toBe(udpOpen - 1);
      // And it stays, collect after collect.
      expect((await m.collect()).get('udp')).toBe(udpOpen - 1);
    } finally {
      await m.close();
    }
  });

  test('requests: a pending open of a FIFO is a request; when it completes the series reads 0', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-resources-'));
    const fifo = path.join(dir, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const m = open(via);
    try {
      const before = (await m.collect()).get('request') ?? 0;
      // Opening a FIFO for reading blocks (on a libuv pool thread) until a writer opens it: a request in flight
      // for as long as the test wants.
      const opened = new Promise<number>((resolve, reject) => fs.open(fifo, 'r', (e, fd) => (e ? reject(e) : resolve(fd))));
      const pending = await m.collect();
      expect(pending.get('request')).toBeGreaterThanOrEqual(before + 1);
      const writer = fs.openSync(fifo, 'w');
      const reader = await opened;
      fs.closeSync(writer);
      fs.closeSync(reader);
      const done = await m.collect();
      expect(done.has('request')).toBe(true);
      expect(done.get('request')).toBe(pending.get('request')! - 1);
    } finally {
      await m.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
