import type { FastifyInstance } from 'fastify';
import type { ConversationCounts } from '../../src/conversations/count-conversations.js';

export interface CountsBody {
  success: true;
  data: ConversationCounts;
}

/** `GET /v1/agents/{agentId}/conversations/counts` through `inject`. */
export async function getCounts(app: FastifyInstance, token: string, agentId: string, query: Record<string, string> = {}) {
  const response = await app.inject({ url: `/v1/agents/${agentId}/conversations/counts`, query, headers: { authorization: `Bearer ${token}` } });
  return { status: response.statusCode, body: response.json() as CountsBody & { error?: string; message?: string } };
}
