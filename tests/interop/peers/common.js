// Shared plumbing of the interop peers (not part of any tutorial): every peer prints one JSON
// object per line on stdout ("listening <port>" once it listens), takes JSON commands on stdin, one
// per line, and exits when stdin closes, so a test that dies never leaves a peer behind.
'use strict';

const readline = require('readline');

function out(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

function listening(port) {
  process.stdout.write('listening ' + port + '\n');
}

function onCommand(handler) {
  const rl = readline.createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    if (!line.trim()) return;
    let cmd;
    try {
      cmd = JSON.parse(line);
    } catch (e) {
      out({ event: 'bad command', line });
      return;
    }
    Promise.resolve(handler(cmd)).catch((e) => out({ event: 'command failed', error: String(e) }));
  });
  rl.on('close', () => process.exit(0));
}

// A 1x1 PNG, for "binary frames that are images".
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64');

function arg(name, fallback) {
  const i = process.argv.indexOf('--' + name);
  if (i < 0) return fallback;
  const v = process.argv[i + 1];
  return v === undefined || v.startsWith('--') ? true : v;
}

module.exports = { out, listening, onCommand, arg, PNG };
