'use strict';
// OpenTelemetry helpers shared by the OTel cases: a pull reader whose collect() the benchmark calls, and the
// shape of a collection (metrics and data points) so the SDK-only floor can observe the same points.

/** Loads the SDK lazily so a missing peer becomes a skipped case, not a crash. */
function loadSdk() {
  const sdk = require('@opentelemetry/sdk-metrics');
  const api = require('@opentelemetry/api');
  class PullReader extends sdk.MetricReader {
    async onForceFlush() {}
    async onShutdown() {}
  }
  return { sdk, api, PullReader };
}

/** A MeterProvider with one pull reader: `collect()` runs every callback and returns the ResourceMetrics. */
function pullProvider() {
  const { sdk, PullReader } = loadSdk();
  const reader = new PullReader();
  const provider = new sdk.MeterProvider({ readers: [reader] });
  return { provider, reader, collect: () => reader.collect() };
}

/** Counts metrics and data points of a collect() result ({ resourceMetrics, errors }). */
function countPoints(collected) {
  let metrics = 0;
  let points = 0;
  const rm = collected.resourceMetrics || collected;
  for (const scope of rm.scopeMetrics || []) {
    for (const metric of scope.metrics) {
      metrics++;
      points += metric.dataPoints.length;
    }
  }
  return { metrics, points };
}

/**
 * The shape of a collection: per metric its name, kind and the attribute sets of its points, so a floor can
 * emit the same number of points through the same instrument kinds.
 */
function shapeOf(collected) {
  const { sdk } = loadSdk();
  const shape = [];
  const rm = collected.resourceMetrics || collected;
  for (const scope of rm.scopeMetrics || []) {
    for (const metric of scope.metrics) {
      let kind = 'gauge';
      if (metric.dataPointType === sdk.DataPointType.SUM) kind = metric.isMonotonic ? 'counter' : 'updowncounter';
      shape.push({
        name: metric.descriptor.name,
        unit: metric.descriptor.unit,
        kind,
        attributes: metric.dataPoints.map((p) => ({ ...p.attributes })),
      });
    }
  }
  return shape;
}

/**
 * The SDK-only floor: a MeterProvider with ONE batch observable callback observing constant values for the
 * same instruments and attribute sets as `shape`. Attribute objects are created once, up front.
 */
function sdkFloor(shape) {
  const { provider, reader, collect } = pullProvider();
  const meter = provider.getMeter('bench-sdk-floor');
  const observations = [];
  const instruments = [];
  for (const m of shape) {
    const options = { unit: m.unit };
    const instrument =
      m.kind === 'counter'
        ? meter.createObservableCounter(m.name, options)
        : m.kind === 'updowncounter'
          ? meter.createObservableUpDownCounter(m.name, options)
          : meter.createObservableGauge(m.name, options);
    instruments.push(instrument);
    m.attributes.forEach((attributes, i) => observations.push({ instrument, value: 1000 + i, attributes }));
  }
  meter.addBatchObservableCallback((result) => {
    for (let i = 0; i < observations.length; i++) {
      const o = observations[i];
      result.observe(o.instrument, o.value, o.attributes);
    }
  }, instruments);
  return { provider, reader, collect, points: observations.length };
}

module.exports = { loadSdk, pullProvider, countPoints, shapeOf, sdkFloor };
