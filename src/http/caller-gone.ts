import type { FastifyReply } from 'fastify';

/**
 * Aborts when the caller goes away: the response's connection closed before the answer
 * was written whole (before the first byte of it, or in the middle of a stream). The
 * vendor reads made for the request stop with it.
 */
export function callerGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new Error('the caller went away'));
  });
  return controller.signal;
}
