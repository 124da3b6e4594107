import { describe, expect, it } from 'vitest';
import { simulateTranscript } from '../../src/simulator-kit/simulated-transcript.js';

const plan = { turns: 9, durationSec: 240, opening: 'Where is my order?', toolCall: true, interruption: true };

describe('simulateTranscript', () => {
  it('is the same for the same seed, and another for another seed', () => {
    expect(simulateTranscript(7, plan)).toEqual(simulateTranscript(7, plan));
    expect(simulateTranscript(8, plan)).not.toEqual(simulateTranscript(7, plan));
  });

  it('alternates agent and user from the greeting, with the opening and closing words where asked', () => {
    const turns = simulateTranscript(7, { ...plan, closing: 'Bye now.' });
    expect(turns.map((turn) => turn.speaker)).toEqual(['agent', 'user', 'agent', 'user', 'agent', 'user', 'agent', 'user', 'agent']);
    expect(turns[1]!.text).toBe('Where is my order?');
    expect(turns.at(-1)!.text).toBe('Bye now.');
  });

  it('spreads the turns over the duration in order, the last ending at it', () => {
    for (const durationSec of [0, 3, 240, 1799]) {
      const turns = simulateTranscript(3, { ...plan, durationSec });
      for (const [index, turn] of turns.entries()) {
        expect(turn.startSec).toBeLessThanOrEqual(turn.endSec);
        expect(turn.endSec).toBeLessThanOrEqual(durationSec);
        if (index > 0) expect(turn.startSec).toBeGreaterThanOrEqual(turns[index - 1]!.endSec);
      }
      expect(turns.at(-1)!.endSec).toBe(durationSec);
    }
  });

  it('puts one tool call on the agent first answer and one interruption on an agent turn a user turn follows', () => {
    for (let seed = 0; seed < 20; seed += 1) {
      const turns = simulateTranscript(seed, plan);
      expect(turns.filter((turn) => turn.toolCall)).toEqual([expect.objectContaining({ speaker: 'agent', toolCall: expect.objectContaining({ name: 'lookup_order' }) })]);
      const cut = turns.findIndex((turn) => turn.interrupted);
      expect(turns[cut]!.speaker).toBe('agent');
      expect(turns[cut + 1]!.speaker).toBe('user');
    }
  });

  it('leaves them out when the plan does not ask or the conversation is too short', () => {
    expect(simulateTranscript(1, { ...plan, toolCall: false, interruption: false }).some((turn) => turn.toolCall || turn.interrupted)).toBe(false);
    const short = simulateTranscript(1, { ...plan, turns: 2 });
    expect(short).toHaveLength(2);
    expect(short.some((turn) => turn.toolCall || turn.interrupted)).toBe(false);
    expect(simulateTranscript(1, { ...plan, turns: 1 }).map((turn) => turn.speaker)).toEqual(['agent']);
    expect(simulateTranscript(1, { ...plan, turns: 0 })).toEqual([]);
  });
});
