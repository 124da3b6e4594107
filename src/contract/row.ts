/** The normalized conversation row every adapter maps onto. */

export const CHANNEL_TYPES = [
  'voice',
  'sms',
  'email',
  'webchat',
  'whatsapp',
  'instagram',
  'messenger',
  'other',
] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

export const CONVERSATION_STATES = [
  'autopilot',
  'awaiting-human',
  'human',
  'resolved',
  'failed',
  'unknown',
] as const;
export type ConversationState = (typeof CONVERSATION_STATES)[number];

/**
 * How a row's `contactPhone` reads: `e164` once parsed and valid; `sip` (a SIP URI) and
 * `short-code` (3 to 6 digits: an SMS short code, a service number) are left as the vendor
 * gave them on purpose; `unparsed` is anything else, kept as given.
 */
export const CONTACT_PHONE_FORMATS = ['e164', 'sip', 'short-code', 'unparsed'] as const;
export type ContactPhoneFormat = (typeof CONTACT_PHONE_FORMATS)[number];

export interface Cost {
  amount: number;
  currency: string;
}

export interface Row {
  /** `<source>:<vendor conversation id>`, unique in the gateway. */
  id: string;
  source: string;
  vendor: string;
  vendorAgentId: string;
  conversationId: string;
  contactId: string | null;
  contactName: string | null;
  /** Trimmed and lower-cased by the gateway. */
  contactEmail: string | null;
  /** E.164 where it parsed (`contactPhoneFormat` says), else as the vendor gave it. */
  contactPhone: string | null;
  /** How `contactPhone` reads: `e164`, `sip`, `short-code` or `unparsed`; null without a phone. */
  contactPhoneFormat: ContactPhoneFormat | null;
  /** `tel:<E.164>`, else `mailto:<email>`, else null: one person whatever the vendor wrote. */
  contactKey: string | null;
  channelType: ChannelType;
  conversationState: ConversationState;
  /** ISO 8601 UTC. */
  startedAt: string | null;
  endedAt: string | null;
  lastActivityAt: string | null;
  /** At most 80 characters. */
  lastMessagePreview: string | null;
  messageCount: number | null;
  /** Always seconds. */
  durationSec: number | null;
  summary: string | null;
  successful: boolean | null;
  /** 1–5. */
  rating: number | null;
  tags: string[];
  assignees: string[];
  cost: Cost | null;
  language: string | null;
  direction: 'inbound' | 'outbound' | null;
  hasAccess: boolean;
  /**
   * The conversation's id on the platform it was imported from, where this vendor keeps
   * copies of other vendors' conversations (ChatDash's `platformId`); null for its own.
   */
  originalId: string | null;
  /**
   * Row ids of the same conversation on the agent's other sources (a copy and its
   * original), each confirmed by the vendor; filled when the request asks
   * (`duplicates=link` or `hide`), else empty.
   */
  linkedIds: string[];
  raw?: unknown;
}

/**
 * What an adapter's mapper returns: the row without the fields the gateway assigns.
 * `hasAccess` is the vendor's own verdict where it gives one (Tether does), else null
 * and the gateway decides from the caller's rights. `vendorAgentId` is the gateway's too
 * (the binding's agent, from the adapter's `vendorAgentId(binding)`); a mapper gives it
 * only where the record names its own agent, for a binding that names none. The contact's
 * phone and email come as the vendor wrote them: the gateway normalizes them and derives
 * `contactPhoneFormat` and `contactKey` (src/contacts/), once for every vendor.
 */
export type MappedRow = Omit<
  Row,
  'id' | 'source' | 'vendor' | 'vendorAgentId' | 'hasAccess' | 'raw' | 'contactPhoneFormat' | 'contactKey' | 'originalId' | 'linkedIds'
> & {
  vendorAgentId?: string | null;
  hasAccess: boolean | null;
  /** Only a vendor that imports copies (`ImportedCopies`) sets it. */
  originalId?: string | null;
};

/** A row's `vendorAgentId`: the binding's agent where it names one, else the record's own. */
export function rowVendorAgentId(mapped: MappedRow, bindingAgentId: string): string {
  return bindingAgentId || mapped.vendorAgentId || '';
}
