import { VendorShapeError, asObject, type DetailRead } from '../../src/contract/index.js';
import type { ElevenLabsConversationDetail } from './elevenlabs-detail-types.js';
import { mapElevenLabsDetail } from './map-elevenlabs-detail.js';

/**
 * `GET /v1/convai/conversations/{conversation_id}`: the whole conversation in one read. It
 * answers any conversation the key can see, whatever its agent, so the record's
 * `agent_id` decides whether it is the binding's.
 */
export const elevenlabsDetail: DetailRead<{ conversation: ElevenLabsConversationDetail }> = {
  reads: {
    conversation: {
      buildRequest: ({ credential, conversationId }) => ({
        method: 'GET',
        path: `/v1/convai/conversations/${encodeURIComponent(conversationId)}`,
        headers: { 'xi-api-key': credential, accept: 'application/json' },
      }),
      parse(body) {
        const detail = asObject(body);
        if (typeof detail.conversation_id !== 'string' || !Array.isArray(detail.transcript)) {
          throw new VendorShapeError('ElevenLabs conversation has no conversation_id or transcript array');
        }
        return detail as ElevenLabsConversationDetail;
      },
    },
  },
  ownership: 'record',
  map: ({ conversation }, context) => mapElevenLabsDetail(conversation, context),
};
