import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/**
 * Connections that never carried a request are closed when the gateway closes. Node's
 * `server.close()` waits for them (they are not "idle": no request ever started on them),
 * and some clients open one after a request they cut short (undici on Node 22 does, after
 * a streamed export it stopped reading): the gateway would then wait for the client's
 * request timeout before it could exit. Connections in the middle of a request, or idle
 * between keep-alive requests, are left to Node and the shutdown sweep.
 */
export function closeSpareConnectionsOnClose(app: FastifyInstance): void {
  const spare = new Set<Socket>();
  app.server.on('connection', (socket: Socket) => {
    spare.add(socket);
    socket.once('close', () => spare.delete(socket));
  });
  app.server.on('request', (request: { socket: Socket }) => spare.delete(request.socket));
  app.addHook('preClose', async () => {
    for (const socket of spare) socket.destroy();
  });
}
