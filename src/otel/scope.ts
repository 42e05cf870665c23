/** The instrumentation scope version and the default Resource shared by procsampler's MetricProducers. */
import type { CollectionResult } from '@opentelemetry/sdk-metrics';

/** This package's version (the instrumentation scope version), or 0.0.0 when package.json cannot be read. */
export function packageVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('../../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** An empty Resource, for producer results used without a reader that supplies its own. */
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
