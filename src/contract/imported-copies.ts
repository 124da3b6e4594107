import type { DetailRead } from './conversation-detail.js';
import type { ChannelType } from './row.js';

/**
 * A vendor that imports other vendors' conversations (ChatDash imports Vapi, Retell and
 * ElevenLabs calls) and keeps on each copy the conversation's id on the platform it came
 * from: its mapper sets the row's `originalId`. With it the gateway links a copy and its
 * original when both vendors are bound to one agent, and can fold the copy away
 * (`duplicates=hide`).
 */
export interface ImportedCopies {
  /** The vendors (registry names) whose conversations it imports. */
  from: readonly string[];
  /** The channels of what it imports, where its documentation limits them: a row on another channel is never a copy nor copied. */
  channels?: readonly ChannelType[];
  /**
   * Reads the copy of a conversation by the original's id, as a detail read whose
   * `conversationId` is that id: a 404 says this vendor holds no copy of it.
   */
  byOriginalId: DetailRead;
}
