// A socket.io group chat in the style of the classic tutorials: a client emits "message" with
// {name, msg}; the server greets each newcomer and passes every message on to everyone else as
// "servermessage" with the same {name, msg}.
'use strict';

const http = require('http');
const { Server } = require('socket.io');
const { out, listening, onCommand } = require('./common');

const server = http.createServer();
const io = new Server(server);

io.on('connection', (socket) => {
  out({ event: 'connection', id: socket.id });
  socket.emit('servermessage', { name: 'server', msg: 'Welcome to the group chat!' });
  socket.on('message', (data) => {
    out({ event: 'message', data });
    socket.broadcast.emit('servermessage', { name: data.name, msg: data.msg });
  });
  socket.on('disconnect', (reason) => out({ event: 'disconnect', id: socket.id, reason }));
});

onCommand(() => {});

server.listen(0, '127.0.0.1', () => listening(server.address().port));
