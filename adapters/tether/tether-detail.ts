import type { DetailUnsupported } from '../../src/contract/index.js';

/**
 * No detail read: Tether's public documents disagree on how to read a conversation's
 * messages, and neither says what comes back (adapters/tether/README.md).
 */
export const tetherDetail: DetailUnsupported = {
  unsupported:
    "Tether documents its messages read two ways, POST /api/conversation/messages with the conversationId in the body (its API reference) " +
    'and GET /api/conversation/{conversationId}/messages (its OpenAPI file), and neither states the fields of what comes back ' +
    '(the OpenAPI file answers a generic response with open fields), so no transcript can be read without guessing.',
};
