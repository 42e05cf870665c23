#!/usr/bin/env node
// The monitored web service (src/example/web-service.ts), started from a clone after `npm install`:
//   node examples/web-service.js [--port 3000] [--host 127.0.0.1] [--database-url postgres://user@127.0.0.1:5432/db]
// The same as `npx procsampler example-service`.
require('../dist/cli.js')
  .run(['example-service', ...process.argv.slice(2)], (s) => process.stdout.write(s), (s) => process.stderr.write(s), {
    onInterrupt: (stop) => {
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      return () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      };
    },
  })
  .then((code) => (process.exitCode = code));
