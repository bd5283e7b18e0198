// A socket.io 4.8 node of a cluster, the way socket.io deployments scale out: the
// @socket.io/redis-adapter carries broadcasts between the nodes through Redis pub/sub. For
// bench_cluster_fanout, Parley's cluster against it on the same machine and load.
//   node socketio-cluster.js PORT REDIS_URL
// Events: "join" (room) -> acked {ok:true}; "chat message" {room, text} -> broadcast to the room's
// other members on every node as "chat message", acked {ok:true}. Nothing is stored.
'use strict';
const http = require('http');
const { Server } = require('socket.io');
const { createAdapter } = require('@socket.io/redis-adapter');
const { createClient } = require('redis');

const port = Number(process.argv[2] || 0);
const redisUrl = process.argv[3] || 'redis://127.0.0.1:6379';

async function main() {
    const pub = createClient({ url: redisUrl });
    const sub = pub.duplicate();
    pub.on('error', (e) => console.error('redis', e.message));
    sub.on('error', (e) => console.error('redis', e.message));
    await Promise.all([pub.connect(), sub.connect()]);
    const server = http.createServer();
    const io = new Server(server, { transports: ['websocket'], maxHttpBufferSize: 1e6 });
    io.adapter(createAdapter(pub, sub));
    io.on('connection', (socket) => {
        socket.on('join', (room, ack) => {
            if (typeof room !== 'string') return;
            socket.join(room);
            if (typeof ack === 'function') ack({ ok: true });
        });
        socket.on('chat message', (msg, ack) => {
            if (!msg || typeof msg.room !== 'string') return;
            socket.to(msg.room).emit('chat message', msg);
            if (typeof ack === 'function') ack({ ok: true });
        });
    });
    server.listen(port, '127.0.0.1', () => {
        console.log(`socketio-cluster listening on ${server.address().port}`);
    });
}
main().catch((e) => { console.error(e); process.exit(1); });
