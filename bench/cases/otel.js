'use strict';
// procsampler's OpenTelemetry layer: a collect through its instruments (HostMetrics + MeterProvider + a pull
// MetricReader), through its MetricProducer, and the SDK-only floor: a MeterProvider with ONE batch observable
// callback observing constants for the same instruments and attribute sets as the instrument path emits.
const { loadProcsampler, loadDist } = require('../lib/procsampler');
const { pullProvider, countPoints, shapeOf, sdkFloor, loadSdk } = require('../lib/otel');
const { interleave, round } = require('../lib/measure');

const INSTRUMENT = 'procsampler OTel: collect via instruments (MeterProvider + reader)';
const PRODUCER = 'procsampler OTel: metricProducer().collect()';
const PRODUCER_READER = 'procsampler OTel: reader.collect() with metricProducers: [producer]';
const FLOOR = 'OTel SDK floor: one batch callback, same points (constants)';

function skipAll(ctx, reason) {
  for (const name of [INSTRUMENT, PRODUCER, PRODUCER_READER, FLOOR]) ctx.skip(name, reason);
  const ratio = { skipped: reason };
  return {
    ratios: {
      instrumentCollectVsSdkFloor: ratio,
      producerVsInstrumentCollect: ratio,
      producerHeapVsInstrument: ratio,
    },
  };
}

async function run(ctx) {
  const core = loadProcsampler();
  if (core.skipped) return skipAll(ctx, core.skipped);
  const otel = loadDist('otel');
  if (otel.skipped) return skipAll(ctx, otel.skipped);
  try {
    loadSdk();
  } catch (error) {
    return skipAll(ctx, `@opentelemetry/sdk-metrics unavailable: ${error.message}`);
  }
  const { HostMetrics } = otel.mod;
  // Every collect samples (minSampleIntervalMs 0; the default reuses a sample under 200 ms old), host metrics
  // only (no runtime plug-in), all host groups.
  const options = { minSampleIntervalMs: 0, runtimeMetrics: false };

  const inst = pullProvider();
  const hmInstruments = new HostMetrics({ ...options, meterProvider: inst.provider });
  hmInstruments.start();
  // The first collect only sets the baseline of the utilization and rate windows (88 points here); from the second
  // on, utilization gauges appear (about 2.3x the points). Shape the floor from a steady-state collect, so both
  // sides observe the same points.
  await inst.collect();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const first = await inst.collect();
  const shape = shapeOf(first);
  const counted = countPoints(first);
  ctx.log(`instrument path: ${counted.metrics} metrics, ${counted.points} points`);

  const floor = sdkFloor(shape);
  const floorFirst = countPoints(await floor.collect());

  const hmProducer = new HostMetrics(options);
  const producer = hmProducer.metricProducer();
  await producer.collect();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const produced = countPoints(await producer.collect());

  const { sdk, PullReader } = loadSdk();
  const producerReader = new PullReader({ metricProducers: [hmProducer.metricProducer()] });
  const producerProvider = new sdk.MeterProvider({ readers: [producerReader] });

  const instCase = await ctx.measure({
    name: INSTRUMENT,
    async: true,
    fn: inst.collect,
    note: `${counted.metrics} metrics, ${counted.points} points`,
  });
  const floorCase = await ctx.measure({
    name: FLOOR,
    async: true,
    fn: floor.collect,
    note: `${floorFirst.metrics} metrics, ${floorFirst.points} points`,
  });
  const producerCase = await ctx.measure({
    name: PRODUCER,
    async: true,
    fn: () => producer.collect(),
    note: `${produced.metrics} metrics, ${produced.points} points`,
  });
  await ctx.measure({ name: PRODUCER_READER, async: true, fn: () => producerReader.collect() });

  // The ratios come from interleaved rounds (less drift than two separate benchmark.js runs).
  const rounds = ctx.ci ? 9 : 25;
  const iterations = ctx.ci ? 50 : 200;
  const vsFloor = await interleave(inst.collect, floor.collect, { rounds, iterations, async: true });
  const vsProducer = await interleave(inst.collect, () => producer.collect(), { rounds, iterations, async: true });
  ctx.log(
    `interleaved: instrument/floor ${round(vsFloor.ratio, 3)}, ` +
      `instrument/producer ${round(vsProducer.ratio, 3)}`,
  );

  await hmInstruments.shutdown();
  await hmProducer.shutdown();
  await inst.provider.shutdown();
  await floor.provider.shutdown();
  await producerProvider.shutdown();

  const heapRatio =
    instCase.skipped || producerCase.skipped || instCase.heapBytesPerOp === null || producerCase.heapBytesPerOp === null
      ? { skipped: 'heap not measured' }
      : round(instCase.heapBytesPerOp / Math.max(producerCase.heapBytesPerOp, 1), 2);
  return {
    ratios: {
      instrumentCollectVsSdkFloor: floorCase.skipped ? { skipped: floorCase.skipped } : round(vsFloor.ratio, 3),
      producerVsInstrumentCollect: producerCase.skipped ? { skipped: producerCase.skipped } : round(vsProducer.ratio, 3),
      producerHeapVsInstrument: heapRatio,
    },
    info: {
      instrumentPoints: counted,
      floorPoints: floorFirst,
      producerPoints: produced,
      interleaved: {
        rounds,
        iterations,
        instrumentNs: round(vsFloor.a, 1),
        sdkFloorNs: round(vsFloor.b, 1),
        producerNs: round(vsProducer.b, 1),
        instrumentVsFloorRounds: vsFloor.ratios.map((r) => round(r, 3)),
        instrumentVsProducerRounds: vsProducer.ratios.map((r) => round(r, 3)),
      },
    },
  };
}

module.exports = { run };
