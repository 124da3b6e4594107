import type { FastifyReply, FastifyRequest } from 'fastify';
import { matchesIfNoneMatch, type KeptAnswer, type KeptAnswers } from '../conversations/kept-answers.js';

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Answers with a kept answer: its body as kept (serialized and scrubbed once), or a 304 when `If-None-Match` names its tag. */
export function replyKept(request: FastifyRequest, reply: FastifyReply, kept: KeptAnswer): undefined {
  request.answerScrubbed = true;
  void reply.header('etag', kept.etag);
  if (matchesIfNoneMatch(request.headers['if-none-match'], kept.etag)) void reply.code(304).send();
  else void reply.type(JSON_CONTENT_TYPE).send(kept.body);
  return undefined;
}

/**
 * Answers with what was just read, keeping it under `key` until `freshUntil` where its kind
 * allows: the success envelope, its tag, or a 304 when `If-None-Match` names it.
 */
export function replyRead<Answer>(
  request: FastifyRequest,
  reply: FastifyReply,
  answers: KeptAnswers<Answer>,
  key: string | undefined,
  answer: Answer,
  freshUntil: number | null,
) {
  const serialize = reply.getSerializationFunction('200')!;
  const etag = answers.put(key, answer, freshUntil, (kept) => serialize({ success: true, data: kept }));
  void reply.header('etag', etag);
  if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return { success: true, data: answer };
}
