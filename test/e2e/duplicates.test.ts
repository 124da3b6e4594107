import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../src/contract/index.js';
import { startSandboxApp, type SandboxApp } from '../support/sandbox-app.js';
import { walkAll } from '../support/walk.js';

/**
 * The sandbox shows copies: its ChatDash account imports every third call of the Vapi,
 * Retell and ElevenLabs agents bound beside it on support-bot, each with the call's id as
 * `platformId`, the contact's number written nationally, times a few seconds off.
 */

let sandbox: SandboxApp;
beforeAll(async () => {
  sandbox = await startSandboxApp();
});
afterAll(async () => {
  await sandbox.close();
});

const walk = (query: Record<string, string>) => walkAll(sandbox.app, sandbox.token(), 'support-bot', { limit: '100', ...query });
const IMPORTED_FROM = new Set(['vapi', 'retell', 'elevenlabs']);

describe('copies in the sandbox', () => {
  it('support-bot lists imported calls twice by default, and once with duplicates=hide, the original naming its copy', async () => {
    const shown = await walk({});
    const copies = shown.rows.filter((row) => row.vendor === 'chatdash' && row.originalId !== null && !row.originalId.startsWith('plt_'));
    expect(copies.length).toBeGreaterThan(20);
    const originals = new Map(shown.rows.filter((row) => IMPORTED_FROM.has(row.vendor)).map((row) => [row.conversationId, row]));
    for (const copy of copies) {
      const original = originals.get(copy.originalId!);
      expect(original, copy.id).toBeDefined();
      // The same person, whatever each vendor wrote.
      if (original!.contactKey !== null) expect(copy.contactKey).toBe(original!.contactKey);
    }
    expect(shown.rows.every((row) => row.linkedIds.length === 0)).toBe(true);

    const folded = await walk({ duplicates: 'hide' });
    const copyIds = new Set(copies.map((copy) => copy.id));
    expect(folded.rows.map((row) => row.id)).toEqual(shown.rows.map((row) => row.id).filter((id) => !copyIds.has(id)));
    for (const copy of copies) expect(originalOf(folded.rows, copy).linkedIds).toEqual([copy.id]);
    // ChatDash's own conversations keep platform ids of platforms not bound here: never hidden, never linked.
    for (const row of folded.rows.filter((candidate) => candidate.vendor === 'chatdash')) expect(row.linkedIds).toEqual([]);
    expect(folded.pages.every((page) => (page as { links?: { unconfirmed: number } }).links?.unconfirmed === 0)).toBe(true);
  });

  it('a copy whose original another filter leaves out stays, linked', async () => {
    const copies = (await walk({ sources: 'chatdash', duplicates: 'link' })).rows.filter((row) => row.linkedIds.length > 0);
    expect(copies.length).toBeGreaterThan(0);
    const onlyChatDash = await walk({ sources: 'chatdash', duplicates: 'hide' });
    expect(onlyChatDash.rows.filter((row) => row.linkedIds.length > 0).map((row) => row.id)).toEqual(copies.map((row) => row.id));
  });
});

function originalOf(rows: Row[], copy: Row): Row {
  const found = rows.find((row) => IMPORTED_FROM.has(row.vendor) && row.conversationId === copy.originalId);
  if (!found) throw new Error(`no original for ${copy.id}`);
  return found;
}
