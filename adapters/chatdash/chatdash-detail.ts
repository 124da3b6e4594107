import { VendorShapeError, asObject, type DetailRead, type ImportedCopies } from '../../src/contract/index.js';
import type { ChatDashConversation } from './chatdash-types.js';
import { mapChatDashDetail } from './map-chatdash-detail.js';
import { chatdashAgentId } from './map-chatdash-row.js';

/**
 * `GET /agents/{agentId}/conversations/{conversationId}` ("Fetch Single Conversation"):
 * the row without a whole-window list read, scoped by the path to the binding's agent. The
 * messages are another matter: the page documenting their read gives two different paths.
 */
export const chatdashDetail: DetailRead<{ conversation: ChatDashConversation }> = {
  reads: {
    conversation: {
      buildRequest: ({ binding, credential, conversationId }) => ({
        method: 'GET',
        path: `/agents/${encodeURIComponent(chatdashAgentId(binding))}/conversations/${encodeURIComponent(conversationId)}`,
        headers: { Authorization: credential, Accept: 'application/json' },
      }),
      parse(body) {
        if (typeof asObject(body)._id !== 'string') throw new VendorShapeError('ChatDash conversation: expected an object with an _id');
        return body as ChatDashConversation;
      },
    },
  },
  ownership: 'request',
  transcriptUnsupported:
    'ChatDash documents its messages read inconsistently: the "Get Conversation Messages" example requests ' +
    'GET /projects/{projectId}/conversations/{conversationId}/messages, while a published version of the same page, and the ' +
    'POST and PUT of that family, name /agents/{agentId}/conversations/{conversationId}/messages; a messages read would have to guess its path.',
  map: ({ conversation }) => mapChatDashDetail(conversation),
};

/**
 * ChatDash imports Vapi, Retell and ElevenLabs calls (its `phone` field is "the FROM number
 * for Retell, the CUSTOMER number for Vapi and ElevenLabs") and keeps the original's id in
 * `platformId`; "Fetch Single Conversation" with `isPlatformId=true` finds the copy by it.
 */
export const chatdashCopies: ImportedCopies = {
  from: ['vapi', 'retell', 'elevenlabs'],
  // "Custom analysis data being imported in from platforms (just voice agents for now)".
  channels: ['voice'],
  byOriginalId: {
    ...chatdashDetail,
    reads: {
      conversation: {
        ...chatdashDetail.reads.conversation,
        buildRequest: (context) => ({ ...chatdashDetail.reads.conversation.buildRequest(context), query: { isPlatformId: 'true' } }),
      },
    },
  },
};
