/**
 * The real exporters: a Prometheus scrape over HTTP on 127.0.0.1, and OTLP/HTTP exports received by a local server
 * and decoded (the http exporter sends JSON).
 */
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import { MeterProvider, type MetricProducer } from '@opentelemetry/sdk-metrics';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import * as sc from '../../src/semconv';
import { HostMetrics } from '../../src/otel';
import { FakeSource, fullFrame } from './helpers';

/** An ephemeral port the OS hands out (the Prometheus exporter treats port 0 as "default 9464"). */
async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((res) => srv.listen(0, '127.0.0.1', res));
  const port = (srv.address() as AddressInfo).port;
  await new Promise<void>((res) => srv.close(() => res()));
  return port;
}

async function startPrometheus(producer?: MetricProducer): Promise<{ exporter: PrometheusExporter; port: number }> {
  const port = await freePort();
  let exporter!: PrometheusExporter;
  await new Promise<void>((res, rej) => {
    exporter = new PrometheusExporter(
      { host: '127.0.0.1', port, metricProducers: producer ? [producer] : undefined },
      (err) => (err ? rej(err) : res()),
    );
  });
  return { exporter, port };
}

async function scrape(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(res.status).toBe(200);
  return res.text();
}

function sampleLines(text: string, metricPrefix: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(metricPrefix) && !l.startsWith('#'));
}

function hostMetrics(now: { t: number }) {
  const { frame, asyncFrame } = fullFrame(1);
  const source = new FakeSource(frame);
  source.asyncFrame = asyncFrame;
  return { source, frame2: fullFrame(2).frame, opts: { source, clock: () => now.t } };
}

describe('Prometheus exporter over HTTP', () => {
  test('the instrument path and the producer path expose the same samples', async () => {
    const now = { t: 10 };
    const { source, frame2, opts } = hostMetrics(now);
    const sdk = await startPrometheus();
    const provider = new MeterProvider({ readers: [sdk.exporter] });
    const hm = new HostMetrics({ ...opts, meterProvider: provider });
    hm.start();
    await hm.refreshAsync();
    const fast = await startPrometheus(hm.metricProducer());
    const empty = new MeterProvider({ readers: [fast.exporter] });
    now.t += 1;
    source.frame = frame2;
    try {
      const a = await scrape(sdk.port);
      const b = await scrape(fast.port);
      expect(a).toMatch(/^# TYPE system_cpu_time\S* counter$/m);
      expect(a).toMatch(/^# TYPE system_memory_usage\S* gauge$/m);
      expect(a).toMatch(/^# TYPE system_cpu_utilization\S* gauge$/m);
      const cpu = sampleLines(a, 'system_cpu_time');
      expect(cpu.length).toBe(7);
      expect(cpu.find((l) => l.includes('cpu_mode="user"'))).toMatch(/ 40$/); // 10 x 2 x 2 s of the frame
      const tcp = sampleLines(a, 'system_network_connection_count');
      expect(tcp).toHaveLength(22);
      expect(tcp.find((l) => l.includes('network_connection_state="established"') && l.includes('network_type="ipv4"'))).toMatch(/ 5$/);
      for (const name of ['system_cpu', 'system_memory', 'system_disk', 'system_network', 'system_filesystem', 'process_']) {
        expect(sampleLines(b, name).sort()).toEqual(sampleLines(a, name).sort());
        expect(sampleLines(a, name).length).toBeGreaterThan(0);
      }
    } finally {
      await hm.shutdown();
      await provider.shutdown();
      await empty.shutdown();
    }
  });
});

describe('OTLP/HTTP exporter', () => {
  test('exports are received and decoded on 127.0.0.1, from both paths', async () => {
    const bodies: Array<{ path: string; type: string; body: unknown }> = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push({ path: req.url ?? '', type: String(req.headers['content-type']), body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/metrics`;
    // The exporter runs in a child process (see child/otlp-export.ts); TypeScript is transpiled by a require hook.
    const hook =
      "const ts=require('typescript'),fs=require('fs');" +
      "require.extensions['.ts']=(m,f)=>m._compile(ts.transpileModule(fs.readFileSync(f,'utf8')," +
      "{compilerOptions:{module:ts.ModuleKind.CommonJS,target:ts.ScriptTarget.ES2022,esModuleInterop:true}}).outputText,f);" +
      'require(process.argv[1]);';
    const script = path.join(__dirname, 'child', 'otlp-export.ts');
    try {
      const { code, stderr } = await new Promise<{ code: number; stderr: string }>((res) => {
        execFile(process.execPath, ['-e', hook, script, url], { cwd: path.resolve(__dirname, '..', '..') }, (err, _out, stderr) =>
          res({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stderr }),
        );
      });
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(bodies.length).toBeGreaterThanOrEqual(2); // then the flushes of the two shutdowns
      type Kv = { key: string; value: { stringValue?: string; intValue?: string | number } };
      type Point = { attributes: Kv[]; asDouble?: number; asInt?: string | number };
      type M = { name: string; unit: string; sum?: { dataPoints: Point[]; isMonotonic?: boolean; aggregationTemporality: number }; gauge?: { dataPoints: Point[] } };
      const decode = (b: unknown) => {
        const rm = (b as { resourceMetrics: Array<{ scopeMetrics: Array<{ scope: { name: string }; metrics: M[] }> }> }).resourceMetrics;
        const out = new Map<string, M>();
        for (const r of rm) for (const s of r.scopeMetrics) for (const m of s.metrics) if (m.name.startsWith('system.') || m.name.startsWith('process.')) out.set(m.name, m);
        return out;
      };
      const norm = (m: M) =>
        (m.sum ?? m.gauge)!.dataPoints
          .map((p) => JSON.stringify([p.attributes.map((a) => [a.key, a.value]).sort(), Number(p.asDouble ?? p.asInt)]))
          .sort();
      const a = decode(bodies[0]!.body);
      const b = decode(bodies[1]!.body);
      expect(bodies.every((x) => x.path === '/v1/metrics' && x.type.includes('application/json'))).toBe(true);
      const cpu = a.get(sc.METRIC_SYSTEM_CPU_TIME)!;
      expect(cpu.unit).toBe('s');
      expect(cpu.sum!.isMonotonic).toBe(true);
      expect(cpu.sum!.aggregationTemporality).toBe(2); // AGGREGATION_TEMPORALITY_CUMULATIVE
      const user = cpu.sum!.dataPoints.find((p) => p.attributes.some((x) => x.key === sc.ATTR_CPU_MODE && x.value.stringValue === 'user'))!;
      expect(user.asDouble).toBe(40);
      expect(Number(a.get(sc.METRIC_SYSTEM_CPU_LOGICAL_COUNT)!.sum!.dataPoints[0]!.asInt)).toBe(2);
      expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
      for (const [name, m] of a) expect([name, norm(b.get(name)!)]).toEqual([name, norm(m)]);
    } finally {
      await new Promise<void>((res) => server.close(() => res()));
    }
  });
});
