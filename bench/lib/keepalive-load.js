'use strict';
// A closed-loop HTTP/1.1 load on kept-alive connections that can be switched on and off within milliseconds: each
// of `connections` sockets sends GET <path>, waits for the whole answer (Content-Length), and sends the next one
// while the load is on. The sockets stay open between windows, so a window of a few hundred milliseconds starts at
// full load (no connection set-up, no ramp), which lets the example benchmark alternate two services quickly.
// 127.0.0.1 only; a non-2xx answer, a socket error or an answer without Content-Length fails the window.
const net = require('net');

const HEADER_END = Buffer.from('\r\n\r\n');

class KeepAliveLoad {
  /** `port` on 127.0.0.1, `path` (e.g. '/work?n=20'), `connections` sockets. */
  constructor(port, path, connections) {
    this.port = port;
    this.request = Buffer.from(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`, 'latin1');
    this.connections = connections;
    this.completed = 0;
    this.failure = null;
    this.on = false;
    this.inFlight = 0;
    this.drained = null;
    this.sockets = [];
  }

  /** Starts the load on every connection (connecting the ones that are not open). */
  start() {
    this.on = true;
    while (this.sockets.length < this.connections) this.sockets.push(this.#connect());
    for (const c of this.sockets) if (!c.busy) this.#send(c);
  }

  /** Stops sending; resolves when the answers in flight are in. Rejects with the first failure. */
  stop() {
    this.on = false;
    return new Promise((resolve, reject) => {
      const done = () => (this.failure ? reject(this.failure) : resolve());
      if (this.inFlight === 0) done();
      else this.drained = done;
    });
  }

  /** Closes every socket. */
  close() {
    this.on = false;
    for (const c of this.sockets) c.socket.destroy();
    this.sockets = [];
  }

  #connect() {
    const c = { socket: net.connect({ host: '127.0.0.1', port: this.port }), busy: false, chunks: [], bytes: 0, need: -1, status: 0 };
    c.socket.setNoDelay(true);
    c.socket.on('data', (d) => this.#data(c, d));
    c.socket.on('error', (e) => this.#fail(c, e));
    c.socket.on('close', () => {
      // the server may close an idle kept-alive socket: a new one replaces it at the next start()
      const i = this.sockets.indexOf(c);
      if (i >= 0) this.sockets.splice(i, 1);
      if (c.busy) this.#fail(c, new Error('the server closed a connection with an answer pending'));
    });
    return c;
  }

  #send(c) {
    c.busy = true;
    c.chunks = [];
    c.bytes = 0;
    c.need = -1;
    this.inFlight++;
    c.socket.write(this.request);
  }

  #data(c, d) {
    if (!c.busy) return this.#fail(c, new Error('data without a request'));
    c.chunks.push(d);
    c.bytes += d.length;
    const buf = c.chunks.length === 1 ? d : Buffer.concat(c.chunks, c.bytes);
    if (c.need < 0) {
      const end = buf.indexOf(HEADER_END);
      if (end < 0) return undefined;
      const head = buf.toString('latin1', 0, end);
      c.status = Number(head.slice(9, 12));
      const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      if (!m) return this.#fail(c, new Error(`an answer without Content-Length: ${head.split('\r\n')[0]}`));
      c.need = end + HEADER_END.length + Number(m[1]);
    }
    if (c.bytes < c.need) {
      if (c.chunks.length > 1) c.chunks = [buf];
      return undefined;
    }
    if (c.bytes > c.need) return this.#fail(c, new Error('more bytes than one answer (nothing is pipelined)'));
    c.busy = false;
    this.inFlight--;
    if (c.status >= 200 && c.status < 300) this.completed++;
    else this.failure = this.failure || new Error(`an answer with status ${c.status}`);
    if (this.on && !this.failure) this.#send(c);
    else if (this.inFlight === 0 && this.drained) {
      const done = this.drained;
      this.drained = null;
      done();
    }
    return undefined;
  }

  #fail(c, error) {
    this.failure = this.failure || error;
    if (c.busy) {
      c.busy = false;
      this.inFlight--;
    }
    c.socket.destroy();
    if (this.inFlight === 0 && this.drained) {
      const done = this.drained;
      this.drained = null;
      done();
    }
  }
}

module.exports = { KeepAliveLoad };
