import { describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { secretScrubber } from '../../src/http/secret-scrubber.js';
import { failureForStatus } from '../../src/upstream/classify-vendor-error.js';

const convocore = adapterModules.find((module) => module.adapter.vendor === 'convocore')!.adapter;
const chatdash = adapterModules.find((module) => module.adapter.vendor === 'chatdash')!.adapter;
/** Spaces and short words: no generic credential pattern matches it, only the configured value. */
const KEY = 'open sesame 42';

describe('vendor error text in sources[].error', () => {
  it('blanks out the configured secrets the client is given, as JSON or as text', () => {
    const json = failureForStatus(convocore, 500, { message: `bad key "${KEY}" for this account` }, {}, Date.now(), [KEY]);
    expect(json.message).not.toContain(KEY);
    expect(json.message).toContain('[redacted]');
    const text = failureForStatus(chatdash, 401, `Unauthorized: ${KEY}`, {}, Date.now(), [KEY]);
    expect(text.message).not.toContain(KEY);
  });

  it('is truncated: a vendor cannot fill the response with its error page', () => {
    const failure = failureForStatus(chatdash, 502, `<html>${'x '.repeat(50_000)}</html>`, {}, Date.now(), [KEY]);
    expect(failure.message.length).toBeLessThanOrEqual(260);
  });
});

describe('secretScrubber (log lines and response bodies)', () => {
  const scrub = secretScrubber(['s3cr3t "quoted" value', 'short', KEY]);

  it('replaces a secret as written and as escaped inside JSON', () => {
    expect(scrub(`raw s3cr3t "quoted" value and ${KEY}`)).toBe('raw [redacted] and [redacted]');
    expect(scrub(JSON.stringify({ message: 's3cr3t "quoted" value' }))).toBe('{"message":"[redacted]"}');
  });

  it('leaves values too short to be a real secret alone, and text without secrets unchanged', () => {
    expect(scrub('a short note')).toBe('a short note');
  });
});
