/**
 * bench/load.c through bench/lib/http-load.js, against real node:http servers in this process: a window loads only
 * the server asked, every response it counts is one the server answered, the time covers the window, non-200
 * answers are counted apart, and what it cannot read (a chunked response, a Content-Length that is not a number,
 * a closed connection, a port it was not given, a server not being loaded that closes its idle connections) fails
 * with a message instead of a hang or a wrong count.
 */
import * as http from 'http';
import * as net from 'net';
import type { AddressInfo } from 'net';
import { describeIf, tool } from '../support/needs';

interface WindowResult {
  responses: number;
  ns: number;
  rps: number;
  bad: number;
}
interface HttpLoadLike {
  ready(): Promise<void>;
  window(port: number, ms: number): Promise<WindowResult>;
  close(): Promise<void>;
  kill(): void;
}
/* eslint-disable @typescript-eslint/no-require-imports */
const { HttpLoad } = require('../../bench/lib/http-load.js') as {
  HttpLoad: new (o: { ports: number[]; connections: number; path?: string }) => HttpLoadLike;
};
/* eslint-enable @typescript-eslint/no-require-imports */

interface Counted {
  server: http.Server;
  port: number;
  served: number;
}

/** A server answering every request with `answer`; counts them. */
async function serve(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<Counted> {
  const c = { served: 0 } as Counted;
  c.server = http.createServer((req, res) => {
    c.served++;
    answer(req, res);
  });
  c.server.keepAliveTimeout = 60000;
  await new Promise<void>((resolve) => c.server.listen(0, '127.0.0.1', resolve));
  c.port = (c.server.address() as AddressInfo).port;
  return c;
}

const close = (c: Counted): Promise<void> =>
  new Promise((resolve) => {
    c.server.closeAllConnections();
    c.server.close(() => resolve());
  });

describeIf('the HTTP load generator (bench/load.c)', [tool(process.env.CC || 'cc', ['--version'], 'apt-get install gcc')], () => {
  test('a window loads only the server asked; every response counted was served; its time covers the window', async () => {
    const paths: string[] = [];
    const a = await serve((req, res) => {
      if (paths.length < 3) paths.push(req.url ?? '');
      res.end('hello world');
    });
    const b = await serve((_req, res) => res.end('other'));
    const load = new HttpLoad({ ports: [a.port, b.port], connections: 4, path: '/hello' });
    try {
      await load.ready();
      const w = await load.window(a.port, 100);
      expect(w.bad).toBe(0);
      expect(w.responses).toBe(a.served);
      expect(w.responses).toBeGreaterThanOrEqual(4);
      expect(b.served).toBe(0);
      expect(w.ns).toBeGreaterThanOrEqual(100e6);
      expect(w.rps).toBeCloseTo((w.responses * 1e9) / w.ns, 6);
      expect(paths).toEqual(['/hello', '/hello', '/hello']);
      const before = a.served;
      const v = await load.window(b.port, 50);
      expect(v.responses).toBe(b.served);
      expect(a.served).toBe(before);
    } finally {
      await load.close();
      await close(a);
      await close(b);
    }
  });

  test('answers that are not 200 are counted as bad', async () => {
    let n = 0;
    const s = await serve((_req, res) => {
      res.statusCode = n++ % 2 === 0 ? 200 : 503;
      res.end('x');
    });
    const load = new HttpLoad({ ports: [s.port], connections: 1 });
    try {
      await load.ready();
      const w = await load.window(s.port, 30);
      expect(w.responses).toBe(s.served);
      expect(w.bad).toBe(Math.floor(s.served / 2));
    } finally {
      await load.close();
      await close(s);
    }
  });

  test('a chunked response, a Content-Length that is not a number, a closed connection (of the server loaded or another) and an unknown port fail with a message', async () => {
    const chunked = await serve((_req, res) => {
      res.write('a');
      res.end('b');
    });
    const load = new HttpLoad({ ports: [chunked.port], connections: 2 });
    try {
      await load.ready();
      await expect(load.window(chunked.port + 1, 10)).rejects.toThrow(/was not given/);
      await expect(load.window(chunked.port, 10)).rejects.toThrow(/no Content-Length/);
    } finally {
      load.kill();
      await close(chunked);
    }
    // a Content-Length that is not a number, written raw (node:http would not send one)
    const garbled = net.createServer((socket) => socket.on('data', () => socket.write('HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n')));
    await new Promise<void>((resolve) => garbled.listen(0, '127.0.0.1', resolve));
    const garbledPort = (garbled.address() as AddressInfo).port;
    const bad = new HttpLoad({ ports: [garbledPort], connections: 1 });
    try {
      await bad.ready();
      await expect(bad.window(garbledPort, 10)).rejects.toThrow(/Content-Length that is not a number/);
    } finally {
      bad.kill();
      await new Promise<void>((resolve) => garbled.close(() => resolve()));
    }
    const a = await serve((_req, res) => res.end('a'));
    const b = await serve((_req, res) => res.end('b'));
    const two = new HttpLoad({ ports: [a.port, b.port], connections: 1 });
    try {
      await two.ready();
      expect((await two.window(b.port, 5)).responses).toBe(b.served);
      b.server.closeAllConnections(); // as a keep-alive timeout shorter than the gap between windows would
      await expect(two.window(a.port, 20)).rejects.toThrow(/a server not being loaded .* closed a connection/);
    } finally {
      two.kill();
      await close(a);
      await close(b);
    }
    const closing = await serve((_req, res) => {
      res.setHeader('Connection', 'close');
      res.end('bye');
    });
    const again = new HttpLoad({ ports: [closing.port], connections: 1 });
    try {
      await again.ready();
      await expect(again.window(closing.port, 50)).rejects.toThrow(/closed a connection/);
    } finally {
      again.kill();
      await close(closing);
    }
  });
});
