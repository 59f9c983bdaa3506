// Preloaded (node --require) into the CLI and the server by the safety test: every way to run a program, reach the
// network or evaluate text is wrapped so that a call is written to $SHIPSHAPE_TRAP_LOG (and still refused).
'use strict';
const fs = require('node:fs');
const log = process.env.SHIPSHAPE_TRAP_LOG;

function caught(what) {
  fs.appendFileSync(log, `${what} ${new Error().stack.split('\n').slice(2, 5).join(' | ')}\n`);
  throw new Error(`refused in the safety test: ${what}`);
}

function trap(mod, names, label) {
  for (const name of names) {
    if (typeof mod[name] === 'function') mod[name] = () => caught(`${label}.${name}`);
  }
}

trap(require('node:child_process'), ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'], 'child_process');
trap(require('node:net'), ['connect', 'createConnection'], 'net');
trap(require('node:tls'), ['connect'], 'tls');
trap(require('node:http'), ['request', 'get'], 'http');
trap(require('node:https'), ['request', 'get'], 'https');
trap(require('node:dns'), ['lookup', 'resolve', 'resolve4', 'resolve6'], 'dns');
trap(require('node:vm'), ['runInNewContext', 'runInThisContext', 'runInContext', 'compileFunction'], 'vm');
trap(globalThis, ['fetch', 'eval'], 'global');
const net = require('node:net');
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  return caught(`net.Socket.connect ${JSON.stringify(args[0])}`) || connect.apply(this, args);
};
