/**
 * The optional peer dependencies (@opentelemetry/api, @opentelemetry/sdk-metrics,
 * @opentelemetry/exporter-prometheus): the one place that names them and loads them.
 *
 * Types: every OpenTelemetry type procsampler uses comes from here. Each re-export carries a `@ts-ignore` that
 * tsc keeps in dist/peers.d.ts, so a TypeScript user without the peers (a Sampler-only user) compiles with
 * `skipLibCheck: false`: the OpenTelemetry types are then `any` instead of a TS2307 from our declarations. With
 * the peers installed they are the peers' own types.
 *
 * Values: `requirePeer()` loads a peer when a feature needs it; `checkPeers()` checks for several before a feature
 * starts. A missing one is a ProcsamplerError `PROCSAMPLER_PEER_MISSING` with one message shape, built by
 * `peerMissingError()`: the feature, the packages, and the `npm install` line that adds them.
 */
import { ProcsamplerError } from './errors';

/** @ts-ignore: an optional peer; without @opentelemetry/api installed these types are `any` (no TS2307). */
export type { Attributes, BatchObservableCallback, BatchObservableResult, Histogram as HistogramInstrument, HrTime, Meter, MeterProvider, Observable, ObservableCounter, ObservableGauge, ObservableUpDownCounter, ValueType } from '@opentelemetry/api';
/** @ts-ignore: an optional peer; without @opentelemetry/sdk-metrics installed these types are `any` (no TS2307). */
export type { AggregationTemporality, CollectionResult, DataPoint, DataPointType, Histogram, MetricCollectOptions, MetricData, MetricProducer, ScopeMetrics } from '@opentelemetry/sdk-metrics';

/** Every optional peer, by package name (package.json peerDependencies). */
export const PEER_NAMES = Object.freeze(['@opentelemetry/api', '@opentelemetry/sdk-metrics', '@opentelemetry/exporter-prometheus'] as const);

/** One of {@link PEER_NAMES}. */
export type PeerName = (typeof PEER_NAMES)[number];

/**
 * The error every missing peer is reported with: ProcsamplerError `PROCSAMPLER_PEER_MISSING`, its message
 * `procsampler: <feature> needs the optional peer dependency <names>, which is not installed (npm install <names>;
 * the OpenTelemetry packages must be the copies your MeterProvider comes from)`.
 */
export function peerMissingError(feature: string, names: readonly PeerName[]): ProcsamplerError {
  const several = names.length > 1;
  return new ProcsamplerError(
    'PROCSAMPLER_PEER_MISSING',
    `procsampler: ${feature} needs the optional peer ${several ? 'dependencies' : 'dependency'} ${names.join(', ')}, ` +
      `which ${several ? 'are' : 'is'} not installed (npm install ${names.join(' ')}; the OpenTelemetry packages must ` +
      'be the copies your MeterProvider comes from)',
  );
}

/** True when `error` is Node's "Cannot find module" for package `name` itself (not for a file it requires). */
function isNotFound(error: unknown, name: string): boolean {
  const e = error as NodeJS.ErrnoException | null;
  return e !== null && typeof e === 'object' && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes(`'${name}'`);
}

/** The peers of `names` that cannot be resolved from this package, in the order given. */
export function missingPeers(names: readonly PeerName[]): PeerName[] {
  return names.filter((name) => {
    try {
      require.resolve(name);
      return false;
    } catch (error) {
      if (isNotFound(error, name)) return true;
      throw error;
    }
  });
}

/** Throws {@link peerMissingError} naming every peer of `names` that is not installed; returns when all are. */
export function checkPeers(feature: string, names: readonly PeerName[]): void {
  const missing = missingPeers(names);
  if (missing.length > 0) throw peerMissingError(feature, missing);
}

/**
 * Loads an optional peer for `feature` (e.g. `'HostMetrics.start()'`). Throws {@link peerMissingError} when it is
 * not installed; any other load error (a broken install, an error inside the package) is rethrown as it is.
 */
export function requirePeer<T>(name: PeerName, feature: string): T {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(name) as T;
  } catch (error) {
    if (isNotFound(error, name)) throw peerMissingError(feature, [name]);
    throw error;
  }
}
