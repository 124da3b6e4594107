import type { ChannelType, ConversationState } from '../../src/contract/index.js';

/** Convocore `origin` → channel; a value not listed (or not a string) is `other`. */
export const CHANNEL_BY_ORIGIN: Readonly<Record<string, ChannelType>> = {
  'web-chat': 'webchat',
  webchat: 'webchat',
  widget: 'webchat',
  whatsapp: 'whatsapp',
  instagram: 'instagram',
  messenger: 'messenger',
  facebook: 'messenger',
  sms: 'sms',
  email: 'email',
  call: 'voice',
  phone: 'voice',
  voice: 'voice',
  vapi: 'voice',
};

/** Convocore `state` → conversation state; a value not listed (or absent) is `unknown`. */
export const STATE_BY_CONVOCORE_STATE: Readonly<Record<string, ConversationState>> = {
  'ai-chatting': 'autopilot',
  requested_chat: 'awaiting-human',
  'human-chatting': 'human',
  ended_chat: 'resolved',
};
