import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { VendorSpec } from '../../src/specs/vendor-spec.js';
import { readFixtures, type Fixture } from '../../src/tools/fixture-file.js';
import { readDetailFixtures, type DetailFixture } from '../support/detail-fixture.js';
import { replayDetailFixture } from '../support/replay-detail-fixture.js';
import { replayFixture } from '../support/replay-fixture.js';

const root = join(import.meta.dirname, '..', '..');

/** Replays a recorded fixture after `mutate` changed it in memory: what a drifted vendor would send. */
async function problemsAfter(vendor: string, fixtureCase: string, mutate: (fixture: Fixture) => void): Promise<string[]> {
  const module = adapterModules.find((candidate) => candidate.adapter.vendor === vendor)!;
  const fixture = structuredClone(readFixtures(root, vendor).find((entry) => entry.fixture.case === fixtureCase)!.fixture);
  mutate(fixture);
  return (await replayFixture(module, fixture, VendorSpec.load(join(root, 'specs'), vendor))).problems;
}

function body(fixture: Fixture, exchange = 0): any {
  return fixture.exchanges[exchange]!.response.body;
}

describe('vendor drift fails the replay, naming vendor, field and case', () => {
  it('a changed type', async () => {
    const problems = await problemsAfter('convocore', 'voice-calls-and-unknown-values', (fixture) => {
      body(fixture).data[0].ts = String(body(fixture).data[0].ts);
    });
    expect(problems).toContain(
      'convocore case voice-calls-and-unknown-values: vendor drift against specs/convocore: exchange 0 response 200 data[0].ts: must be number, got string',
    );
  });

  it('an unknown enum value', async () => {
    const problems = await problemsAfter('chatdash', 'default-window', (fixture) => {
      body(fixture)[1].status = 'escalated';
    });
    expect(problems).toContain(
      'chatdash case default-window: vendor drift against specs/chatdash: exchange 0 response 200 [1].status: unknown enum value "escalated" (allowed: ai, pending, human)',
    );
  });

  it('a missing field the adapter needs (the conversation id)', async () => {
    const problems = await problemsAfter('elevenlabs', 'two-pages-with-summaries', (fixture) => {
      delete body(fixture, 1).conversations[0].conversation_id;
    });
    expect(problems).toContain('elevenlabs case two-pages-with-summaries: exchange 1: record 0 could not be mapped: record has no conversation_id');
    expect(problems).toContain('elevenlabs case two-pages-with-summaries: expected 6 rows, the adapter mapped 5');
  });

  it('a missing field the spec requires, and the row field it moves', async () => {
    const problems = await problemsAfter('tether', 'assignee-two-pages', (fixture) => {
      delete body(fixture).data.rows[0].conversationState;
    });
    expect(problems).toContain('tether case assignee-two-pages: vendor drift against specs/tether: exchange 0 response 200 data.rows[0].conversationState: is required but missing');
    expect(problems.some((problem) => /^tether case assignee-two-pages: row 0 \(\w+\) field conversationState: expected "[\w-]+", got "unknown"$/.test(problem))).toBe(true);
  });

  it('a missing optional field the mapping reads shows as the row field it changed', async () => {
    const problems = await problemsAfter('elevenlabs', 'two-pages-with-summaries', (fixture) => {
      delete body(fixture).conversations[0].start_time_unix_secs;
    });
    expect(problems).toContain(
      'elevenlabs case two-pages-with-summaries: row 0 (conv_ec9ccc983b0406888496e3c2) field startedAt: expected "2026-01-15T11:59:00.000Z", got null',
    );
  });
});

