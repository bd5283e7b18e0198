// The official socket.io-client on parley-server: joins a room (ack), prints what it hears as JSON
// lines, and sends messages with an ack on command.
//   node parley-client.js ws://127.0.0.1:PORT NAME ROOM [--auth JSON]
// The connect's auth object is {name: NAME} (a guest, where the server has guests) unless --auth
// gives another, e.g. '{"register":true,"username":"u","password":"p"}'. A refused connect prints
// {"event":"connect_error","message":…,"data":…} and then "ready" all the same.
// parley-server serves only the websocket transport, hence transports: ["websocket"].
// stdin commands: {"send":"text","clientId":"…"} emits "chat message" {room, text, clientId} with
// an ack and prints {"event":"ack","reply":…}.
'use strict';

const { io } = require('socket.io-client');
const { out, onCommand, arg } = require('./common');

const [url, name, room] = process.argv.slice(2);
const authArg = arg('auth', null);
const auth = typeof authArg === 'string' ? JSON.parse(authArg) : { name };
const socket = io(url, { transports: ['websocket'], auth, reconnection: false });

socket.on('connect', async () => {
  out({ event: 'connect', id: socket.id });
  const reply = await socket.timeout(5000).emitWithAck('join', { room });
  out({ event: 'joined', reply });
  process.stdout.write('ready\n');
});
socket.on('connect_error', (err) => {
  out({ event: 'connect_error', message: err.message, data: err.data });
  process.stdout.write('ready\n');
});
socket.on('chat message', (message) => out({ event: 'chat message', message }));
socket.on('members', (members) => out({ event: 'members', members }));
socket.on('disconnect', (reason) => out({ event: 'disconnect', reason }));

onCommand(async (cmd) => {
  if (cmd.send !== undefined) {
    const reply = await socket.timeout(5000).emitWithAck('chat message', { room, text: cmd.send, clientId: cmd.clientId });
    out({ event: 'ack', reply });
  }
});
