'use strict';
// The monitored web service (dist/example/web-service.js) on 127.0.0.1 for the example benchmark, with monitoring
// on or off (argv[2]: 'on' | 'off'). Prints {"port":N} on stdout, then answers IPC messages from the parent:
//   {cmd:'begin'} / {cmd:'end'}  -> {requests, cpuNs}: requests answered and main-thread CPU ns in the window
const path = require('path');
const { settleHeap } = require('./gc-settle');
const { threadCpuNs } = require('./thread-cpu');
const { startWebService } = require(path.join(__dirname, '..', '..', 'dist', 'example', 'web-service.js'));

const monitoring = process.argv[2] === 'on';

(async () => {
  // healthIntervalMs 1000: the monitor samples as a production service would be configured to, not faster
  const service = await startWebService({ port: 0, monitoring, healthIntervalMs: 1000 });
  const total = () => [...service.answered.values()].reduce((a, b) => a + b, 0);
  let window = null;
  process.on('message', (msg) => {
    if (msg.cmd === 'begin') {
      window = { requests: total(), cpu: threadCpuNs() };
      process.send({ ok: true });
    } else if (msg.cmd === 'end') {
      process.send({ requests: total() - window.requests, cpuNs: threadCpuNs() - window.cpu });
    }
  });
  process.on('disconnect', () => process.exit(0));
  settleHeap();
  process.stdout.write(`${JSON.stringify({ port: Number(new URL(service.url).port) })}\n`);
})();
