/**
 * The optional peer dependencies (@opentelemetry/api, @opentelemetry/sdk-metrics): the one place that names them.
 *
 * Types: every OpenTelemetry type procsampler uses comes from here. Each re-export carries a `@ts-ignore` that
 * tsc keeps in dist/peers.d.ts, so a TypeScript user without the peers (a Sampler-only user) compiles with
 * `skipLibCheck: false`: the OpenTelemetry types are then `any` instead of a TS2307 from our declarations. With
 * the peers installed they are the peers' own types.
 *
 * Values: `requirePeer()` loads a peer when a feature needs it, and turns a missing one into a
 * ProcsamplerError `PROCSAMPLER_PEER_MISSING` that names the package and how to install it.
 */
import { ProcsamplerError } from './errors';

/** @ts-ignore: an optional peer; without @opentelemetry/api installed these types are `any` (no TS2307). */
export type { Attributes, BatchObservableCallback, BatchObservableResult, Histogram as HistogramInstrument, HrTime, Meter, MeterProvider, Observable, ObservableCounter, ObservableGauge, ObservableUpDownCounter, ValueType } from '@opentelemetry/api';
/** @ts-ignore: an optional peer; without @opentelemetry/sdk-metrics installed these types are `any` (no TS2307). */
export type { AggregationTemporality, CollectionResult, DataPoint, DataPointType, Histogram, MetricCollectOptions, MetricData, MetricProducer, ScopeMetrics } from '@opentelemetry/sdk-metrics';

/** The optional peers by package name. */
export type PeerName = '@opentelemetry/api' | '@opentelemetry/sdk-metrics';

/**
 * Loads an optional peer for `feature` (e.g. `'HostMetrics.start()'`). Throws ProcsamplerError
 * `PROCSAMPLER_PEER_MISSING` naming the package when it is not installed; any other load error is rethrown.
 */
export function requirePeer<T>(name: PeerName, feature: string): T {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(name) as T;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes(`'${name}'`)) {
      throw new ProcsamplerError(
        'PROCSAMPLER_PEER_MISSING',
        `procsampler: ${feature} needs the optional peer dependency ${name}, which is not installed ` +
          `(npm install ${name}; it must be the copy your MeterProvider comes from)`,
      );
    }
    throw error;
  }
}
