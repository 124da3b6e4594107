/** The gateway's typed client: generated operations and types, plus the cursor walk. */
export * from './generated/index.js';
export { createClient, createConfig, type Client } from './generated/client/index.js';
export { GatewayResponseError, walkConversations, type ConversationFilters } from './walk-conversations.js';
