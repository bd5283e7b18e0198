// The `ws` README server: it answers each message with 'hello' + data. A binary frame is
// printed as {"event":"binary","size","sha256"} and answered with 'hello' + its size in bytes.
//   node ws-hello.js [--path /chat]
// stdin commands: {"binary":"png"} or {"binary":"bytes"} sends a binary frame to every client.
'use strict';

const { WebSocketServer } = require('ws');
const { out, listening, onCommand, arg, PNG } = require('./common');
const sha256 = (data) => require('crypto').createHash('sha256').update(data).digest('hex');

const options = { host: '127.0.0.1', port: 0 };
const path = arg('path', false);
if (path) options.path = path;
const wss = new WebSocketServer(options);

wss.on('connection', (ws, req) => {
  out({ event: 'connection', url: req.url });
  ws.on('error', console.error);
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      out({ event: 'binary', size: data.length, sha256: sha256(data) });
      ws.send('hello ' + data.length + ' bytes');
      return;
    }
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
