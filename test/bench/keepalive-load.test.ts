/**
 * bench/lib/keepalive-load.js, the example benchmark's load generator: what it counts is what a real node:http
 * server answered; it stops within its window, reuses its connections across windows, and fails on a non-2xx
 * answer and on an answer it cannot delimit.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

interface Load {
  completed: number;
  start(): void;
  stop(): Promise<void>;
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { KeepAliveLoad } = require('../../bench/lib/keepalive-load.js') as { KeepAliveLoad: new (port: number, path: string, connections: number) => Load };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('KeepAliveLoad', () => {
  let server: http.Server;
  let port: number;
  let answered = 0;
  const sockets = new Set<unknown>();
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/bad') {
        res.statusCode = 500;
        return res.end('no');
      }
      if (req.url === '/chunked') {
        res.write('part'); // no Content-Length: chunked encoding
        return res.end();
      }
      answered++;
      const body = `ok ${answered}`;
      res.writeHead(200, { 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
    server.on('connection', (s) => sockets.add(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  test('counts exactly the answers the server sent, window after window, on the same connections', async () => {
    const load = new KeepAliveLoad(port, '/ok', 4);
    try {
      let before = answered;
      load.start();
      await sleep(100);
      await load.stop();
      const first = load.completed;
      expect(first).toBeGreaterThan(0);
      expect(answered - before).toBe(first);
      // stopped: nothing more is sent
      await sleep(50);
      expect(answered - before).toBe(first);
      const connections = sockets.size;
      before = answered;
      load.start();
      await sleep(100);
      await load.stop();
      expect(answered - before).toBe(load.completed - first);
      expect(sockets.size).toBe(connections);
    } finally {
      load.close();
    }
  });

  test('a non-2xx answer fails the window', async () => {
    const load = new KeepAliveLoad(port, '/bad', 2);
    try {
      load.start();
      await sleep(20);
      await expect(load.stop()).rejects.toThrow('an answer with status 500');
      expect(load.completed).toBe(0);
    } finally {
      load.close();
    }
  });

  test('an answer without Content-Length fails the window', async () => {
    const load = new KeepAliveLoad(port, '/chunked', 1);
    try {
      load.start();
      await sleep(20);
      await expect(load.stop()).rejects.toThrow('an answer without Content-Length: HTTP/1.1 200 OK');
    } finally {
      load.close();
    }
  });
});
