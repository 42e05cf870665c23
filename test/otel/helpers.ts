/** Test helpers: a fake source of values in the layout.h table shape, a manual reader, the catalogue. */
import {
  MeterProvider,
  MetricReader,
  type CollectionResult,
  type MetricData,
  DataPointType,
} from '@opentelemetry/sdk-metrics';
import { SimpleTable } from '../../src/table';
import type { TableLike, TableName, ValueSource } from '../../src/otel/value-source';
import { TABLE_HEADER_SLOTS, TABLE_NAMES, type EntryField, type ScalarField } from '../../src/layout';
import type { CatalogueRow } from '../support/catalogue';
// Names are encoded as the addon encodes them (native/layout.h, read through the one TypeScript reader).
import { fsEntryName } from '../../src/sources/entry-names';

/** Values of some scalars of table N: the field names are the generated layout's, a typo does not compile. */
export type ScalarRow<N extends TableName> = { [F in ScalarField<N>]?: number };
/** One entry of table N: its name and some of its fields. */
export type EntryRow<N extends TableName> = { name: string } & { [F in EntryField<N>]?: number };

/** What the fake source returns on its next sample. */
export interface FakeFrame {
  scalars?: { [N in TableName]?: ScalarRow<N> };
  entries?: { [N in TableName]?: Array<EntryRow<N>> };
  status?: Partial<Record<TableName, number>>;
}

/** A ValueSource whose tables hold whatever the test sets; counts sample() and sampleAsync() calls. */
export class FakeSource implements ValueSource {
  /** Every table of the generated layout (exactly the Sampler's tables and fields, never a hand-written copy). */
  tables = Object.fromEntries(TABLE_NAMES.map((n) => [n, new SimpleTable(n)])) as { [N in TableName]: SimpleTable<N> };
  syncSamples = 0;
  asyncSamples = 0;
  closed = 0;
  frame: FakeFrame = {};
  asyncFrame: FakeFrame = {};
  now = 0;

  constructor(frame: FakeFrame = {}) {
    this.frame = frame;
  }

  #apply(frame: FakeFrame, only?: readonly TableName[]): void {
    for (const name of TABLE_NAMES) {
      if (only && !only.includes(name)) continue;
      // Rows are checked against table N at compile time (FakeFrame); here one untyped path writes any table.
      const t = this.tables[name] as SimpleTable<TableName>;
      const sc = frame.scalars?.[name] as Record<string, number> | undefined;
      const en = frame.entries?.[name] as Array<{ name: string } & Record<string, number | string>> | undefined;
      if (!sc && !en) continue;
      t.array.fill(NaN, TABLE_HEADER_SLOTS);
      if (en) {
        t.setEntries(en.map((r) => r.name));
        en.forEach((r, i) => {
          for (const [k, v] of Object.entries(r)) if (k !== 'name') t.setEntry(i, k as EntryField<TableName>, v as number);
        });
      }
      for (const [k, v] of Object.entries(sc ?? {})) t.set(k as ScalarField<TableName>, v);
      t.stamp(this.now);
      const st = frame.status?.[name];
      if (st !== undefined) t.setStatus(st);
    }
  }

  sample(): void {
    this.syncSamples++;
    this.#apply(this.frame, TABLE_NAMES.filter((n) => n !== 'tcpStates' && n !== 'filesystems'));
  }

  async sampleAsync(): Promise<void> {
    this.asyncSamples++;
    this.sample();
    this.#apply(this.asyncFrame, ['tcpStates', 'filesystems']);
  }

  table<N extends TableName>(name: N): TableLike<N> | undefined {
    return this.tables[name] as TableLike<N>;
  }

  close(): void {
    this.closed++;
  }
}

/** A reader the test drives with collect(). */
export class TestReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

export type { CatalogueRow };

export { kindOf } from '../support/rows';

/** name -> list of [attributes, value] (attributes as sorted JSON), for comparisons. */
export function flatten(r: CollectionResult): Map<string, Array<[string, number]>> {
  const out = new Map<string, Array<[string, number]>>();
  for (const sm of r.resourceMetrics.scopeMetrics) {
    for (const m of sm.metrics) {
      const list = (m.dataPoints as Array<{ attributes: Record<string, unknown>; value: unknown }>).map(
        (p) => [JSON.stringify(Object.keys(p.attributes).sort().map((k) => [k, p.attributes[k]])), p.value as number] as [string, number],
      );
      list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      out.set(m.descriptor.name, list);
    }
  }
  return out;
}

/** Finds one metric in a collection result. */
export function metric(r: CollectionResult, name: string): MetricData | undefined {
  for (const sm of r.resourceMetrics.scopeMetrics) for (const m of sm.metrics) if (m.descriptor.name === name) return m;
  return undefined;
}

