/** The instrumentation scope version and the Resource that procsampler's MetricProducers report. */
import type { CollectionResult } from '../peers';

/** The package version (the instrumentation scope version of every procsampler meter and producer). */
export function packageVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('../../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/**
 * The Resource a producer reports when it is collected without a reader (a reader uses its MeterProvider's own
 * Resource and ignores this one).
 */
export function defaultResource(): CollectionResult['resourceMetrics']['resource'] {
  try {
    // @opentelemetry/resources is a dependency of @opentelemetry/sdk-metrics, present whenever a reader is.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('@opentelemetry/resources') as { emptyResource(): CollectionResult['resourceMetrics']['resource'] })
      .emptyResource();
  } catch {
    return {
      attributes: {},
      asyncAttributesPending: false,
      schemaUrl: undefined,
      waitForAsyncAttributes: async () => undefined,
      merge(other) {
        return other ?? this;
      },
      getRawAttributes: () => [],
    } as CollectionResult['resourceMetrics']['resource'];
  }
}
