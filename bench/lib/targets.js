'use strict';
// The ratios the benchmark reports, their targets (from the project's issues) and the looser regression
// thresholds bench/check.js enforces on shared, noisy CI machines.
//   max: the ratio must be <= the bound; min: >= the bound.
const RATIOS = {
  sampleVsFloor: {
    what: 'sample() (default sources) CPU time / C floor CPU time, same files, paired rounds on one CPU',
    // The sampler's target is 1.15 (the C floor plus 15 %); the CI threshold stays looser for shared machines.
    target: { max: 1.15 },
    check: { max: 1.3 },
    required: true,
  },
  cgroupSampleVsFloor: {
    what: 'sample() of the cgroup and pressure sources / C floor reading the same files the same way, paired rounds on one CPU',
    target: { max: 1.15 },
    check: { max: 1.3 },
  },
  heapBytesPerSample: {
    what: 'JS heap bytes per sample(), averaged over 100,000 samples with no GC in the window',
    target: { max: 8 },
    check: { max: 64 },
    required: true,
  },
  instrumentCollectVsSdkFloor: {
    what: 'OTel collect through procsampler instruments / SDK alone observing the same constant points',
    target: { max: 1.3 },
    check: { max: 1.6 },
  },
  producerVsInstrumentCollect: {
    what: 'collect time through instruments / through metricProducer().collect()',
    target: { min: 5 },
    check: { min: 3 },
  },
  producerHeapVsInstrument: {
    what: 'heap per collect through instruments / through metricProducer().collect()',
    target: { min: 10 },
    check: { min: 5 },
  },
  hostMetricsVsInstrumentCollect: {
    what: '@opentelemetry/host-metrics collect (all groups) time / procsampler instrument collect time',
  },
  tcpAsyncMaxStallMs20k: {
    what: 'longest event-loop stall (ms) during sampleAsync() TCP per-state refresh at 20,000 connections',
    target: { max: 1 },
  },
  tcpAsyncMaxStallNetMs20k: {
    what: 'the same, less the time the main thread was preempted by other processes (a shared machine)',
    target: { max: 1 },
    check: { max: 2 },
    // When an idle loop in the same process, at the same moment, already stalls this long, the machine is too
    // noisy to judge a 1 ms target: the check reports it as inconclusive instead of failing.
    noiseKey: 'idleLoopMaxStallNetMs20k',
    noiseMax: 1,
  },
  tcpAsyncMainThreadCpuMsPerOp20k: {
    what: 'main-thread CPU per sampleAsync() at 20,000 connections (ms): the loop time the refresh itself costs, whatever the neighbours do',
    target: { max: 1 },
    check: { max: 2 },
  },
  idleLoopMaxStallNetMs20k: {
    what: 'the probe on an idle loop just before (1 ms timers only): the machine’s own noise floor for the stall',
  },
  runtimeHooksThroughputRatio: {
    what: 'setImmediate ping-pong iterations/s with runtime hooks on / off (median over processes of the median per-round ratio, off/on/off windows)',
    target: { min: 0.99 },
    // The hook adds a fixed ~20-25 ns to a turn (a prepare callback, a counter read, a store; info.runtime
    // hookNsPerTurn). Where this gate was first set (a kvm-clock guest) a turn took ~2.6 us and the hook read
    // 0.99; on a guest with a tsc clocksource a turn takes ~0.77 us and the same hook reads 0.965-0.973
    // (2 December 2026; an empty prepare callback alone 0.99). 0.95 there is ~40 ns a turn: a regression of the
    // hook's own work still fails.
    check: { min: 0.95 },
  },
  runtimeFastPathHeapBytes: {
    what: 'JS heap bytes per RuntimeMetrics.metricData() (the MetricProducer fast path), no GC in the window',
    target: { max: 300 },
    check: { max: 1024 },
  },
  runtimeProducerHeapBytes: {
    what: 'JS heap bytes per collect of a HostMetrics producer serving only the runtime groups',
    target: { max: 300 },
    check: { max: 1024 },
  },
  runtimeSnapshotHeapVsObject: {
    what: 'JS heap allocated per RuntimeMetrics.snapshot() / heap the returned object keeps alive, both by V8’s sampling heap profiler (1 = nothing beyond the returned object)',
    target: { max: 1.05 },
    check: { max: 1.25 },
  },
  httpThroughputRatio: {
    what: 'hello-world node:http requests/s with procsampler HTTP server metrics on / off (two server processes each side, averaged within a round; median over palindrome rounds of the ratio within a round, the rounds shared out over five generations of fresh servers; bench/load.c, 50 keep-alive connections per server, windows of 150 ms, 127.0.0.1, the servers and the load pinned to different CPUs)',
    target: { min: 0.97 },
    // Wall-clock throughput on a shared 2-core machine moves by tens of percent between seconds; the CPU-based
    // ratio below is the tight gate.
    check: { min: 0.8 },
  },
  httpOtelInstrumentationThroughputRatio: {
    what: 'the same with @opentelemetry/instrumentation-http 0.219 (metrics only) / off, same rounds',
  },
  httpPromClientThroughputRatio: {
    what: 'the same with a prom-client Histogram (3 labels) observed per request / off, same rounds',
  },
  exampleServiceThroughputRatio: {
    what: 'the monitored example service (HTTP, host, runtime metrics, summaries, health monitor at 1 s, /metrics scraped every second) requests/s on GET /work?n=20 with monitoring on / off, loaded one at a time in alternating palindrome rounds on one pinned CPU (two services a side; median over rounds of the ratio within a round, the rounds shared out over generations of fresh services; wrk, 50 connections)',
    target: { min: 0.95 },
    // wall-clock throughput on a shared 2-core machine moves by tens of percent between seconds
    check: { min: 0.8 },
  },
  exampleServiceCpuThroughputRatio: {
    what: 'the same rounds read by the service thread’s CPU per request: off ns / on ns (robust to other tenants)',
    target: { min: 0.95 },
    check: { min: 0.85 },
  },
  exampleControlThroughputRatio: {
    what: 'the same rounds, a second service with monitoring off / the first (A/A control: the noise left in the method)',
  },
  httpCpuThroughputRatio: {
    what: 'the same rounds read by the server thread’s CPU per request: off ns / on ns (robust to other tenants)',
    target: { min: 0.97 },
    check: { min: 0.9 },
  },
  httpMetricsCpuNsPerRequest: {
    what: 'main-thread CPU ns per request of the HTTP metrics handlers themselves (channel messages of node:http objects, on vs no-op subscribers, alternating rounds, median)',
  },
  httpServerCpuDeltaNsPerRequest: {
    what: 'main-thread CPU ns per request of the loaded server with procsampler HTTP metrics, less the off server in the same round (median; noisy)',
  },
  httpOtelInstrumentationCpuNsPerRequest: {
    what: 'the same for @opentelemetry/instrumentation-http',
  },
  httpPromClientCpuNsPerRequest: {
    what: 'the same for prom-client',
  },
  httpHeapBytesPerRequest: {
    what: 'JS heap bytes per request that V8’s sampling heap profiler attributes to procsampler’s HTTP frames and their callees, steady state under load',
    target: { max: 16 },
    check: { max: 64 },
  },
  httpProducerVsSdkCollect: {
    what: 'collect of 1,000 HTTP duration series: SDK Histogram instruments time / the producer path time',
    target: { min: 5 },
    check: { min: 3 },
  },
  poolGenericAcquireRatio: {
    what: 'generic-pool acquire + release with monitorPool / without (in-memory factory, alternating rounds; the instrumentation alone)',
  },
  poolPgAcquireRatio: {
    what: 'pg-pool connect + release with monitorPool / without (in-process client, alternating rounds; the instrumentation alone)',
  },
  summaryInsertNs: {
    what: 'procsampler Summary.record() median ns per insert (log-normal values, interleaved rounds with the peers)',
    target: { max: 100 },
    check: { max: 200 },
  },
  summaryBytesPerSeries: {
    what: 'bytes a Summary series holds at 1% in its worst case (values over more decades than its bucket budget), JS heap + ArrayBuffers after a full GC',
    target: { max: 8192 },
    check: { max: 8192 },
  },
  summaryBytesPerSeriesLogNormal: {
    what: 'bytes a Summary series holds after 100,000 log-normal latencies (a typical series)',
  },
  summaryRecordHeapBytes: {
    what: 'JS heap bytes per Summary.record() once the range of keys is stable (no allocation on the hot path)',
    target: { max: 1 },
    check: { max: 8 },
  },
  summaryInsertVsDDSketch: {
    what: '@datadog/sketches-js DDSketch.accept() time / Summary.record() time (1% both)',
  },
  summaryInsertVsPromClient: {
    what: 'prom-client Summary.observe() (t-digest) time / Summary.record() time',
  },
  summaryBytesVsPromClient: {
    what: 'bytes per series: prom-client Summary / procsampler Summary (100,000 log-normal values each)',
  },
  summaryBytesVsDDSketch: {
    what: 'bytes per series: DDSketch / procsampler Summary (100,000 log-normal values each)',
  },
  storeSortBytesVsSummary1e6: {
    what: 'the original design’s store-and-sort aggregator at 10^6 values / a Summary in its worst case, bytes',
  },
  storeSortReadVsSummary1e6: {
    what: 'one p99 read at 10^6 values: store-and-sort (copy and sort) / Summary.quantile()',
  },
  healthReportUs: {
    what: 'HealthMonitor.report() main-thread time from the cached sample, microseconds',
    target: { max: 50 },
    check: { max: 100 },
  },
  healthSamplesBeyondInterval: {
    what: 'samples a HealthMonitor took while /health answered ~1,000 requests/s for 2 s, minus what its 250 ms interval allows',
    target: { max: 0 },
    check: { max: 0 },
  },
  scaleSampleVsFloorMax: {
    what: 'sample() / C floor on the same synthetic tree, the worst over 1-256 CPUs, 10-1,000 disks, 10-1,000 interfaces, 100-2,000 mounts (bench/cases/scale.js)',
    target: { max: 1.15 },
    check: { max: 1.3 },
    required: true,
  },
  scaleHeapBytesPerSampleMax: {
    what: 'JS heap bytes per sample() on the synthetic trees, the worst over every size',
    target: { max: 0.5 },
    check: { max: 64 },
  },
  scaleEntriesComplete: {
    what: 'every CPU, disk, interface and mount of every synthetic tree reported, status OK (1 = yes)',
    target: { min: 1 },
    check: { min: 1 },
    required: true,
  },
};

function describeBound(bound) {
  if (!bound) return '';
  return bound.max !== undefined ? `≤ ${bound.max}` : `≥ ${bound.min}`;
}

function meets(value, bound) {
  if (!bound) return null;
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  return bound.max !== undefined ? value <= bound.max : value >= bound.min;
}

module.exports = { RATIOS, describeBound, meets };
