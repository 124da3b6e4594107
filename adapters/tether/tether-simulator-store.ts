import type { SimulatorResponse } from '../../src/contract/testing.js';

/** What the Tether simulator stores and the error body both its endpoints answer. */

export interface Assignee {
  userId: string;
  name: string;
}

/**
 * What the vendor stores, richer than the row it returns: owner, assignees, department,
 * organization and latest inbound message are what the conversation-monitor report
 * reads from the same store.
 */
export interface StoredConversation {
  conversationId: string;
  organizationId: string;
  departmentId: string;
  ownerUserId: string;
  assignees: Assignee[];
  contactId: string | null;
  contactName: string;
  /** undefined: the vendor leaves the field out. */
  contactPhone: string | null | undefined;
  channelType: string;
  lastMessageTime: number | null;
  latestInboundAt: number | null;
  lastMessagePreview: string | null;
  conversationState: string;
  hasAccess: boolean;
}

export interface Organization {
  organizationId: string;
  departmentIds: string[];
  staff: Assignee[];
}

export function failure(status: number, message: string, error: string): SimulatorResponse {
  return { status, body: { success: false, message, error } };
}
