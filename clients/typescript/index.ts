/** The gateway's typed client: generated operations and types, plus the cursor walk with typed filters. */
export * from './generated/index.js';
export { createClient, createConfig, type Client } from './generated/client/index.js';
export {
  conversationsQuery,
  countsQuery,
  GatewayResponseError,
  walkConversations,
  type ChannelType,
  type ConversationFilters,
  type ConversationState,
  type ConversationsQuery,
  type CountFilters,
  type CountsQuery,
} from './walk-conversations.js';
