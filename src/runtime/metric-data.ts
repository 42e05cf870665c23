/**
 * RuntimeMetrics' metricData(): the runtime rows' points as ready-made MetricData (CUMULATIVE), in two
 * generations used in turn (src/otel/metric-pool.ts), so that a result stays intact until the second call after
 * it and a call allocates nothing in the steady state.
 */
import type { Attributes, HrTime, MetricData } from '../peers';
import { Generation, Generations, type MetricSlot } from '../otel/metric-pool';
import type { RuntimeRow } from '../otel/catalogue/runtime';
import { GC_TYPES } from '../layout';
import type { GcStats } from './gc';
import type { RuntimeCore, RuntimeWindow } from './native-runtime';
import { GC_ATTRS, type RuntimeReadings, type RuntimeSink } from './readings';

/** The MetricProducer data of one RuntimeMetrics. */
export class RuntimeMetricData implements RuntimeSink {
  readonly #readings: RuntimeReadings;
  readonly #gc: GcStats;
  readonly #generations = new Generations(() => new Generation());
  /** This collect's slots, by row position (reused array). */
  readonly #slots: MetricSlot[] = [];
  #start: HrTime = [0, 0];
  #end: HrTime = [0, 0];

  constructor(readings: RuntimeReadings, gc: GcStats) {
    this.#readings = readings;
    this.#gc = gc;
  }

  /**
   * Fills the next generation from the core's last read (`core.read(window, true, true, true)` just before) and
   * returns its MetricData, those with points, in row order. `startTime` is the start of every point; when
   * `startNow` and it is still unset ([0, 0]), it is set to this collect's time first.
   */
  collect(core: RuntimeCore, window: RuntimeWindow | undefined, startTime: [number, number], startNow: boolean): MetricData[] {
    const g = this.#generations.next();
    g.begin();
    core.writeReadTime(g.endTime);
    if (startNow && startTime[0] === 0) {
      startTime[0] = g.endTime[0];
      startTime[1] = g.endTime[1];
    }
    this.#start = startTime;
    this.#end = g.endTime;
    const rows = this.#readings.rows;
    const slots = this.#slots;
    for (let r = 0; r < rows.length; r++) slots[r] = g.slotAt(r, rows[r] as RuntimeRow);
    this.#readings.read(window, this);
    for (let r = 0; r < rows.length; r++) g.emit(slots[r] as MetricSlot);
    return g.finish();
  }

  point(row: number, attributes: Attributes, values: Float64Array, index: number): void {
    (this.#slots[row] as MetricSlot).number(this.#start, this.#end, attributes, values, index);
  }

  gc(row: number): void {
    const slot = this.#slots[row] as MetricSlot;
    const boundaries = (this.#readings.rows[row] as RuntimeRow).boundaries ?? [];
    const gc = this.#gc;
    const n = gc.bucketCount;
    for (let t = 0; t < GC_TYPES.length; t++) {
      const count = gc.count[t] as number;
      if (count === 0) continue;
      const p = slot.histogramPoint(this.#start, this.#end, GC_ATTRS[t] as Attributes, boundaries, n);
      p.startTime = this.#start;
      p.attributes = GC_ATTRS[t] as Attributes;
      const h = p.value;
      const counts = h.buckets.counts;
      for (let b = 0; b < n; b++) counts[b] = gc.buckets[t * n + b] as number;
      h.count = count;
      h.sum = gc.sum[t] as number;
      h.min = gc.min[t] as number;
      h.max = gc.max[t] as number;
    }
  }
}
