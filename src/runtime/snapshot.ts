/**
 * RuntimeMetrics' snapshot(): the current numbers as a plain object. Allocates the returned object only (plus
 * what v8.getHeapSpaceStatistics() allocates where the addon did not find V8's heap-space API).
 */
import { GC_TYPE_INDEX, type GcType } from '../layout';
import type { GcStats } from './gc';
import { forEachHeapSpace, HEAP_AVAILABLE, HEAP_PHYSICAL, HEAP_SIZE, HEAP_USED, type HeapSpace, type HeapSpaceVisitor } from './heap';
import type { RuntimeCore, RuntimeWindow } from './native-runtime';
import type { GcTypeStats, RuntimeSnapshot } from './types';

/** What #spaces holds between snapshots (so that it does not keep the last snapshot's array alive). */
const NO_SPACES: HeapSpace[] = [];

function nullIfNaN(v: number | undefined): number | null {
  return v === undefined || Number.isNaN(v) ? null : v;
}

/** Builds the snapshots of one RuntimeMetrics. */
export class RuntimeSnapshots {
  readonly #core: RuntimeCore;
  // The heap-space visitor, created once; it fills #spaces, #used and #total, set up just before the visit.
  #spaces: HeapSpace[] = NO_SPACES;
  #used = 0;
  #total = 0;
  readonly #visitSpace: HeapSpaceVisitor = (name, v, i) => {
    const space = { name, size: v[i + HEAP_SIZE] as number, used: v[i + HEAP_USED] as number, available: v[i + HEAP_AVAILABLE] as number, physical: v[i + HEAP_PHYSICAL] as number };
    this.#spaces.push(space);
    this.#used += space.used;
    this.#total += space.size;
  };

  constructor(core: RuntimeCore) {
    this.#core = core;
  }

  /** The snapshot of the core's last read (`core.read(window, true, true, true)` and the GC load just before). */
  take(window: RuntimeWindow | undefined, gc: GcStats, heapLimit: number): RuntimeSnapshot {
    const core = this.#core;
    const handlesByType = this.#handlesByType(core);
    const spaces: HeapSpace[] = [];
    this.#spaces = spaces;
    this.#used = 0;
    this.#total = 0;
    forEachHeapSpace(core, this.#visitSpace);
    this.#spaces = NO_SPACES;
    // A literal with fixed keys (GC_TYPES order) rather than stores of computed names, which would allocate
    // beyond the returned object.
    const { major, minor, incremental, weakcb } = GC_TYPE_INDEX;
    const byType: Record<GcType, GcTypeStats> = {
      major: { count: gc.count[major] as number, totalDuration: gc.sum[major] as number },
      minor: { count: gc.count[minor] as number, totalDuration: gc.sum[minor] as number },
      incremental: { count: gc.count[incremental] as number, totalDuration: gc.sum[incremental] as number },
      weakcb: { count: gc.count[weakcb] as number, totalDuration: gc.sum[weakcb] as number },
    };
    return {
      eventLoop: {
        delay: {
          count: core.value('delayCount') ?? 0,
          min: core.value('delayMin'),
          max: core.value('delayMax'),
          mean: core.value('delayMean'),
          stddev: core.value('delayStddev'),
          p50: core.value('delayP50'),
          p90: core.value('delayP90'),
          p99: core.value('delayP99'),
        },
        utilization: window ? nullIfNaN(window.utilization) : null,
        active: core.active,
        idle: core.idle,
      },
      libuv: {
        loopCount: core.value('loopCount'),
        events: core.value('events'),
        eventsWaiting: core.value('eventsWaiting'),
        idleTime: core.value('idleTime') ?? 0,
        threadpoolSize: core.value('threadpoolSize'),
        activeHandles: core.value('activeHandles') ?? 0,
        activeRequests: core.value('activeRequests') ?? 0,
        handlesByType,
      },
      heap: { used: this.#used, total: this.#total, limit: heapLimit, spaces },
      gc: { count: gc.totalCount(), totalDuration: gc.totalDuration(), byType },
    };
  }

  /**
   * snapshot().libuv.handlesByType: active handles per libuv handle type, every type present (0 when none), keyed by
   * the addon's own list of types (native/runtime.h PS_RUNTIME_HANDLE_TYPES, generated as HANDLE_TYPES). Keys are
   * added in the same order every time, so every snapshot's object has the same shape.
   */
  #handlesByType(core: RuntimeCore): Record<string, number> {
    const a = core.array;
    const h = core.handleBase;
    const types = core.handleTypes;
    const out: Record<string, number> = {};
    for (let i = 0; i < types.length; i++) out[types[i] as string] = a[h + i] as number;
    return out;
  }
}
