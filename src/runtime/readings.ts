/**
 * The runtime rows' values, read once per collect for either export path: each row of the catalogue
 * (src/otel/catalogue/runtime.ts) says where its values come from (`value`), and this file is the one reader of
 * those sources. It hands every point to a sink: the instrument path's sink observes, the MetricProducer path's
 * fills reused points (metric-data.ts). Attribute objects are built once.
 */
import type { Attributes } from '../peers';
import type { RuntimeRow } from '../otel/catalogue/runtime';
import { AttributeCache } from '../otel/metric-pool';
import { ATTR_V8JS_GC_TYPE, ATTR_V8JS_HEAP_SPACE_NAME, ATTR_V8JS_RESOURCE_TYPE } from '../semconv';
import { enumAttributes, NODEJS_EVENTLOOP_STATE } from '../otel/catalogue/attributes';
import { GC_TYPES } from '../layout';
import { forEachHeapSpace, HEAP_AVAILABLE, HEAP_PHYSICAL, HEAP_SIZE, HEAP_USED, type HeapSpaceVisitor } from './heap';
import type { RuntimeCore, RuntimeWindow } from './native-runtime';

/** Receives the points of one collect. `row` is the row's position in the reader's rows. */
export interface RuntimeSink {
  /** One number point, `values[index]` (an array and index: a double argument may be boxed). */
  point(row: number, attributes: Attributes, values: Float64Array, index: number): void;
  /** The GC pause histogram row (each path has its own way to export it). */
  gc(row: number): void;
}

/** The `v8js.gc.type` attributes, in GC_TYPES (native tally) order. */
export const GC_ATTRS: readonly Attributes[] = GC_TYPES.map((t) => Object.freeze({ [ATTR_V8JS_GC_TYPE]: t }));
/** `nodejs.eventloop.state` active and idle, in the row's order. */
const [STATE_ACTIVE, STATE_IDLE] = enumAttributes(NODEJS_EVENTLOOP_STATE) as [Attributes, Attributes];
const REQUEST_ATTRS: Attributes = Object.freeze({ [ATTR_V8JS_RESOURCE_TYPE]: 'request' });
const NO_ATTRS: Attributes = Object.freeze({});

/** Offsets of the #scratch values: numbers that are not in the native array, staged so they reach a sink unboxed. */
const SCRATCH_UTILIZATION = 0;
const SCRATCH_ACTIVE = 1;
const SCRATCH_IDLE = 2;
const SCRATCH_LIMIT = 3;

/** The heap-space field of each heap row. */
const HEAP_OFFSET = { heapUsed: HEAP_USED, heapSize: HEAP_SIZE, heapAvailable: HEAP_AVAILABLE, heapPhysical: HEAP_PHYSICAL } as const;

/** The reader of one RuntimeMetrics' rows. */
export class RuntimeReadings {
  readonly rows: readonly RuntimeRow[];
  readonly #core: RuntimeCore;
  readonly #heapLimit: number;
  readonly #handleAttrs: Attributes[];
  readonly #spaceAttrs = new AttributeCache<string>((name) => Object.freeze({ [ATTR_V8JS_HEAP_SPACE_NAME]: name }));
  /**
   * v8js.resource.active: 1 for each handle type (then `request`, last) this instance has seen active. A type once
   * seen is reported on every later collect, 0 when it has none, so a closed server's series reads 0 instead of
   * vanishing; a type never seen is not reported. Shared by both export paths.
   */
  readonly #resourceSeen: Uint8Array;
  readonly #scratch = new Float64Array(4);
  // The heap-space visitor, created once so that visiting the spaces allocates nothing; it sends the field
  // #heapOffset of each space to row #heapRow of #sink, set just before the visit.
  #sink: RuntimeSink | undefined;
  #heapRow = 0;
  #heapOffset = 0;
  readonly #visitSpace: HeapSpaceVisitor = (name, v, i) => {
    (this.#sink as RuntimeSink).point(this.#heapRow, this.#spaceAttrs.get(name), v, i + this.#heapOffset);
  };

  constructor(core: RuntimeCore, rows: readonly RuntimeRow[], heapLimit: number) {
    this.#core = core;
    this.rows = rows;
    this.#heapLimit = heapLimit;
    this.#handleAttrs = core.handleTypes.map((t) => Object.freeze({ [ATTR_V8JS_RESOURCE_TYPE]: t }));
    this.#resourceSeen = new Uint8Array(this.#handleAttrs.length + 1);
  }

  /** Sends every row's points to `sink`; `core.read(window, handles, heap)` must have run just before. */
  read(window: RuntimeWindow | undefined, sink: RuntimeSink): void {
    const core = this.#core;
    const a = core.array;
    const s = core.slot;
    const scratch = this.#scratch;
    scratch[SCRATCH_UTILIZATION] = window ? window.utilization : Number.NaN;
    scratch[SCRATCH_ACTIVE] = core.active;
    scratch[SCRATCH_IDLE] = core.idle;
    scratch[SCRATCH_LIMIT] = this.#heapLimit;
    const iterations = (a[s.delayCount] as number) > 0;
    const rows = this.rows;
    for (let r = 0; r < rows.length; r++) {
      const v = (rows[r] as RuntimeRow).value;
      if (typeof v === 'object') {
        if (v.perIteration && !iterations) continue;
        const index = s[v.slot];
        if (!Number.isNaN(a[index] as number)) sink.point(r, NO_ATTRS, a, index);
        continue;
      }
      switch (v) {
        case 'utilization':
          if (!Number.isNaN(scratch[SCRATCH_UTILIZATION] as number)) sink.point(r, NO_ATTRS, scratch, SCRATCH_UTILIZATION);
          break;
        case 'heapLimit':
          if (!Number.isNaN(scratch[SCRATCH_LIMIT] as number)) sink.point(r, NO_ATTRS, scratch, SCRATCH_LIMIT);
          break;
        case 'time':
          sink.point(r, STATE_ACTIVE, scratch, SCRATCH_ACTIVE);
          sink.point(r, STATE_IDLE, scratch, SCRATCH_IDLE);
          break;
        case 'resources':
          this.#resources(r, sink);
          break;
        case 'gc':
          sink.gc(r);
          break;
        default:
          this.#sink = sink;
          this.#heapRow = r;
          this.#heapOffset = HEAP_OFFSET[v];
          forEachHeapSpace(core, this.#visitSpace);
          this.#sink = undefined;
      }
    }
  }

  #resources(r: number, sink: RuntimeSink): void {
    const core = this.#core;
    const a = core.array;
    const seen = this.#resourceSeen;
    const types = core.handleTypes.length;
    for (let i = 0; i < types; i++) {
      if ((a[core.handleBase + i] as number) > 0) seen[i] = 1;
      if (seen[i] === 1) sink.point(r, this.#handleAttrs[i] as Attributes, a, core.handleBase + i);
    }
    const requests = core.slot.activeRequests;
    if ((a[requests] as number) > 0) seen[types] = 1;
    if (seen[types] === 1) sink.point(r, REQUEST_ATTRS, a, requests);
  }
}
