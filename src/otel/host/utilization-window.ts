/**
 * The windowed utilization gauges of one consumer: system.cpu.utilization, process.cpu.utilization and
 * container.cpu.usage over the window from this consumer's previous distinct sample to the current one. The
 * instrument path has one window, each MetricProducer its own, so readers do not shorten each other's windows.
 */
import * as sc from '../../semconv';
import { CPU_MODE_COUNT, cpuUtilizationInto, processCpuUtilization } from '../../rates';
import { METRIC_CONTAINER_CPU_TIME, METRIC_CONTAINER_CPU_USAGE } from '../container/names';
import type { Series } from '../series';
import type { HostModel } from './model';

/**
 * The utilization gauges that need a window, for one consumer (the instrument path has one, each MetricProducer
 * has its own): system.cpu.utilization and process.cpu.utilization over the window from this consumer's previous
 * distinct sample to the current one. A collect that sees the same sample again reports the same values.
 */
export class UtilizationWindow {
  /** The series this consumer emits: the model's, with the two windowed gauges replaced by its own. */
  readonly series: readonly Series[];
  #model: HostModel;
  #seen = 0;
  #baseTime = NaN;
  #cpuCur?: Series;
  #cpuOut?: Series;
  #cpuBase = new Float64Array(0);
  #procCur?: Series;
  #procOut?: Series;
  #procBase = new Float64Array([NaN, NaN]);
  #ctrCur?: Series;
  #ctrOut?: Series;
  #ctrBase = new Float64Array([NaN, NaN]);

  constructor(model: HostModel) {
    this.#model = model;
    this.#cpuCur = model.get(sc.METRIC_SYSTEM_CPU_TIME);
    this.#procCur = model.get(sc.METRIC_PROCESS_CPU_TIME);
    this.#ctrCur = model.get(METRIC_CONTAINER_CPU_TIME);
    this.series = model.series.map((s) => {
      if (s.def.name === sc.METRIC_SYSTEM_CPU_UTILIZATION) {
        this.#cpuOut = { ...s, values: new Float64Array(0), count: 0 };
        return this.#cpuOut;
      }
      if (s.def.name === sc.METRIC_PROCESS_CPU_UTILIZATION) {
        this.#procOut = { ...s, values: new Float64Array(2).fill(NaN) };
        return this.#procOut;
      }
      if (s.def.name === METRIC_CONTAINER_CPU_USAGE) {
        this.#ctrOut = { ...s, values: new Float64Array(2).fill(NaN) };
        return this.#ctrOut;
      }
      return s;
    });
    if (model.sampleId > 0) this.update();
  }

  /** Brings the windowed values to the model's current sample; cheap when the sample was already seen. */
  update(): void {
    const m = this.#model;
    if (this.#seen === m.sampleId) return;
    const first = this.#seen === 0;
    const elapsed = m.sampleTime - this.#baseTime;
    const ok = !first && elapsed >= m.minWindowS;
    this.#seen = m.sampleId;
    const cur = this.#cpuCur;
    const out = this.#cpuOut;
    if (cur && out) {
      out.attrs = cur.attrs;
      out.count = cur.count;
      if (out.values.length < cur.count) out.values = new Float64Array(cur.count);
      const keys = m.cpuKeys;
      let need = 0;
      for (let b = 0; b < keys.length; b++) need = Math.max(need, ((keys[b] as number) + 2) * CPU_MODE_COUNT);
      if (this.#cpuBase.length < need) {
        const nb = new Float64Array(need).fill(NaN);
        nb.set(this.#cpuBase);
        this.#cpuBase = nb;
      }
      const base = this.#cpuBase;
      for (let b = 0; b < keys.length; b++) {
        const k = keys[b] as number;
        const minTotal = m.minWindowS * (k < 0 ? m.cpuCount : 1);
        const o = b * CPU_MODE_COUNT;
        if (ok) cpuUtilizationInto(base, (k + 1) * CPU_MODE_COUNT, cur.values, o, out.values, o, minTotal);
        else out.values.fill(NaN, o, o + CPU_MODE_COUNT);
      }
      if (ok || first) {
        // A CPU absent now must not keep an old baseline: if it comes back, its first window has no value.
        base.fill(NaN);
        for (let b = 0; b < keys.length; b++) {
          const k = keys[b] as number;
          base.set(cur.values.subarray(b * CPU_MODE_COUNT, (b + 1) * CPU_MODE_COUNT), (k + 1) * CPU_MODE_COUNT);
        }
      }
    }
    const pc = this.#procCur;
    const po = this.#procOut;
    if (pc && po) {
      for (let i = 0; i < 2; i++) {
        const d = (pc.values[i] as number) - (this.#procBase[i] as number);
        po.values[i] = ok ? processCpuUtilization(d, elapsed, m.processCpus, m.minWindowS) : NaN;
      }
      if (ok || first) this.#procBase.set(pc.values.subarray(0, 2));
    }
    const cc = this.#ctrCur;
    const co = this.#ctrOut;
    if (cc && co) {
      // CPUs in use: CPU-time delta / elapsed, not divided by any CPU count (a counter reset gives no value).
      for (let i = 0; i < 2; i++) {
        const d = (cc.values[i] as number) - (this.#ctrBase[i] as number);
        co.values[i] = ok && d >= 0 ? d / elapsed : NaN;
      }
      if (ok || first) this.#ctrBase.set(cc.values.subarray(0, 2));
    }
    if (ok || first) this.#baseTime = m.sampleTime;
  }
}