/** Value of the data point whose attributes include `attrs`. */
export function value(r: CollectionResult, name: string, attrs: Record<string, unknown> = {}): number | undefined {
  const m = metric(r, name);
  if (!m) return undefined;
  const p = (m.dataPoints as Array<{ attributes: Record<string, unknown>; value: number }>).find((d) =>
    Object.entries(attrs).every(([k, v]) => d.attributes[k] === v),
  );
  return p?.value;
}

/** A MeterProvider with one TestReader. */
export function providerWithReader(): { provider: MeterProvider; reader: TestReader } {
  const reader = new TestReader();
  const provider = new MeterProvider({ readers: [reader] });
  return { provider, reader };
}

/** A complete frame with every table filled, scaled by k (counters grow with k). */
export function fullFrame(k = 1): { frame: FakeFrame; asyncFrame: FakeFrame } {
  const cpu = (u: number, n: number) => ({ user: 10 * u, nice: n, system: 5 * u, idle: 80 * u, iowait: 1 * u, irq: 0.5 * u, softirq: 0.5 * u, steal: 0, guest: 1, guestNice: 0 });
  return {
    frame: {
      scalars: {
        cpu: cpu(2 * k, 1),
        system: { bootTime: 1_700_000_000, uptime: 1000 + k, contextSwitches: 1e6, interrupts: 1e6, forks: 5000 + k, procsRunning: 2, procsBlocked: 1 },
        memory: { total: 8e9, free: 1e9, available: 5e9, buffers: 1e8, cached: 2e9, shared: 1e7, slab: 3e8, slabReclaimable: 2e8, slabUnreclaimable: 1e8, swapTotal: 2e9, swapFree: 1.5e9 },
        load: { avg1: 0.5, avg5: 0.25, avg15: 0.125, runnable: 1, entities: 300 },
        vmstat: { pageFaults: 1000 * k, majorPageFaults: 10 * k, swapIn: 3 * k, swapOut: 4 * k, pageIn: 0, pageOut: 0 },
        tcp: { inUse: 3 },
        process: { pid: 42, cpuUser: 1 * k, cpuSystem: 0.5 * k, rss: 5e7, vms: 1e9, threads: 11, openFds: 23, minorFaults: 100 * k, majorFaults: 2 * k, voluntaryContextSwitches: 50 * k, involuntaryContextSwitches: 5 * k, readBytes: 4096 * k, writeBytes: 8192 * k, startTime: 1_700_000_000 + 400 },
      },
      entries: {
        cpu: [{ name: 'cpu0', cpu: 0, ...cpu(k, 0.5) }, { name: 'cpu1', cpu: 1, ...cpu(k, 0.5) }],
        disks: [
          { name: 'sda', readOps: 10 * k, writeOps: 20 * k, readBytes: 512 * k, writeBytes: 1024 * k, readMerged: k, writeMerged: 2 * k, readTime: 0.1 * k, writeTime: 0.2 * k, inFlight: 1, ioTime: 0.05 * k },
          { name: 'sda1', readOps: 1, writeOps: 1, readBytes: 1, writeBytes: 1, readMerged: 0, writeMerged: 0, readTime: 0, writeTime: 0, inFlight: 0, ioTime: 0 },
        ],
        network: [{ name: 'eth0', rxBytes: 1000 * k, txBytes: 2000 * k, rxPackets: 10 * k, txPackets: 20 * k, rxErrors: 1, txErrors: 2, rxDropped: 3, txDropped: 4 }],
      },
    },
    asyncFrame: {
      scalars: {
        tcpStates: {
          v4_established: 5, v4_synSent: 0, v4_synRecv: 0, v4_finWait1: 0, v4_finWait2: 0, v4_timeWait: 2, v4_close: 0, v4_closeWait: 1, v4_lastAck: 0, v4_listen: 3, v4_closing: 0,
          v6_established: 1, v6_synSent: 0, v6_synRecv: 0, v6_finWait1: 0, v6_finWait2: 0, v6_timeWait: 0, v6_close: 0, v6_closeWait: 0, v6_lastAck: 0, v6_listen: 2, v6_closing: 0,
          v4Status: 0, v6Status: 0,
        },
      },
      entries: {
        filesystems: [
          { name: fsEntryName({ device: '/dev/sda1', mountpoint: '/', type: 'ext4' }), total: 1000, free: 300, available: 250, used: 700, inodes: 10, inodesFree: 5, readOnly: 0, stuck: 0, statStatus: 0 },
          { name: fsEntryName({ device: 'proc', mountpoint: '/proc', type: 'proc' }), total: 0, free: 0, available: 0, used: 0, inodes: 0, inodesFree: 0, readOnly: 0, stuck: 0, statStatus: 0 },
        ],
      },
    },
  };
}
