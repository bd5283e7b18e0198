// The socket.io "chat" tutorial server (https://socket.io/get-started/chat): every
// "chat message" (a plain string) is sent to everyone, the sender included.
//   node socketio-chat.js [--recovery]
// --recovery turns on socket.io's connectionStateRecovery (socket.io >= 4.6).
// stdin commands: {"emit":"chat message","args":["text"]} broadcasts with io.emit.
'use strict';

const http = require('http');
const { Server } = require('socket.io');
const { out, listening, onCommand, arg } = require('./common');

const server = http.createServer((req, res) => {
  res.end('<h1>chat</h1>');
});
const options = {};
if (arg('recovery', false)) {
  options.connectionStateRecovery = { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: true };
}
const io = new Server(server, options);

io.on('connection', (socket) => {
  out({ event: 'connection', id: socket.id, recovered: socket.recovered, auth: socket.handshake.auth });
  socket.on('chat message', (msg) => {
    out({ event: 'chat message', msg });
    io.emit('chat message', msg);
  });
  socket.on('disconnect', (reason) => {
    out({ event: 'disconnect', id: socket.id, reason });
  });
});

onCommand((cmd) => {
  if (cmd.emit) {
    io.emit(cmd.emit, ...(cmd.args || []));
    out({ event: 'emitted', name: cmd.emit });
  }
});

server.listen(0, '127.0.0.1', () => listening(server.address().port));
