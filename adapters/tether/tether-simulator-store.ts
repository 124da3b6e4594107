import type { SimulatorRequest, SimulatorResponse } from '../../src/contract/testing.js';

/** What the Tether simulator stores and the small HTTP helpers both its endpoints share. */

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

/** The bearer token, if the request carries one. */
export function bearerToken(request: SimulatorRequest): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(String(request.headers.authorization ?? ''));
  return match === null ? undefined : match[1];
}

export function hasCredential(request: SimulatorRequest, credential: string): boolean {
  return bearerToken(request) === credential;
}

export function failure(status: number, message: string, error: string): SimulatorResponse {
  return { status, body: { success: false, message, error } };
}

/** parseInt semantics, as an Express handler reads a query string. */
export function integerOr(value: string | null, fallback: number): number {
  const number = Number.parseInt(value ?? '', 10);
  return Number.isNaN(number) ? fallback : number;
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
