// The public surface: what the package's entry point exports, by name. A new export is added here on purpose;
// an internal (the RuntimeCore class, the generated layout, SimpleTable) must never appear.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as api from '../src';

const root = path.join(__dirname, '..');

/** Every value export of src/index.ts (types are checked by test/repo/typecheck and the packaging consumers). */
const EXPORTS = [
  'APP_DROPPED_METRIC', 'ATTR_NODEJS_EVENTLOOP_STATE', 'ATTR_OTEL_METRIC_OVERFLOW', 'ATTR_V8JS_GC_TYPE',
  'ATTR_V8JS_HEAP_SPACE_NAME', 'ATTR_V8JS_RESOURCE_TYPE', 'AppMetricProducer', 'BUILTIN_CHECKS', 'CONTAINER_GROUP',
  'CONTAINER_METRICS', 'COUNT_UNIT', 'CPU_MODES', 'CPU_MODE_COUNT', 'CPU_TIME_FIELDS', 'DB_CLIENT_FAMILY',
  'DB_CLIENT_METRICS', 'DB_POOL_TIME_BUCKETS', 'DEFAULT_DISK_EXCLUDE', 'DEFAULT_FS_TYPE_EXCLUDE',
  'DEFAULT_HTTP_MAX_SERIES', 'DEFAULT_MAX_BINS', 'DEFAULT_METER_NAME', 'DEFAULT_MIN_WINDOW_S',
  'DEFAULT_MOUNT_POINT_EXCLUDE', 'DEFAULT_QUANTILES', 'DEFAULT_RELATIVE_ACCURACY', 'DEFAULT_SOURCES',
  'DUPLICATE_RUNTIME_WARNING', 'DropCounts', 'ERROR_TYPE_ABORTED', 'GC_DURATION_BUCKETS', 'GC_TYPES',
  'HEALTH_MEDIA_TYPE', 'HOST_GROUPS', 'HOST_METRICS', 'HTTP_BODY_SIZE_BUCKETS', 'HTTP_DROP_REASONS',
  'HTTP_SERVER_FAMILY', 'HTTP_SERVER_METRICS', 'HTTP_STATUS', 'HealthMonitor', 'HistogramSeries',
  'HostMetricProducer', 'HostMetrics', 'HttpServerMetrics', 'MAX_ROUTE_LENGTH', 'METRIC_NODEJS_EVENTLOOP_DELAY_MAX',
  'METRIC_NODEJS_EVENTLOOP_DELAY_MEAN', 'METRIC_NODEJS_EVENTLOOP_DELAY_MIN', 'METRIC_NODEJS_EVENTLOOP_DELAY_P50',
  'METRIC_NODEJS_EVENTLOOP_DELAY_P90', 'METRIC_NODEJS_EVENTLOOP_DELAY_P99', 'METRIC_NODEJS_EVENTLOOP_DELAY_STDDEV',
  'METRIC_NODEJS_EVENTLOOP_TIME', 'METRIC_NODEJS_EVENTLOOP_UTILIZATION', 'METRIC_NODEJS_UV_LOOP_EVENTS',
  'METRIC_NODEJS_UV_LOOP_EVENTS_WAITING', 'METRIC_NODEJS_UV_LOOP_ITERATIONS', 'METRIC_NODEJS_UV_THREADPOOL_SIZE',
  'METRIC_V8JS_GC_DURATION', 'METRIC_V8JS_MEMORY_HEAP_LIMIT', 'METRIC_V8JS_MEMORY_HEAP_SPACE_AVAILABLE_SIZE',
  'METRIC_V8JS_MEMORY_HEAP_SPACE_PHYSICAL_SIZE', 'METRIC_V8JS_MEMORY_HEAP_SPACE_SIZE',
  'METRIC_V8JS_MEMORY_HEAP_USED', 'METRIC_V8JS_RESOURCE_ACTIVE', 'NumberSeries', 'POOL_DROP_REASONS',
  'PROMETHEUS_CONTENT_TYPE', 'PoolMonitor', 'ProcsamplerError', 'RUNTIME_GROUPS', 'RUNTIME_METRICS', 'RateTracker',
  'RuntimeMetrics', 'SOURCE_NAMES', 'SUMMARY_STATS', 'Sampler', 'SeriesTable', 'Summaries', 'Summary',
  'TCP_STATE_FIELDS', 'Table', 'appDef', 'cgroupCpus', 'cgroupMemorySource', 'checkBoundaries', 'computeRates',
  'counterDelta', 'cpuUtilization', 'cpuUtilizationInto', 'diskRates', 'effectiveMemoryLimit', 'filesystemUsage',
  'filesystemUtilization', 'foldCpuTimes', 'fsEntryName', 'fsNames', 'healthHandler', 'isKnown', 'memoryUsage',
  'memoryUtilization', 'metricsHandler', 'monitorPool', 'monotonicSeconds', 'nativeAvailable', 'networkRates',
  'nodeContainerMemory', 'pagingUtilization', 'processCpuUtilization', 'quantileLabel', 'ratePerSecond',
  'runtimeCore', 'semconv', 'setRoute', 'utilization',
];

describe('the public surface (src/index.ts)', () => {
  test('exports exactly the named values', () => {
    expect(Object.keys(api).sort()).toEqual([...EXPORTS].sort());
  });

  test('no internal leaks and no export * (every export is named in src/index.ts)', () => {
    for (const internal of ['RuntimeCore', 'SimpleTable', 'TABLES', 'checkLayout', 'loadAddon', 'HostModel', 'OsSource']) {
      expect(Object.keys(api)).not.toContain(internal);
    }
    const index = fs.readFileSync(path.join(root, 'src', 'index.ts'), 'utf8');
    expect(index).not.toMatch(/export\s+\*\s+from/);
    for (const sub of ['runtime', 'otel', 'summaries', 'health', 'handlers', 'app', 'pool']) {
      const file = path.join(root, 'src', sub, 'index.ts');
      if (fs.existsSync(file)) expect(fs.readFileSync(file, 'utf8')).not.toMatch(/export\s+\*\s+from/);
    }
  });

  test("package.json's entry points are the compiled src/index.ts, and every exports target is a built file", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      main: string;
      types: string;
      exports?: Record<string, string | Record<string, string>>;
    };
    expect([pkg.main, pkg.types]).toEqual(['dist/index.js', 'dist/index.d.ts']);
    const targets = (v: string | Record<string, string>): string[] => (typeof v === 'string' ? [v] : Object.values(v));
    for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
      for (const t of targets(target)) {
        // Each target is a dist/ file compiled from a src/ file that exists (or package.json itself).
        const source = t === './package.json' ? 'package.json' : t.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$|\.js$/, '.ts');
        expect([subpath, fs.existsSync(path.join(root, source))]).toEqual([subpath, true]);
      }
    }
    if (pkg.exports?.['.'] !== undefined) {
      expect(targets(pkg.exports['.']).sort()).toEqual(['./dist/index.d.ts', './dist/index.js']);
    }
  });
});
