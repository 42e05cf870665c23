/**
 * docs/MIGRATION.md's Prometheus recording rules: promtool accepts them, and run on procsampler's series (named as
 * @opentelemetry/exporter-prometheus exposes them) they give the old packages' series and values.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeIf, tool } from '../support/needs';

const DOC = path.join(__dirname, '..', '..', 'docs', 'MIGRATION.md');

describeIf('the migration recording rules', [tool('promtool', ['--version'], 'apt-get install prometheus')], () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-rules-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const rules = path.join(dir, 'rules.yml');
  beforeAll(() => {
    const m = /```yaml\n([\s\S]*?)```/.exec(fs.readFileSync(DOC, 'utf8'));
    expect(m).not.toBeNull();
    fs.writeFileSync(rules, m![1]!);
  });

  test('promtool check rules: valid, no duplicates', () => {
    const r = spawnSync('promtool', ['check', 'rules', rules], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toMatch(/SUCCESS: \d+ rules found/);
    expect(r.status).toBe(0);
  });

  test('promtool test rules: the old series from procsampler’s', () => {
    const ps = 'otel_scope_name="procsampler"';
    const hm = 'otel_scope_name="@opentelemetry/host-metrics"';
    const s = (name: string, labels: string, values: string): { series: string; values: string } => ({
      series: `${name}{${ps}${labels ? `, ${labels}` : ''}}`,
      values,
    });
    const at = (expr: string, exp: Array<[string, number]>) => ({
      expr,
      eval_time: '10m',
      exp_samples: exp.map(([labels, value]) => ({ labels, value })),
    });
    const test = {
      rule_files: [rules],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [
            s('system_cpu_time_total', 'cpu_mode="user"', '0+10x10'),
            s('system_cpu_time_total', 'cpu_mode="iowait"', '0+1x10'),
            s('system_memory_linux_available', '', '6000x10'),
            s('system_memory_limit', '', '8000x10'),
            s('system_memory_usage', 'system_memory_state="used"', '2000x10'),
            s('system_memory_usage', 'system_memory_state="free"', '1000x10'),
            s('system_memory_utilization', 'system_memory_state="used"', '0.25x10'),
            s('system_network_packet_dropped_total', 'network_interface_name="eth0", network_io_direction="receive"', '0+2x10'),
            s('process_cpu_time_total', 'cpu_mode="user"', '0+6x10'),
            s('process_cpu_time_total', 'cpu_mode="system"', '0+3x10'),
            s('system_cpu_logical_count', '', '2x10'),
            s('process_uptime', '', '100+60x10'),
            s('v8js_memory_heap_used', 'v8js_heap_space_name="old_space"', '5000x10'),
            s('v8js_memory_heap_used', 'v8js_heap_space_name="new_space"', '1000x10'),
            s('v8js_gc_duration_count', 'v8js_gc_type="major"', '0+1x10'),
            s('v8js_gc_duration_bucket', 'v8js_gc_type="major", le="0.01"', '0+1x10'),
            s('v8js_gc_duration_bucket', 'v8js_gc_type="major", le="0.005"', '0x10'),
            s('v8js_resource_active', 'v8js_resource_type="request"', '3x10'),
            s('v8js_resource_active', 'v8js_resource_type="tcp"', '7x10'),
          ],
          promql_expr_test: [
            at('system_cpu_time_total{system_cpu_state="user"}', [[`system_cpu_time_total{${hm}, system_cpu_state="user"}`, 100]]),
            at('system_cpu_time_total{system_cpu_state="iowait"}', []), // host-metrics had no iowait
            at(`system_memory_usage{${hm}}`, [
              [`system_memory_usage{${hm}, system_memory_state="free"}`, 6000], // MemAvailable, not MemFree
              [`system_memory_usage{${hm}, system_memory_state="used"}`, 2000],
            ]),
            at(`system_memory_utilization{${hm}}`, [
              [`system_memory_utilization{${hm}, system_memory_state="free"}`, 0.75],
              [`system_memory_utilization{${hm}, system_memory_state="used"}`, 0.25],
            ]),
            at('system_network_dropped_total', [[`system_network_dropped_total{${hm}, system_device="eth0", network_io_direction="receive"}`, 20]]),
            // rate 0.1/s user, 0.05/s system over 2 online CPUs
            at('process_cpu_utilization', [
              [`process_cpu_utilization{${hm}, process_cpu_state="user"}`, 0.05],
              [`process_cpu_utilization{${hm}, process_cpu_state="system"}`, 0.025],
            ]),
            at('process_cpu_seconds_total', [[`process_cpu_seconds_total{${ps}}`, 90]]),
            at('process_cpu_user_seconds_total', [[`process_cpu_user_seconds_total{${ps}}`, 60]]),
            at('process_start_time_seconds', [[`process_start_time_seconds{${ps}}`, 600 - 700]]),
            at('nodejs_heap_size_used_bytes', [[`nodejs_heap_size_used_bytes{${ps}}`, 6000]]),
            at('nodejs_heap_space_size_used_bytes{space="old"}', [[`nodejs_heap_space_size_used_bytes{${ps}, space="old"}`, 5000]]),
            at('nodejs_gc_duration_seconds_count', [[`nodejs_gc_duration_seconds_count{${ps}, kind="major"}`, 10]]),
            at('nodejs_gc_duration_seconds_bucket', [[`nodejs_gc_duration_seconds_bucket{${ps}, kind="major", le="0.01"}`, 10]]),
            at('nodejs_active_requests_total', [[`nodejs_active_requests_total{${ps}}`, 3]]),
          ],
        },
      ],
    };
    const file = path.join(dir, 'test.yml');
    fs.writeFileSync(file, JSON.stringify(test, null, 1));
    const r = spawnSync('promtool', ['test', 'rules', file], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });
});
