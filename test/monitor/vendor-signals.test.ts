import { describe, expect, it } from 'vitest';
import { chatdashAdapter } from '../../adapters/chatdash/chatdash-adapter.js';
import { convocoreAdapter } from '../../adapters/convocore/convocore-adapter.js';
import { elevenlabsAdapter } from '../../adapters/elevenlabs/elevenlabs-adapter.js';
import { tetherAdapter } from '../../adapters/tether/tether-adapter.js';
import { RecordMappingError, VendorShapeError, type ReportMonitor, type SignalMonitor, type StallSignals } from '../../src/contract/index.js';
import { classifyStall, passesThreshold, waitingMinutes } from '../../src/monitor/classify-stall.js';

const T = Date.UTC(2026, 4, 18, 14, 0, 0);
const MINUTE = 60_000;
const seconds = (ms: number) => ms / 1000;
const binding = { connection: 'x', agentId: 'a' };

function stall(monitor: unknown, record: unknown) {
  const signals = (monitor as SignalMonitor).stallSignals(record, { binding });
  return signals ? classifyStall(signals) : null;
}

describe('the one rule (docs/monitor.md)', () => {
  const base: StallSignals = { aiOwned: false, humanRequestedOrHeld: false, latestInboundAt: T, latestAiReplyAt: null, latestHumanReplyAt: null, assigneeNames: [] };

  it('ai_stuck: the AI owns it and has not replied at or after the contact', () => {
    expect(classifyStall({ ...base, aiOwned: true })).toEqual({ category: 'ai_stuck', latestInboundAt: T });
    expect(classifyStall({ ...base, aiOwned: true, latestAiReplyAt: T - 1 })?.category).toBe('ai_stuck');
    expect(classifyStall({ ...base, aiOwned: true, latestAiReplyAt: T })).toBeNull();
  });

  it('agent_abandoned: a human asked for or holding it wins over the AI; only a human reply answers', () => {
    const human = { ...base, aiOwned: true, humanRequestedOrHeld: true };
    expect(classifyStall(human)?.category).toBe('agent_abandoned');
    expect(classifyStall({ ...human, latestAiReplyAt: T + MINUTE })?.category).toBe('agent_abandoned');
    expect(classifyStall({ ...human, latestHumanReplyAt: T + MINUTE })).toBeNull();
  });

  it('nothing is claimed without an inbound time or an owner', () => {
    expect(classifyStall({ ...base, aiOwned: true, latestInboundAt: null })).toBeNull();
    expect(classifyStall(base)).toBeNull();
  });

  it('the threshold is "at least", in whole minutes waited', () => {
    expect(passesThreshold(T - 30 * MINUTE, T, 30, false)).toBe(true);
    expect(passesThreshold(T - 30 * MINUTE + 1, T, 30, false)).toBe(false);
    expect(passesThreshold(null, T, 30, false)).toBe(false);
    expect(passesThreshold(null, T, 30, true)).toBe(true);
    expect(waitingMinutes(T - 30 * MINUTE + 1, T)).toBe(29);
    expect(waitingMinutes(T + MINUTE, T)).toBe(0);
  });
});

describe('Convocore signals', () => {
  const monitor = convocoreAdapter.monitor;
  const at = seconds(T);

  it('ai-chatting with a pending AI reply is ai_stuck since it; without one nothing is unanswered', () => {
    expect(stall(monitor, { ID: 'c', state: 'ai-chatting', ts: at, pendingAiReplyAt: at - 60 })).toEqual({ category: 'ai_stuck', latestInboundAt: T - MINUTE });
    expect(stall(monitor, { ID: 'c', state: 'ai-chatting', ts: at, pendingAiReplyAt: null })).toBeNull();
  });

  it('requested_chat waits since the latest handoff request', () => {
    const record = { ID: 'c', state: 'requested_chat', ts: at, lastMessageTS: at, handoffHistory: [{ requestedAt: at - 600 }, { requestedAt: at - 120 }] };
    expect(stall(monitor, record)).toEqual({ category: 'agent_abandoned', latestInboundAt: T - 2 * MINUTE });
    expect(stall(monitor, { ID: 'c', state: 'requested_chat', ts: at })).toEqual({ category: 'agent_abandoned', latestInboundAt: T });
  });

  it('human-chatting is abandoned only while the last message is newer than the human reply', () => {
    const held = { ID: 'c', state: 'human-chatting', ts: at, lastMessageTS: at, humanClaimedAt: at - 900, assignedTo: { name: 'Dana' } };
    expect(stall(monitor, { ...held, humanLastRepliedAt: at - 300 })?.category).toBe('agent_abandoned');
    expect(stall(monitor, { ...held, humanLastRepliedAt: at })).toBeNull();
    expect((monitor as SignalMonitor).stallSignals(held, { binding })?.assigneeNames).toEqual(['Dana']);
  });

  it('ended and unknown states are never stalled', () => {
    for (const state of ['ended_chat', 'something-new', undefined]) expect(stall(monitor, { ID: 'c', state, ts: at, pendingAiReplyAt: at })).toBeNull();
  });
});

