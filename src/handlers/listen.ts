/**
 * Listening and closing for the servers procsampler runs itself (`procsampler serve`, the example service): one
 * place for the listen-or-fail promise, the printed URL and the close that does not wait for idle keep-alive
 * connections.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server that listens, and how to stop it. */
export interface Listening {
  /** `http://address:port` (the real port when 0 was asked; IPv6 addresses in brackets). */
  readonly url: string;
  /** Closes every connection, waits for the server to close, then runs `cleanup`. */
  close(): Promise<void>;
}

/**
 * Listens on `host:port`; resolves once listening. On a listen error (EADDRINUSE, EACCES) runs `cleanup` and
 * rejects with that error.
 */
export async function listen(server: Server, port: number, host: string, cleanup: () => Promise<void>): Promise<Listening> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    await cleanup();
    throw e;
  }
  const a = server.address() as AddressInfo;
  return {
    url: `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await cleanup();
    },
  };
}
