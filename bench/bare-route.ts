/**
 * The yardstick of `bench:hot`: a bare Fastify route that answers every GET with one JSON
 * body held in memory, the same body the gateway's hot page returns.
 * `node --import tsx bench/bare-route.ts BODY_FILE PORT`
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const body = readFileSync(process.argv[2]!, 'utf8');
const app = Fastify();
app.get('/healthz', () => ({ status: 'ok' }));
app.get('/*', (_request, reply) => {
  void reply.type('application/json; charset=utf-8').send(body);
});
await app.listen({ host: '127.0.0.1', port: Number(process.argv[3] ?? 0) });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