describe('ChatDash signals: agent_abandoned from pending and live only', () => {
  const monitor = chatdashAdapter.monitor;
  const pending = { _id: 'c', status: 'pending', isLive: true, createdAt: new Date(T - 9 * MINUTE).toISOString(), updatedAt: new Date(T).toISOString() };

  it('a live conversation pending a human waits since updatedAt', () => {
    expect(stall(monitor, pending)).toEqual({ category: 'agent_abandoned', latestInboundAt: T });
  });

  it('says nothing about AI conversations, human-held ones, ended or no longer live ones', () => {
    expect(monitor!.categories).toEqual(['agent_abandoned']);
    expect(stall(monitor, { ...pending, status: 'ai' })).toBeNull();
    expect(stall(monitor, { ...pending, status: 'human' })).toBeNull();
    expect(stall(monitor, { ...pending, isLive: false })).toBeNull();
    expect(stall(monitor, { ...pending, endedAt: pending.updatedAt })).toBeNull();
  });
});

describe('ElevenLabs signals: calls stuck in progress or processing are ai_stuck', () => {
  const monitor = elevenlabsAdapter.monitor;
  const call = { conversation_id: 'c', start_time_unix_secs: seconds(T), call_duration_secs: 90 };

  it('in-progress since the start, processing since the end', () => {
    expect(stall(monitor, { ...call, status: 'in-progress' })).toEqual({ category: 'ai_stuck', latestInboundAt: T });
    expect(stall(monitor, { ...call, status: 'processing' })).toEqual({ category: 'ai_stuck', latestInboundAt: T + 90_000 });
  });

  it('has no human category, and finished or unstarted calls are never stuck', () => {
    expect(monitor!.categories).toEqual(['ai_stuck']);
    for (const status of ['initiated', 'done', 'failed', 'new-status']) expect(stall(monitor, { ...call, status })).toBeNull();
    expect(stall(monitor, { conversation_id: 'c', status: 'in-progress' })).toBeNull();
  });
});

describe("Tether: its own report, read natively", () => {
  const monitor = tetherAdapter.monitor as ReportMonitor;

  it('asks for every candidate, never for another organization, and pushes the binding department down', () => {
    const request = monitor.buildReportRequest({
      binding: { connection: 'tether', userId: '65a0e0e0e0e0e0e0e0e0e0e0', departmentId: 'd1' },
      credential: 'tok',
      page: 2,
      pageSize: 500,
      category: 'ai_stuck',
    });
    expect(request).toMatchObject({ method: 'GET', path: '/api/conversation-monitor/report', headers: { Authorization: 'Bearer tok' } });
    expect(request.query).toEqual({ page: 2, limit: 100, category: 'ai_stuck', skipThreshold: 'true', departmentId: 'd1' });
  });

  it('reads the report and its rows tolerantly', () => {
    const body = {
      success: true,
      data: {
        organizationId: 'o', generatedAt: '2026-05-18T14:00:00.000Z', thresholdMinutes: 30, totalCount: 42, snapshotMissing: false,
        pagination: { page: 1, limit: 25, total: 42, totalPages: 2 },
        rows: [{ conversationId: 'c1', latestInboundAt: '2026-05-18T13:45:00.000Z', category: 'ai_stuck', assigneeNames: ['Alice Rivera'], hasAccess: true, extra: 1 }],
      },
    };
    const page = monitor.parseReportPage(body);
    expect(page).toMatchObject({ totalPages: 2, totalCount: 42, thresholdMinutes: 30, snapshotMissing: false, generatedAt: Date.parse('2026-05-18T14:00:00Z') });
    expect(monitor.readStall(page.records[0])).toEqual({
      conversationId: 'c1', category: 'ai_stuck', latestInboundAt: Date.parse('2026-05-18T13:45:00Z'), assigneeNames: ['Alice Rivera'], hasAccess: true,
    });
    expect(monitor.readStall({ conversationId: 'c2', category: 'agent_abandoned', latestInboundAt: null })).toMatchObject({ latestInboundAt: null, assigneeNames: [], hasAccess: null });
    expect(() => monitor.parseReportPage({ success: true, data: {} })).toThrow(VendorShapeError);
    expect(() => monitor.readStall({ conversationId: 'c3', category: 'sleeping' })).toThrow(RecordMappingError);
    expect(() => monitor.readStall({ category: 'ai_stuck' })).toThrow(RecordMappingError);
  });
});
