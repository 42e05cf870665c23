/**
 * The system.process and system.uptime groups from /proc/stat and /proc/uptime (the system table), and the
 * process.* groups from /proc/<pid>/stat, status, io and fd (the process table): per-state and per-type series.
 * (The single-value rows, such as process.memory.usage or system.uptime, are scalar rows of the catalogue, read by
 * the model; process.cpu.utilization needs a window: UtilizationWindow computes it from process.cpu.time.)
 */
import * as sc from '../../semconv';
import type { ScalarField } from '../../layout';
import { type TableLike, tableUsable } from '../value-source';
import type { Series } from '../series';
import { PAGE_FAULT_TYPES } from './memory';
import { at, idx, put, type FixedSeries } from './table-read';
import {
  CPU_MODE_USER_SYSTEM,
  DISK_IO_DIRECTION,
  enumAttributes,
  PROCESS_CONTEXT_SWITCH_TYPE,
  PROCESS_STATE,
} from '../catalogue/attributes';

/** The system.process series of one HostModel. */
export class SystemProcessFill {
  readonly #count?: Series;

  constructor(fixed: FixedSeries) {
    this.#count = fixed(sc.METRIC_SYSTEM_PROCESS_COUNT, enumAttributes(PROCESS_STATE)); // running, blocked
  }

  fill(t: TableLike<'system'> | undefined): void {
    const ok = tableUsable(t);
    put(this.#count, 0, ok ? at(t.array, idx(t, 'procsRunning')) : NaN);
    put(this.#count, 1, ok ? at(t.array, idx(t, 'procsBlocked')) : NaN);
  }
}

/** The process.* series (per mode, type or direction, and the uptime) of one HostModel. */
export class ProcessFill {
  readonly #cpuTime?: Series;
  readonly #contextSwitches?: Series;
  readonly #faults?: Series;
  readonly #diskIo?: Series;
  readonly #uptime?: Series;

  constructor(fixed: FixedSeries) {
    const modes = enumAttributes(CPU_MODE_USER_SYSTEM); // user, system
    this.#cpuTime = fixed(sc.METRIC_PROCESS_CPU_TIME, modes);
    fixed(sc.METRIC_PROCESS_CPU_UTILIZATION, modes);
    // voluntary, involuntary
    this.#contextSwitches = fixed(sc.METRIC_PROCESS_CONTEXT_SWITCHES, enumAttributes(PROCESS_CONTEXT_SWITCH_TYPE));
    this.#faults = fixed(sc.METRIC_PROCESS_PAGING_FAULTS, PAGE_FAULT_TYPES);
    this.#diskIo = fixed(sc.METRIC_PROCESS_DISK_IO, enumAttributes(DISK_IO_DIRECTION)); // read, write
    this.#uptime = fixed(sc.METRIC_PROCESS_UPTIME, [{}]);
  }

  fill(t: TableLike<'process'> | undefined, sys: TableLike<'system'> | undefined): void {
    const ok = tableUsable(t);
    const g = (k: ScalarField<'process'>): number => (ok ? at(t.array, idx(t, k)) : NaN);
    put(this.#cpuTime, 0, g('cpuUser'));
    put(this.#cpuTime, 1, g('cpuSystem'));
    put(this.#contextSwitches, 0, g('voluntaryContextSwitches'));
    put(this.#contextSwitches, 1, g('involuntaryContextSwitches'));
    put(this.#faults, 0, g('majorFaults'));
    put(this.#faults, 1, g('minorFaults'));
    put(this.#diskIo, 0, g('readBytes'));
    put(this.#diskIo, 1, g('writeBytes'));
    // Uptime from the boot-relative clock of the same sample: system uptime - (start - boot). No wall clock.
    const sok = tableUsable(sys);
    const up = sok ? at(sys.array, idx(sys, 'uptime')) : NaN;
    const boot = sok ? at(sys.array, idx(sys, 'bootTime')) : NaN;
    const pu = up - (g('startTime') - boot);
    put(this.#uptime, 0, pu >= 0 ? pu : NaN);
  }
}
