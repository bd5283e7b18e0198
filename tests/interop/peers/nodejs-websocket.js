// A nodejs-websocket server in the style of its tutorials: it greets each connection, then
// answers every text with JSON {clientText, num, to}.
'use strict';

const ws = require('nodejs-websocket');
const { out, listening, onCommand } = require('./common');

let clients = 0;
let num = 0;
const server = ws.createServer((conn) => {
  const me = 'client' + ++clients;
  out({ event: 'connection', path: conn.path });
  conn.sendText(JSON.stringify({ serverText: 'Welcome, ' + me + '!', num, to: me }));
  conn.on('text', (str) => {
    out({ event: 'text', str });
    num += 1;
    conn.sendText(JSON.stringify({ clientText: str, num, to: me }));
  });
  conn.on('error', () => {});
});

onCommand(() => {});

server.listen(0, '127.0.0.1', () => listening(server.socket.address().port));
