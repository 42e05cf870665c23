'use strict';
// The HTTP benchmarks' load generator (bench/load.c, built with cc): keep-alive connections to every server
// opened once, then one server loaded at a time for a window of milliseconds, on command. Windows can then be
// short and a few milliseconds apart, so that the windows compared with each other meet the same speed of the
// CPU (see load.c).
const { buildTool } = require('./build-floor');
const { LineChild } = require('./line-child');
const { pinnedCommand } = require('./server-child');

class HttpLoad {
  #child;
  #ports;

  /**
   * Builds and starts the generator with `connections` connections to each of `ports` (127.0.0.1), pinned to
   * `cpu` with `taskset` when both are given. Call ready() before the first window.
   */
  constructor({ ports, connections, path = '/', cpu, taskset }) {
    const binary = buildTool('load');
    const args = [String(connections), path, ...ports.map(String)];
    this.#ports = ports.slice();
    this.#child = new LineChild('load', ...pinnedCommand(binary, args, { cpu, taskset }));
  }

  /** Resolves once every connection is open. */
  async ready() {
    const line = await this.#child.read();
    if (line.ready !== true) throw new Error(`load: unexpected first line ${JSON.stringify(line)}`);
  }

  /**
   * Loads the server on `port` for `ms` milliseconds. Resolves to { responses, ns, rps, bad }: responses read,
   * nanoseconds from the first request to the last response, responses per second, responses that were not 200.
   */
  async window(port, ms) {
    const index = this.#ports.indexOf(port);
    if (index < 0) throw new Error(`load: port ${port} was not given at start`);
    const w = await this.#child.ask(`${index} ${Math.round(ms)}`);
    return { ...w, rps: (w.responses * 1e9) / w.ns };
  }

  close() {
    return this.#child.close();
  }

  kill() {
    this.#child.kill();
  }
}

module.exports = { HttpLoad };
