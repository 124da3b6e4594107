import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { projectRoot } from '../project-root.js';
import { NO_QUERY } from './route-schemas.js';

/** Where `npm run build:explorer` (and `npm start`, before it starts) writes the page. */
export const EXPLORER_ASSETS = join(projectRoot(), 'dist', 'explorer');

export interface ExplorerOptions {
  /** Only the sandbox sets it: the page offers this token with one click. */
  sandboxToken?: string;
  assets?: string;
}

const FILES = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
} as const;

/**
 * `/explorer`: the page that shows an agent's conversations from every vendor. It is static
 * and calls the public API like any client; its security headers come from security-headers.ts.
 */
export const explorerRoute =
  (options: ExplorerOptions = {}): FastifyPluginAsync =>
  async (app) => {
    const assets = options.assets ?? EXPLORER_ASSETS;
    const hidden = { schema: { hide: true, querystring: NO_QUERY } };
    const page = { schema: { hide: true } };

    const send = async (reply: FastifyReply, name: keyof typeof FILES) => {
      let content: Buffer;
      try {
        content = await readFile(join(assets, name));
      } catch {
        return reply
          .code(503)
          .type('text/plain; charset=utf-8')
          .send('The explorer is not built: run `npm run build:explorer` (npm start and npm run build do it).');
      }
      return reply.type(FILES[name]).header('cache-control', 'no-cache').send(content);
    };

    // The page keeps its view (agent, filters) in the query string, so it takes any.
    app.get('/explorer', page, async (_request, reply) => send(reply, 'index.html'));
    app.get('/explorer/', page, async (_request, reply) => send(reply, 'index.html'));
    app.get('/explorer/app.js', hidden, async (_request, reply) => send(reply, 'app.js'));
    app.get('/explorer/app.css', hidden, async (_request, reply) => send(reply, 'app.css'));
    // Named by the page, so a browser never asks for /favicon.ico (a 404 and a console error).
    app.get('/explorer/favicon.svg', hidden, async (_request, reply) => send(reply, 'favicon.svg'));

    // Registered only in the sandbox, whose data is synthetic; a configured gateway has no such route.
    const token = options.sandboxToken;
    if (token !== undefined) {
      app.get('/explorer/sandbox-token', hidden, async (_request, reply) => {
        reply.header('cache-control', 'no-store');
        return { token };
      });
    }
  };
