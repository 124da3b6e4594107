import { createRandom, type Random } from './random.js';

/**
 * Deterministic transcripts for simulators, in no vendor's shape: each simulator renders
 * the turns into its own wire format. Drawn from a seed of their own (derive it from the
 * conversation's id), so adding transcripts leaves every other generated field as it was.
 */

export interface SimulatedToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
  result: Record<string, unknown>;
}

export interface SimulatedTurn {
  speaker: 'agent' | 'user';
  text: string;
  /** Seconds from the conversation's start. */
  startSec: number;
  endSec: number;
  /** The contact talked over this agent turn. */
  interrupted?: true;
  /** The agent looked something up on this turn. */
  toolCall?: SimulatedToolCall;
}

export interface TranscriptPlan {
  /** How many turns, exactly: the greeting, the contact's request, then turns in turn. */
  turns: number;
  /** The turns are spread over it; the last one ends at it. */
  durationSec: number;
  /** The contact's first words. */
  opening: string;
  /** The last turn's words, when a list record already names them. */
  closing?: string;
  /** The agent's first answer calls a tool (needs three turns). */
  toolCall?: boolean;
  /** The contact cuts one agent answer short (needs four turns). */
  interruption?: boolean;
}

const GREETING = 'Hello, thanks for reaching out. How can I help?';
const LOOKUP = 'One moment, I am looking that up.';
const AGENT_LINES = ['Let me check that for you.', 'I have found your booking.', 'That is done; you will get a confirmation shortly.', 'Is there anything else I can do?'];
const USER_LINES = ['Yes, please go ahead.', 'Could you also send it by e-mail?', 'No, that was all — thanks!', 'Wait, one more thing.'];

export function simulateTranscript(seed: number, plan: TranscriptPlan): SimulatedTurn[] {
  const random = createRandom(seed);
  const count = Math.max(0, Math.floor(plan.turns));
  const slot = Math.max(0, plan.durationSec) / Math.max(1, count);
  const interrupted = plan.interruption && count >= 4 ? 2 + 2 * random.int(0, Math.floor((count - 4) / 2)) : -1;
  return Array.from({ length: count }, (_, index) => {
    const speaker = index % 2 === 0 ? 'agent' : 'user';
    const startSec = Math.round(index * slot * 100) / 100;
    const endSec = index === count - 1 ? Math.max(startSec, plan.durationSec) : Math.round((startSec + slot * random.int(50, 95) / 100) * 100) / 100;
    const lines = speaker === 'agent' ? AGENT_LINES : USER_LINES;
    const text = index === count - 1 && plan.closing ? plan.closing : index < 2 ? [GREETING, plan.opening][index]! : index === 2 && plan.toolCall ? LOOKUP : random.pick(lines);
    const turn: SimulatedTurn = { speaker, text, startSec, endSec };
    if (index === interrupted) turn.interrupted = true;
    if (index === 2 && plan.toolCall) turn.toolCall = toolCallOf(random);
    return turn;
  });
}

/** Each word of a turn, timed evenly across it, in seconds from the conversation's start. */
export function timedWords(turn: SimulatedTurn): { word: string; start: number; end: number }[] {
  const words = turn.text.split(' ');
  const step = (turn.endSec - turn.startSec) / words.length;
  const at = (index: number) => Math.round((turn.startSec + index * step) * 1000) / 1000;
  return words.map((word, index) => ({ word, start: at(index), end: index === words.length - 1 ? turn.endSec : at(index + 1) }));
}

function toolCallOf(random: Random): SimulatedToolCall {
  const orderId = `ord_${random.hex(6)}`;
  return { id: `tool_${random.hex(12)}`, name: 'lookup_order', arguments: { orderId }, result: { orderId, status: random.pick(['shipped', 'processing', 'delivered']) } };
}
