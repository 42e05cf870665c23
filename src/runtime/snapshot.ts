/**
 * RuntimeMetrics' snapshot(): the current numbers as a plain object. Allocates the returned object only (plus
 * what v8.getHeapSpaceStatistics() allocates where the addon did not find V8's heap-space API).
 */
import { GC_TYPE_INDEX, HANDLE_TYPES, type GcType } from '../layout';
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
  /** Whether the addon's handle types are HANDLE_TYPES, in that order (see #handlesByType). */
  readonly #knownHandleTypes: boolean;
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
    const types = core.handleTypes;
    this.#knownHandleTypes = types.length === HANDLE_TYPES.length && HANDLE_TYPES.every((t, i) => types[i] === t);
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
   * snapshot().libuv.handlesByType: active handles per libuv handle type, every type present (0 when none). One
   * object literal with fixed keys when the addon's types are the ones this file knows (always, unless the
   * addon and this file come from different versions); otherwise built key by key. The literal is a checked mirror
   * of HANDLE_TYPES (the generated list is the definition): `satisfies` makes a missing or extra key a compile
   * error, #knownHandleTypes checks the order at run time. It is kept because a literal allocates the final
   * object at once; filling {} key by key grows its property store on the way (runtime bench: snapshot heap /
   * object 1.065 that way, 0.994-1.006 with the literal).
   */
  #handlesByType(core: RuntimeCore): Record<string, number> {
    const a = core.array;
    const h = core.handleBase;
    if (this.#knownHandleTypes) {
      return {
        async: a[h] as number,
        check: a[h + 1] as number,
        fs_event: a[h + 2] as number,
        fs_poll: a[h + 3] as number,
        idle: a[h + 4] as number,
        pipe: a[h + 5] as number,
        poll: a[h + 6] as number,
        prepare: a[h + 7] as number,
        process: a[h + 8] as number,
        tcp: a[h + 9] as number,
        timer: a[h + 10] as number,
        tty: a[h + 11] as number,
        udp: a[h + 12] as number,
        signal: a[h + 13] as number,
      } satisfies Record<(typeof HANDLE_TYPES)[number], number>;
    }
    const out: Record<string, number> = {};
    for (let i = 0; i < core.handleTypes.length; i++) out[core.handleTypes[i] as string] = a[h + i] as number;
    return out;
  }
}
