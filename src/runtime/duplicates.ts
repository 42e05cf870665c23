/**
 * One warning when @opentelemetry/instrumentation-runtime-node runs next to procsampler's runtime metrics: it
 * emits 15 of the same names (nodejs.eventloop.delay.*, .utilization, .time, v8js.gc.duration, v8js.memory.*), so
 * every one of them is reported twice, in two scopes, with different meanings for the delay (timer lag there,
 * per-iteration time here; see docs/MIGRATION.md).
 *
 * Detection patches nothing. The package is CommonJS, so once loaded (by require or import) its files are in
 * `require.cache`. When the MeterProvider that procsampler registers on is the SDK's, its meters are listed by
 * instrumentation scope, and the warning then needs the instrumentation's own meter on that same provider (loaded
 * but registered elsewhere: no warning). Without a provider to look into (the MetricProducer path), loaded is
 * taken as running. Checked at start() and at the first collect after it, never on every collect.
 */
import * as path from 'path';

/** The package whose metrics duplicate ours, and its instrumentation scope name. */
export const RUNTIME_NODE_PACKAGE = '@opentelemetry/instrumentation-runtime-node';
/** The `code` of the warning (process.emitWarning). */
export const DUPLICATE_RUNTIME_WARNING = 'PROCSAMPLER_DUPLICATE_RUNTIME_METRICS';

const MARKER = `${path.sep}node_modules${path.sep}@opentelemetry${path.sep}instrumentation-runtime-node${path.sep}`;
let warned = false;

/** True when a file of the package is in the CommonJS module cache. */
export function runtimeNodeLoaded(cache: NodeJS.Dict<NodeModule> = require.cache): boolean {
  for (const key in cache) if (key.includes(MARKER)) return true;
  return false;
}

/**
 * Whether `provider` (an SDK MeterProvider) has a meter of the package's scope: true or false when its meter list
 * is readable, null when it is not (another implementation, the no-op provider, none given).
 */
export function providerHasRuntimeNodeMeter(provider: unknown): boolean | null {
  const states = (provider as { _sharedState?: { meterSharedStates?: unknown } } | null | undefined)?._sharedState?.meterSharedStates;
  if (!(states instanceof Map)) return null;
  for (const key of states.keys()) if (typeof key === 'string' && key.startsWith(`${RUNTIME_NODE_PACKAGE}:`)) return true;
  return false;
}

/** Emits the warning once per process when the instrumentation runs next to procsampler's runtime metrics. */
export function warnIfDuplicateRuntimeMetrics(provider?: unknown): void {
  if (warned || !runtimeNodeLoaded()) return;
  if (provider !== undefined && providerHasRuntimeNodeMeter(provider) === false) return;
  warned = true;
  process.emitWarning(
    `${RUNTIME_NODE_PACKAGE} is registered next to procsampler's runtime metrics: nodejs.eventloop.delay.*, ` +
      'nodejs.eventloop.utilization, nodejs.eventloop.time, v8js.gc.duration and v8js.memory.* are reported twice ' +
      '(two scopes; the event-loop delay means something else in each). Disable one of them ' +
      '(HostMetrics runtimeMetrics: false, or drop the instrumentation); see docs/MIGRATION.md.',
    { code: DUPLICATE_RUNTIME_WARNING, type: 'ProcsamplerWarning' },
  );
}
