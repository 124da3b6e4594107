import { type StallProbe } from '../../src/contract/index.js';
import { MINUTE_MS, STALL_PROBE_MIN_COUNT, STALL_PROBE_WAIT_MINUTES } from '../../src/contract/testing.js';
import type { ElevenLabsConversation } from './elevenlabs-types.js';

/** A call reports at most 30 minutes so far, so in-progress probes stop at 30. */
const MAX_LIVE_MINUTES = 30;
const PROCESSED_CALL_SECONDS = 120;

/**
 * Turns the last generated calls into stuck ones with known waits (docs/monitor.md):
 * processing since their end at each probe wait, and in-progress since their start at
 * the waits a live call can report. Draws no random numbers.
 */
export function plantElevenLabsStallProbes(records: ElevenLabsConversation[], now: number): StallProbe[] {
  if (records.length < STALL_PROBE_MIN_COUNT) return [];
  const targets = [...records].reverse();
  const nowSeconds = Math.floor(now / 1000);
  const probes: StallProbe[] = [];
  const plant = (record: ElevenLabsConversation, status: string, start: number, duration: number, since: number) => {
    Object.assign(record, { status, start_time_unix_secs: start, call_duration_secs: duration, call_successful: 'unknown' });
    Object.assign(record, { transcript_summary: null, call_summary_title: null, rating: null });
    probes.push({ conversationId: record.conversation_id!, category: 'ai_stuck', latestInboundAt: since * 1000 });
  };
  for (const wait of STALL_PROBE_WAIT_MINUTES) {
    const record = targets[probes.length];
    if (!record) return probes;
    const ended = nowSeconds - (wait * MINUTE_MS) / 1000;
    plant(record, 'processing', ended - PROCESSED_CALL_SECONDS, PROCESSED_CALL_SECONDS, ended);
  }
  for (const wait of STALL_PROBE_WAIT_MINUTES.filter((minutes) => minutes <= MAX_LIVE_MINUTES)) {
    const record = targets[probes.length];
    if (!record) return probes;
    const seconds = (wait * MINUTE_MS) / 1000;
    plant(record, 'in-progress', nowSeconds - seconds, seconds, nowSeconds - seconds);
  }
  return probes;
}