describe('the replay holds the recording to account', () => {
  it('every recorded exchange must be used', async () => {
    const problems = await problemsAfter('elevenlabs', 'two-pages-with-summaries', (fixture) => {
      fixture.exchanges.push(structuredClone(fixture.exchanges[1]!));
    });
    expect(problems.some((problem) => problem.startsWith('elevenlabs case two-pages-with-summaries: not every recorded exchange was used'))).toBe(true);
  });

  it('a walked fixture must get exactly the requests the adapter makes', async () => {
    const problems = await problemsAfter('tether', 'assignee-two-pages', (fixture) => {
      fixture.exchanges[1]!.request.query.page = '3';
    });
    expect(problems).toContain(
      'tether case assignee-two-pages: exchange 1: the adapter now asks GET /api/escalation-dashboard/agent-conversations?userId=fd825d2dc3d5d8c635aaa5c8&type=assignee&page=2&limit=4, ' +
        'the recording has GET /api/escalation-dashboard/agent-conversations?userId=fd825d2dc3d5d8c635aaa5c8&type=assignee&page=3&limit=4',
    );
  });

  it('a request the adapter no longer makes', async () => {
    const problems = await problemsAfter('convocore', 'short-first-page-then-end', (fixture) => {
      fixture.exchanges[0]!.request.path = '/agents/agent123/conversations';
    });
    expect(problems).toContain(
      'convocore case short-first-page-then-end: exchange 0: the adapter now sends GET /agents/agent123/convos, the recording GET /agents/agent123/conversations',
    );
  });

  it('declared drift that no longer happens', async () => {
    const problems = await problemsAfter('chatdash', 'unknown-values', (fixture) => {
      body(fixture)[0].status = 'ai';
    });
    expect(problems.some((problem) => problem.startsWith('chatdash case unknown-values: knownDrift no longer happens: exchange 0 response 200 [0].status'))).toBe(true);
  });

  it('a fixture without exchanges fails', async () => {
    const problems = await problemsAfter('chatdash', 'unauthorized', (fixture) => {
      fixture.exchanges = [];
    });
    expect(problems).toContain('chatdash case unauthorized: has no exchanges; record some with npm run record');
  });
});

describe('the detail replay holds the recording to account', () => {
  const module = adapterModules.find((candidate) => candidate.adapter.vendor === 'elevenlabs')!;
  async function detailProblemsAfter(fixtureCase: string, mutate: (fixture: DetailFixture) => void): Promise<string[]> {
    const fixture = structuredClone(readDetailFixtures(root, 'elevenlabs').find((entry) => entry.case === fixtureCase)!);
    mutate(fixture);
    return replayDetailFixture(module, fixture, VendorSpec.load(join(root, 'specs'), 'elevenlabs'));
  }
  const conversation = (fixture: DetailFixture): any => fixture.exchanges[0]!.response.body;

  it('a moved message names the message and the field', async () => {
    const problems = await detailProblemsAfter('tool-call-interruption-unknown-role', (fixture) => {
      conversation(fixture).transcript[1].time_in_call_secs = 5;
    });
    expect(problems).toContain('elevenlabs detail case tool-call-interruption-unknown-role: detail.messages[1].at: expected "2026-01-15T11:48:04.000Z", got "2026-01-15T11:48:05.000Z"');
  });

  it('a drifted type', async () => {
    const problems = await detailProblemsAfter('another-branch', (fixture) => {
      conversation(fixture).metadata.start_time_unix_secs = '1768477680';
    });
    expect(problems).toContain('elevenlabs detail case another-branch: vendor drift against specs/elevenlabs: exchange 0 response 200 metadata.start_time_unix_secs: must be integer, got string');
  });

  it('a request the adapter no longer makes', async () => {
    const problems = await detailProblemsAfter('another-branch', (fixture) => {
      fixture.exchanges[0]!.request.path = '/v1/convai/conversation/conv_9b1e0c4d7a2f4e61b3c85d20';
    });
    expect(problems).toContain(
      'elevenlabs detail case another-branch: read 0: the adapter now asks GET /v1/convai/conversations/conv_9b1e0c4d7a2f4e61b3c85d20, the recording has GET /v1/convai/conversation/conv_9b1e0c4d7a2f4e61b3c85d20',
    );
    expect(problems.some((problem) => problem.startsWith('elevenlabs detail case another-branch: not every recorded exchange was used'))).toBe(true);
  });

  it('an expected 404 that no longer fails', async () => {
    const problems = await detailProblemsAfter('not-found', (fixture) => {
      fixture.exchanges[0]!.response.status = 200;
    });
    expect(problems.some((problem) => problem.startsWith('elevenlabs detail case not-found: the read failed with VENDOR_BAD_RESPONSE, expected VENDOR_NOT_FOUND'))).toBe(true);
  });

  it('a record of another agent the fixture says belongs', async () => {
    const problems = await detailProblemsAfter('tool-call-interruption-unknown-role', (fixture) => {
      conversation(fixture).agent_id = 'agent_someone_else';
    });
    expect(problems).toContain('elevenlabs detail case tool-call-interruption-unknown-role: belongs to the binding: false, expected true');
    expect(problems).toContain('elevenlabs detail case tool-call-interruption-unknown-role: detail.recordAgentId: expected "agent_7f3a21", got "agent_someone_else"');
  });
});
