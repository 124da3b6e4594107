import type { SourceBinding } from '../../src/contract/index.js';

/**
 * Raw Tether shapes of `GET /api/escalation-dashboard/agent-conversations`.
 * Tolerant on purpose: optional wherever the vendor may omit a field, extra fields allowed.
 */

export type TetherConversationType = 'assignee' | 'owner';

/** One row of `data.rows`. */
export interface TetherConversationRow {
  /** A 24-hex ObjectId. */
  conversationId?: string;
  contactId?: string | null;
  /** Required by the spec, but may be '' for a contact without a name. */
  contactName?: string;
  contactPhone?: string | null;
  /** Not documented on this endpoint; read when a deployment sends it. */
  contactEmail?: string | null;
  /** `sms`, `email` or `webchat`; voice is excluded by the vendor (ENG-392). */
  channelType?: string;
  /** ISO 8601; null for a conversation without messages. */
  lastMessageTime?: string | null;
  /** Truncated to 80 characters by the vendor. */
  lastMessagePreview?: string | null;
  /** `autopilot`, `awaiting-human`, `human`, `resolved`, ... (derived by the vendor). */
  conversationState?: string;
  /** Sent by the conversation-monitor report; read when present. */
  assigneeNames?: string[];
  hasAccess?: boolean;
  [field: string]: unknown;
}

export interface TetherPagination {
  page?: number;
  limit?: number;
  total?: number;
  totalPages?: number;
}

export interface TetherConversationsResponse {
  success?: true;
  data?: { rows?: TetherConversationRow[]; pagination?: TetherPagination };
}

export interface TetherErrorBody {
  success?: false;
  message?: string;
  /** A code such as `UNAUTHORIZED`; optional. */
  error?: string;
  [field: string]: unknown;
}

/** The binding fields of a Tether source, besides `connection`. */
export interface TetherBinding {
  /** The human agent's user id (24-hex ObjectId). */
  userId: string;
  type: TetherConversationType;
  departmentId?: string;
}

/** Reads a source binding; the config was validated against the binding schema already. */
export function readTetherBinding(binding: SourceBinding): TetherBinding {
  const userId = typeof binding.userId === 'string' ? binding.userId : '';
  const type: TetherConversationType = binding.type === 'owner' ? 'owner' : 'assignee';
  const departmentId =
    typeof binding.departmentId === 'string' && binding.departmentId !== '' ? binding.departmentId : undefined;
  return departmentId === undefined ? { userId, type } : { userId, type, departmentId };
}
