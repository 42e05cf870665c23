'use strict';
// One process of the TCP farm: opens N connections to its own server on 127.0.0.1 (loopback only), reports
// 'ready' over IPC and holds them until told to stop or until its parent goes away, then resets every socket
// (SO_LINGER 0: no TIME_WAIT left behind for the next scale) and exits. Never lives longer than LIFETIME_MS.
const net = require('net');

const LIFETIME_MS = 15 * 60 * 1000;
const BATCH = 256;
const wanted = Number(process.argv[2]);
const clients = [];
const accepted = [];
let stopping = false;

function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const s of clients) s.resetAndDestroy();
  for (const s of accepted) s.resetAndDestroy();
  server.close();
  setImmediate(() => process.exit(code));
}

const server = net.createServer({ pauseOnConnect: true }, (socket) => {
  socket.on('error', () => {});
  accepted.push(socket);
});

function connectOne(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, resolve);
    socket.on('error', reject);
    clients.push(socket);
  });
}

server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, async () => {
  try {
    const { port } = server.address();
    while (clients.length < wanted) {
      const batch = [];
      for (let i = 0; i < BATCH && clients.length < wanted; i++) batch.push(connectOne(port));
      await Promise.all(batch);
    }
    while (accepted.length < wanted) await new Promise((resolve) => setTimeout(resolve, 5));
    process.send({ ready: true, connections: clients.length });
  } catch (error) {
    process.send({ error: error.message });
    stop(1);
  }
});

process.on('message', (m) => m === 'stop' && stop(0));
process.on('disconnect', () => stop(0));
setTimeout(() => stop(1), LIFETIME_MS);
