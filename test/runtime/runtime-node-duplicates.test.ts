/**
 * One warning, not an error, when @opentelemetry/instrumentation-runtime-node (the real package) is registered next
 * to procsampler's runtime metrics, which then report 15 names twice; none when it is absent or registered on
 * another provider. Each case runs in a child process of its own (a fresh module cache and once-per-process state)
 * on the compiled package.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { describeIf, file } from '../support/needs';

const ROOT = path.join(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');

interface Outcome {
  warnings: Array<{ name: string; code?: string; message: string }>;
  ours: string[];
  theirs: string[];
}

/** Runs `setup` (CommonJS; `ours` and `theirs` are MeterProviders with a reader each) and two collects. */
function run(setup: string): Outcome {
  const script = `
    const warnings = [];
    process.on('warning', (w) => warnings.push({ name: w.name, code: w.code, message: w.message }));
    const { MeterProvider, MetricReader, AggregationTemporality } = require('@opentelemetry/sdk-metrics');
    class Reader extends MetricReader {
      constructor() { super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE }); }
      async onForceFlush() {}
      async onShutdown() {}
    }
    const reader = new Reader();
    const provider = new MeterProvider({ readers: [reader] });
    const other = new MeterProvider({ readers: [new Reader()] });
    const { RuntimeMetrics } = require(${JSON.stringify(DIST)});
    (async () => {
      ${setup}
      for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 2));
      global.gc(); // one collection for certain, so v8js.gc.duration has a point in both scopes whatever the load
      await new Promise((r) => setTimeout(r, 2));
      await reader.collect();
      for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 2));
      const { resourceMetrics } = await reader.collect();
      await new Promise((r) => setImmediate(r)); // process.emitWarning delivers on the next tick
      const names = (scope) => resourceMetrics.scopeMetrics.filter((s) => s.scope.name === scope).flatMap((s) => s.metrics.map((m) => m.descriptor.name)).sort();
      console.log(JSON.stringify({ warnings, ours: names('procsampler'), theirs: names('@opentelemetry/instrumentation-runtime-node') }));
      process.exit(0);
    })();`;
  const r = spawnSync(process.execPath, ['--expose-gc', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Outcome;
}

const REGISTER = (on: string): string => `
  const { registerInstrumentations } = require('@opentelemetry/instrumentation');
  const { RuntimeNodeInstrumentation } = require('@opentelemetry/instrumentation-runtime-node');
  registerInstrumentations({ instrumentations: [new RuntimeNodeInstrumentation({ monitoringPrecision: 1 })], meterProvider: ${on} });`;

describeIf('@opentelemetry/instrumentation-runtime-node next to RuntimeMetrics', [file(path.join(DIST, 'index.js'), 'the compiled package (npm run build:ts)')], () => {
  test('registered on the same provider before start(): 15 names twice, one warning with its code', () => {
    const out = run(`${REGISTER('provider')}
      new RuntimeMetrics({ meterProvider: provider }).start();
      new RuntimeMetrics({ meterProvider: provider }).start(); // a second instance does not warn again`);
    const twice = out.theirs.filter((n) => out.ours.includes(n));
    expect(twice).toHaveLength(15);
    const mine = out.warnings.filter((w) => w.code === 'PROCSAMPLER_DUPLICATE_RUNTIME_METRICS');
    expect(mine).toHaveLength(1);
    expect(mine[0]?.name).toBe('ProcsamplerWarning');
    expect(mine[0]?.message).toContain('@opentelemetry/instrumentation-runtime-node');
    expect(mine[0]?.message).toContain('reported twice');
  });

  test('registered after start() (before the first collect): the collect warns, once', () => {
    const out = run(`new RuntimeMetrics({ meterProvider: provider }).start();
      ${REGISTER('provider')}`);
    expect(out.theirs.filter((n) => out.ours.includes(n))).toHaveLength(15);
    expect(out.warnings.filter((w) => w.code === 'PROCSAMPLER_DUPLICATE_RUNTIME_METRICS')).toHaveLength(1);
  });

  test('the producer path (metricData(), no provider): warns once when the package is loaded', () => {
    const out = run(`${REGISTER('other')}
      const rm = new RuntimeMetrics({ instruments: false }).start();
      rm.metricData(); rm.metricData();`);
    expect(out.warnings.filter((w) => w.code === 'PROCSAMPLER_DUPLICATE_RUNTIME_METRICS')).toHaveLength(1);
  });

  test('registered on another provider than ours: no warning (nothing is reported twice there)', () => {
    const out = run(`${REGISTER('other')}
      new RuntimeMetrics({ meterProvider: provider }).start();`);
    expect(out.theirs).toEqual([]);
    expect(out.ours).toContain('nodejs.eventloop.delay.p99');
    expect(out.warnings).toEqual([]);
  });

  test('without the package: no warning', () => {
    const out = run(`new RuntimeMetrics({ meterProvider: provider }).start();`);
    expect(out.theirs).toEqual([]);
    expect(out.ours.length).toBeGreaterThanOrEqual(15);
    expect(out.warnings).toEqual([]);
  });
});
