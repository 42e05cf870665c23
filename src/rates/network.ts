/** Per-second rates of one network interface between two entries of a Snapshot's `network` (/proc/net/dev). */
import type { EntryField, Fields } from '../layout';
import { ratesOf } from './fields';
import { minWindowOf, type MaybeNumber, type RateOptions } from './values';

/** Network interface counters (an entry of the snapshot's `network`); missing or null = unknown. */
export type NetworkLike = { name: string } & Partial<Fields<EntryField<'network'>, MaybeNumber>>;

/** Per-second interface rates (bytes, packets, errors, dropped packets per second); `null` = unknown. */
export interface NetworkRates {
  name: string;
  rxBytesPerS: number | null;
  txBytesPerS: number | null;
  rxPacketsPerS: number | null;
  txPacketsPerS: number | null;
  rxErrorsPerS: number | null;
  txErrorsPerS: number | null;
  rxDroppedPerS: number | null;
  txDroppedPerS: number | null;
}

// Each per-second rate and the counter it is the rate of.
const COUNTERS = {
  rxBytesPerS: 'rxBytes',
  txBytesPerS: 'txBytes',
  rxPacketsPerS: 'rxPackets',
  txPacketsPerS: 'txPackets',
  rxErrorsPerS: 'rxErrors',
  txErrorsPerS: 'txErrors',
  rxDroppedPerS: 'rxDropped',
  txDroppedPerS: 'txDropped',
} as const satisfies Record<keyof Omit<NetworkRates, 'name'>, EntryField<'network'>>;

/** Per-second rates of one interface between two samples (the same name in both). */
export function networkRates(
  prev: NetworkLike,
  cur: NetworkLike,
  elapsedS: number,
  options: RateOptions = {},
): NetworkRates {
  return { name: cur.name, ...ratesOf(COUNTERS, prev, cur, elapsedS, minWindowOf(options)) };
}
