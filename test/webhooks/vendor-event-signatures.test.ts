import { createHmac } from 'node:crypto';
import { ElevenLabsClient } from '@elevenlabs/elevenlabs-js';
import Retell from 'retell-sdk';
import { describe, expect, it } from 'vitest';
import { elevenlabsEvents } from '../../adapters/elevenlabs/elevenlabs-events.js';
import { retellEvents } from '../../adapters/retell/retell-events.js';
import { vapiEvents } from '../../adapters/vapi/vapi-events.js';

const SECRET = 'wsec_vendor-event-secret-0123456789';
const hmac = (text: string, secret = SECRET) => createHmac('sha256', secret).update(text).digest('hex');

describe("ElevenLabs' post-call signature, judged by the official SDK's constructEvent", () => {
  const body = JSON.stringify({ type: 'post_call_transcription', event_timestamp: 1, data: { agent_id: 'agent_01', conversation_id: 'conv_1' } });
  const header = (seconds: number, secret = SECRET) => `t=${seconds},v0=${hmac(`${seconds}.${body}`, secret)}`;
  const sdk = new ElevenLabsClient({ apiKey: 'unused' }).webhooks;

  it('accepts what the SDK accepts and names the agent', async () => {
    const now = Date.now();
    const signature = header(Math.floor(now / 1000));
    await expect(sdk.constructEvent(body, signature, SECRET)).resolves.toMatchObject({ data: { agent_id: 'agent_01' } });
    expect(elevenlabsEvents.verify({ headers: { 'elevenlabs-signature': signature }, rawBody: body }, SECRET, now)).toBe('ok');
    expect(elevenlabsEvents.vendorAgentIdOf(JSON.parse(body))).toBe('agent_01');
  });

  it('refuses what the SDK refuses: another secret, an old timestamp, a changed body, no header', async () => {
    const now = Date.now();
    const wrong = header(Math.floor(now / 1000), 'another-secret-0123456789');
    const old = header(Math.floor(now / 1000) - 31 * 60);
    await expect(sdk.constructEvent(body, wrong, SECRET)).rejects.toThrow();
    await expect(sdk.constructEvent(body, old, SECRET)).rejects.toThrow();
    const verify = (signature: string | undefined, rawBody = body) => elevenlabsEvents.verify({ headers: { 'elevenlabs-signature': signature }, rawBody }, SECRET, now);
    expect(verify(wrong)).toBe('mismatch');
    expect(verify(old)).toBe('stale');
    expect(verify(header(Math.floor(now / 1000)), `${body} `)).toBe('mismatch');
    expect(verify(undefined)).toBe('missing');
    expect(verify('t=abc,v0=00')).toBe('missing');
  });
});

describe("Retell's signature, judged by retell-sdk's own verify and sign", () => {
  const body = JSON.stringify({ event: 'call_ended', call: { call_id: 'call_1', agent_id: 'agent_r' } });

  it('accepts what retell-sdk signs and verifies, and names the agent', async () => {
    const signature = await Retell.sign(body, SECRET);
    expect(await Retell.verify(body, SECRET, signature)).toBe(true);
    expect(retellEvents.verify({ headers: { 'x-retell-signature': signature }, rawBody: body }, SECRET, Date.now())).toBe('ok');
    expect(retellEvents.vendorAgentIdOf(JSON.parse(body))).toBe('agent_r');
  });

  it('refuses what retell-sdk refuses: a changed body, another key, a signature six minutes old', async () => {
    const now = Date.now();
    const signature = await Retell.sign(body, SECRET);
    const old = `v=${now - 6 * 60_000},d=${hmac(`${body}${now - 6 * 60_000}`)}`;
    expect(await Retell.verify(`${body} `, SECRET, signature)).toBe(false);
    expect(await Retell.verify(body, 'another-key', signature)).toBe(false);
    expect(await Retell.verify(body, SECRET, old)).toBe(false);
    const verify = (header: string | undefined, rawBody = body, secret = SECRET) => retellEvents.verify({ headers: { 'x-retell-signature': header }, rawBody }, secret, now);
    expect(verify(signature, `${body} `)).toBe('mismatch');
    expect(verify(signature, body, 'another-key')).toBe('mismatch');
    expect(verify(old)).toBe('stale');
    expect(verify(undefined)).toBe('missing');
  });
});

describe("Vapi's HMAC credential in its SDK's default plan (x-signature over `{timestamp}.{body}`, hex)", () => {
  const body = JSON.stringify({ message: { type: 'end-of-call-report', call: { id: 'call_v', assistantId: 'asst_1' } } });
  const headers = (timestamp: string, secret = SECRET) => ({ 'x-signature': hmac(`${timestamp}.${body}`, secret), 'x-timestamp': timestamp });

  it('accepts a recent signature in seconds or milliseconds, and names the assistant', () => {
    const now = Date.now();
    expect(vapiEvents.verify({ headers: headers(String(now)), rawBody: body }, SECRET, now)).toBe('ok');
    expect(vapiEvents.verify({ headers: headers(String(Math.floor(now / 1000))), rawBody: body }, SECRET, now)).toBe('ok');
    expect(vapiEvents.vendorAgentIdOf(JSON.parse(body))).toBe('asst_1');
  });

  it('refuses another secret, a changed body, an old timestamp, a missing header, a bearer credential', () => {
    const now = Date.now();
    const verify = (given: Record<string, string | undefined>, rawBody = body) => vapiEvents.verify({ headers: given, rawBody }, SECRET, now);
    expect(verify(headers(String(now), 'another-secret'))).toBe('mismatch');
    expect(verify(headers(String(now)), `${body} `)).toBe('mismatch');
    expect(verify(headers(String(now - 6 * 60_000)))).toBe('stale');
    expect(verify({ 'x-signature': hmac(`${now}.${body}`) })).toBe('missing');
    expect(verify({ authorization: `Bearer ${SECRET}` })).toBe('missing');
  });
});
