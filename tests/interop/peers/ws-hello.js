// The `ws` README server: it answers each message with 'hello' + data.
//   node ws-hello.js [--path /chat]
// stdin commands: {"binary":"png"} or {"binary":"bytes"} sends a binary frame to every client.
'use strict';

const { WebSocketServer } = require('ws');
const { out, listening, onCommand, arg, PNG } = require('./common');

const options = { host: '127.0.0.1', port: 0 };
const path = arg('path', false);
if (path) options.path = path;
const wss = new WebSocketServer(options);

wss.on('connection', (ws, req) => {
  out({ event: 'connection', url: req.url });
  ws.on('error', console.error);
  ws.on('message', (data) => {
    out({ event: 'message', data: data.toString() });
    ws.send('hello' + data);
  });
});

onCommand((cmd) => {
  const payload = cmd.binary === 'png' ? PNG : Buffer.from([0, 1, 2, 254, 255]);
  for (const client of wss.clients) client.send(payload);
  out({ event: 'sent binary', size: payload.length });
});

wss.on('listening', () => listening(wss.address().port));
