// A stock socket.io 4 server that uses what socket.io offers beyond the tutorial, for the
// Socket.IO dialect's interop tests:
//  * "/"      : "chat message" re-broadcast to everyone (io.emit), acknowledged when the client
//               asks ({ok: true, length}); "upload" (meta, <Buffer>, ack) answers the byte count
//               and a binary thumbnail, and broadcasts the Buffer as a "chat message"; "post"
//               {name, msg, file: <Buffer>, fileName, fileType} (a file in an object payload)
//               is printed with the Buffer's size and SHA-256 and broadcast to the others as is.
//  * "/admin" : refuses connects without auth {token: "s3cret"} (connect_error "not authorized");
//               "chat message" re-broadcast inside /admin as "[admin] " + text.
// stdin commands:
//  {"emit":"chat message","args":["x"]}          io.emit
//  {"emitPng":"chat message"}                    io.emit with a PNG Buffer
//  {"ask":"chat message","args":["x"]}           emit to every socket with an ack callback; the
//                                                answers are printed as {"event":"answer",…}
'use strict';

const http = require('http');
const { Server } = require('socket.io');
const { out, listening, onCommand, PNG } = require('./common');
const sha256 = (data) => require('crypto').createHash('sha256').update(data).digest('hex');

const server = http.createServer();
const io = new Server(server);

io.on('connection', (socket) => {
  out({ event: 'connection', nsp: '/', id: socket.id, auth: socket.handshake.auth });
  socket.on('chat message', (msg, ack) => {
    const shown = Buffer.isBuffer(msg) ? { size: msg.length, sha256: sha256(msg) } : msg;
    out({ event: 'chat message', nsp: '/', msg: shown, isBuffer: Buffer.isBuffer(msg), withAck: typeof ack === 'function' });
    io.emit('chat message', msg);
    if (typeof ack === 'function') ack({ ok: true, length: typeof msg === 'string' ? [...msg].length : 0 });
  });
  socket.on('upload', (meta, data, ack) => {
    out({ event: 'upload', meta, size: data.length, isBuffer: Buffer.isBuffer(data), hex: data.toString('hex') });
    if (typeof ack === 'function') ack({ ok: true, size: data.length }, Buffer.from('thumb'));
    io.emit('chat message', data);
  });
  socket.on('post', (data, ack) => {
    const file = data && data.file;
    out({ event: 'post', name: data.name, msg: data.msg, fileName: data.fileName, fileType: data.fileType,
          isBuffer: Buffer.isBuffer(file), size: file ? file.length : -1, sha256: Buffer.isBuffer(file) ? sha256(file) : '' });
    socket.broadcast.emit('posted', data);
    if (typeof ack === 'function') ack({ ok: true });
  });
  socket.on('disconnect', (reason) => out({ event: 'disconnect', nsp: '/', id: socket.id, reason }));
});

const admin = io.of('/admin');
admin.use((socket, next) => {
  if (socket.handshake.auth && socket.handshake.auth.token === 's3cret') return next();
  out({ event: 'refused', nsp: '/admin', auth: socket.handshake.auth });
  next(new Error('not authorized'));
});
admin.on('connection', (socket) => {
  out({ event: 'connection', nsp: '/admin', id: socket.id, auth: socket.handshake.auth });
  socket.on('chat message', (msg) => {
    out({ event: 'chat message', nsp: '/admin', msg });
    admin.emit('chat message', '[admin] ' + msg);
  });
});

onCommand(async (cmd) => {
  if (cmd.emit) {
    io.emit(cmd.emit, ...(cmd.args || []));
    out({ event: 'emitted', name: cmd.emit });
  } else if (cmd.emitPng) {
    io.emit(cmd.emitPng, PNG);
    out({ event: 'emitted', name: cmd.emitPng, binary: PNG.length });
  } else if (cmd.ask) {
    const sockets = await io.fetchSockets();
    for (const s of sockets) {
      const answer = await s.timeout(5000).emitWithAck(cmd.ask, ...(cmd.args || []));
      out({ event: 'answer', id: s.id, answer });
    }
  }
});

server.listen(0, '127.0.0.1', () => listening(server.address().port));
