'use strict';
// A helper process spoken to in lines: one line written to its stdin, one line read back from its stdout (the
// C floor's serve mode, bench/floor.c, and the HTTP load generator, bench/load.c). Its stderr is kept for the
// error when it exits.
const { original, uncounted } = require('./spawn-counter');

class LineChild {
  #label;
  #child;
  #waiting = [];
  #lines = [];
  #buffered = '';
  #stderr = '';
  #exited = null;

  /** Starts `file` with `args`; `label` names it in errors. */
  constructor(label, file, args) {
    this.#label = label;
    this.#child = uncounted(() => original.spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] }));
    this.#child.stdout.setEncoding('utf8');
    this.#child.stdout.on('data', (chunk) => {
      this.#buffered += chunk;
      let nl;
      while ((nl = this.#buffered.indexOf('\n')) >= 0) {
        const line = this.#buffered.slice(0, nl);
        this.#buffered = this.#buffered.slice(nl + 1);
        const waiter = this.#waiting.shift();
        if (waiter) waiter.resolve(line);
        else this.#lines.push(line);
      }
    });
    this.#child.stdin.on('error', () => undefined); // a write after it exited: 'close' reports why
    this.#child.stderr.setEncoding('utf8');
    this.#child.stderr.on('data', (chunk) => (this.#stderr += chunk));
    const fail = (why) => {
      this.#exited = new Error(`${label}: ${why}${this.#stderr ? `: ${this.#stderr.trim()}` : ''}`);
      for (const waiter of this.#waiting.splice(0)) waiter.reject(this.#exited);
    };
    this.#child.on('error', (error) => fail(error.message));
    this.#child.on('close', (code, signal) => fail(`exited (${signal || code})`));
  }

  /** The process's pid. */
  get pid() {
    return this.#child.pid;
  }

  /** The next line it prints, parsed as JSON. */
  async read() {
    if (this.#lines.length > 0) return JSON.parse(this.#lines.shift());
    if (this.#exited) throw this.#exited;
    return JSON.parse(await new Promise((resolve, reject) => this.#waiting.push({ resolve, reject })));
  }

  /** Writes `line` and resolves to the JSON line it answers. */
  async ask(line) {
    if (this.#exited) throw this.#exited;
    const answer = this.read();
    this.#child.stdin.write(`${line}\n`);
    return answer;
  }

  /** Closes its stdin and waits for it to exit. */
  async close() {
    if (this.#exited) return;
    const exited = new Promise((resolve) => this.#child.once('close', resolve));
    this.#child.stdin.end();
    await exited;
  }

  /** Ends it at once (SIGKILL). */
  kill() {
    if (!this.#exited) this.#child.kill('SIGKILL');
  }
}

module.exports = { LineChild };
