/**
 * The real-server launchers of test/support/servers.ts: each server answers a real query, and stop() leaves neither
 * a process listening nor its directory behind.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import { AddressInfo } from 'net';
import { Client } from 'pg';
import * as mysql from 'mysql2/promise';
import { describeIf } from '../support/needs';
import {
  MariaDbServer, NEEDS_MARIADB, NEEDS_POSTGRES, NEEDS_PROMETHEUS, PostgresServer, PrometheusServer, startMariaDb,
  startPostgres, startPrometheus,
} from '../support/servers';

/** Whether something accepts a TCP connection on 127.0.0.1:port right now. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Stops `server` and checks that nothing listens on its port any more and its directory is gone. */
async function expectStopped(server: { port: number; dir: string; stop(): Promise<void> }): Promise<void> {
  expect(fs.existsSync(server.dir)).toBe(true);
  await server.stop();
  expect(await accepts(server.port)).toBe(false);
  expect(fs.existsSync(server.dir)).toBe(false);
  await server.stop(); // twice is a no-op
}

describeIf('servers: PostgreSQL 15', NEEDS_POSTGRES, () => {
  let pg: PostgresServer | undefined;
  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(() => pg?.stop());

  test('answers SELECT 1+1 = 2 over TCP on 127.0.0.1, as a 15.x server', async () => {
    const c = new Client({ host: pg!.host, port: pg!.port, user: pg!.user, database: pg!.database });
    await c.connect();
    try {
      const r = await c.query<{ sum: number; v: string }>('SELECT 1+1 AS sum, current_setting(\'server_version\') AS v');
      expect(r.rows[0]?.sum).toBe(2);
      expect(r.rows[0]?.v).toMatch(/^15\./);
      const f = await c.query<{ fsync: string }>('SHOW fsync');
      expect(f.rows[0]?.fsync).toBe('off');
    } finally {
      await c.end();
    }
  });

  test('stop() ends the server and removes its directory', () => expectStopped(pg!));
});

describeIf('servers: MariaDB', NEEDS_MARIADB, () => {
  let my: MariaDbServer | undefined;
  beforeAll(async () => {
    my = await startMariaDb();
  });
  afterAll(() => my?.stop());

  test('answers a version query through mysql2 on 127.0.0.1', async () => {
    const c = await mysql.createConnection({ host: my!.host, port: my!.port, user: my!.user });
    try {
      const [rows] = await c.query<mysql.RowDataPacket[]>('SELECT VERSION() AS v, 1+1 AS sum');
      expect(String(rows[0]?.v)).toMatch(/MariaDB/);
      expect(Number(rows[0]?.sum)).toBe(2);
    } finally {
      await c.end();
    }
  });

  test('stop() ends the server and removes its directory', () => expectStopped(my!));
});

describeIf('servers: Prometheus', NEEDS_PROMETHEUS, () => {
  let prom: PrometheusServer | undefined;
  let target: http.Server | undefined;
  let scrapes = 0;
  beforeAll(async () => {
    target = http.createServer((req, res) => {
      if (req.url !== '/metrics') {
        res.statusCode = 404;
        res.end();
        return;
      }
      scrapes++;
      res.setHeader('content-type', 'text/plain; version=0.0.4');
      res.end('# TYPE procsampler_launcher_value gauge\nprocsampler_launcher_value 42.5\n');
    });
    await new Promise<void>((r) => target!.listen(0, '127.0.0.1', r));
    const port = (target.address() as AddressInfo).port;
    prom = await startPrometheus({ targets: [`127.0.0.1:${port}`] });
  });
  afterAll(async () => {
    await prom?.stop();
    await new Promise((r) => target?.close(r));
  });

  test('scrapes the target: up == 1 and the served value comes back through /api/v1/query', async () => {
    const instance = `127.0.0.1:${(target!.address() as AddressInfo).port}`;
    await prom!.waitForScrape(instance);
    const up = await prom!.query(`up{instance="${instance}"}`);
    expect(up).toHaveLength(1);
    expect(up[0]?.value).toBe(1);
    expect(up[0]?.metric.job).toBe('procsampler-test');
    const v = await prom!.query(`procsampler_launcher_value{instance="${instance}"}`);
    expect(v[0]?.value).toBe(42.5);
    expect(scrapes).toBeGreaterThanOrEqual(1);
    await expect(prom!.query('sum(')).rejects.toThrow(/prometheus query/);
  });

  test('stop() ends the server and removes its directory', () => expectStopped(prom!));
});
