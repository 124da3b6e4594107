import type { Agent, ConversationDetail, Counts, Page, Row, StalledRow } from './api-types.js';

/** An answer of the gateway other than success, in its one error envelope. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The bearer token goes in the header only: never in a URL, where logs and history keep it. */
export function authorized(token: string): RequestInit {
  return { headers: { authorization: `Bearer ${token}` } };
}

/** Requests sent before the page first renders, each handed to the first reader of the same path and token. */
const early = new Map<string, Promise<Response>>();

export function sendEarly(path: string, token: string): void {
  early.set(`${token} ${path}`, fetch(path, authorized(token)));
}

function takeEarly(path: string, token: string): Promise<Response> | undefined {
  const key = `${token} ${path}`;
  const response = early.get(key);
  early.delete(key);
  return response;
}

async function getData<T>(path: string, token: string, signal?: AbortSignal): Promise<T> {
  const response = await (takeEarly(path, token) ?? fetch(path, { ...authorized(token), signal }));
  const body = (await response.json().catch(() => null)) as { success?: boolean; data?: T; error?: string; message?: string } | null;
  if (!response.ok || body?.success !== true) {
    throw new ApiError(response.status, body?.error ?? `HTTP_${response.status}`, body?.message ?? response.statusText);
  }
  return body.data as T;
}

export async function listAgents(token: string, signal?: AbortSignal): Promise<Agent[]> {
  return (await getData<{ agents: Agent[] }>('/v1/agents', token, signal)).agents;
}

export function conversationsPath(agentId: string, query: URLSearchParams, suffix = ''): string {
  const search = query.toString();
  return `/v1/agents/${encodeURIComponent(agentId)}/conversations${suffix}${search ? `?${search}` : ''}`;
}

/** `GET /v1/conversations?contactKey=…`: one person across every agent the token may read. */
export function contactSearchPath(query: URLSearchParams): string {
  return `/v1/conversations?${query.toString()}`;
}

export function readConversations(path: string, token: string, signal?: AbortSignal): Promise<Page<Row>> {
  return getData(path, token, signal);
}

/** One conversation and what was said in it. */
export function readConversation(agentId: string, rowId: string, token: string, signal?: AbortSignal): Promise<ConversationDetail> {
  return getData(`/v1/agents/${encodeURIComponent(agentId)}/conversations/${encodeURIComponent(rowId)}`, token, signal);
}

/** How many rows a filter gives, by source, state and channel. */
export function readCounts(agentId: string, query: URLSearchParams, token: string, signal?: AbortSignal): Promise<Counts> {
  return getData(conversationsPath(agentId, query, '/counts'), token, signal);
}

export function readStalled(query: URLSearchParams, token: string, signal?: AbortSignal): Promise<Page<StalledRow>> {
  return getData(`/v1/monitor/stalled?${query.toString()}`, token, signal);
}

/** What the sandbox's fault switch has on, and what it can switch; any other gateway answers 404. */
export interface SandboxFaultState {
  faults: { connection: string; fault: string; until: string }[];
  connections: string[];
  kinds: string[];
}

/** null where the route does not exist: a gateway that is not the sandbox. */
export async function readSandboxFaults(token: string, signal?: AbortSignal): Promise<SandboxFaultState | null> {
  try {
    return await getData<SandboxFaultState>('/sandbox/faults', token, signal);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

export async function switchSandboxFault(token: string, change: { connection: string; fault: string; seconds: number } | 'clear'): Promise<SandboxFaultState> {
  const init: RequestInit =
    change === 'clear'
      ? { ...authorized(token), method: 'DELETE' }
      : { method: 'POST', headers: { ...authorized(token).headers, 'content-type': 'application/json' }, body: JSON.stringify(change) };
  const response = await fetch('/sandbox/faults', init);
  const body = (await response.json().catch(() => null)) as { success?: boolean; data?: SandboxFaultState; message?: string } | null;
  if (!response.ok || body?.success !== true) throw new ApiError(response.status, 'SANDBOX_FAULTS', body?.message ?? response.statusText);
  return body.data!;
}

/** The sandbox's ADMIN token, offered with one click; any other gateway answers 404. */
export async function sandboxToken(): Promise<string | null> {
  const response = await fetch('/explorer/sandbox-token').catch(() => null);
  if (!response?.ok) return null;
  const body = (await response.json().catch(() => null)) as { token?: unknown } | null;
  return typeof body?.token === 'string' ? body.token : null;
}
