/**
 * Run by exporters.test.ts in a child node process: the OTLP/HTTP exporter loads node's http module with a dynamic
 * import(), which jest's module sandbox refuses. Exports the instrument path and the producer path once each to the
 * URL in argv[2], then exits.
 */
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { HostMetrics } from '../../../src/otel';
import { FakeSource, fullFrame } from '../helpers';

async function main(url: string): Promise<void> {
  const { frame, asyncFrame } = fullFrame(1);
  const source = new FakeSource(frame);
  source.asyncFrame = asyncFrame;
  let now = 10;
  const sdkReader = new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url }), exportIntervalMillis: 3600000 });
  const provider = new MeterProvider({ readers: [sdkReader] });
  const hm = new HostMetrics({ meterProvider: provider, source, clock: () => now });
  hm.start();
  await hm.refreshAsync();
  const fastReader = new PeriodicExportingMetricReader({
    exporter: new OTLPMetricExporter({ url }),
    exportIntervalMillis: 3600000,
    metricProducers: [hm.metricProducer()],
  });
  const empty = new MeterProvider({ readers: [fastReader] });
  now += 1;
  source.frame = fullFrame(2).frame;
  await sdkReader.forceFlush();
  await fastReader.forceFlush();
  await hm.shutdown();
  await provider.shutdown();
  await empty.shutdown();
}

main(process.argv[2] as string).then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
