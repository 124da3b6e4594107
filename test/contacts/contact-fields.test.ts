import { describe, expect, it } from 'vitest';
import { contactFieldsOf } from '../../src/contacts/contact-key.js';
import { normalizePhone } from '../../src/contacts/contact-phone.js';
import type { AdapterDefinition, MappedRow } from '../../src/contract/index.js';
import { rowOf } from '../../src/merge/mapped-page.js';

describe('normalizePhone: each vendor writes numbers its own way', () => {
  it.each([
    ['Tether contactPhone, already E.164', '+14165550100', undefined, '+14165550100'],
    ['Vapi customer.number', '+1 416-555-0100', undefined, '+14165550100'],
    ['Retell from_number with spaces', ' +1 (416) 555 0100 ', undefined, '+14165550100'],
    ['ChatDash phone, national, with the account region', '(416) 555-0100', 'CA', '+14165550100'],
    ['ChatDash phone, dotted', '416.555.0100', 'US', '+14165550100'],
    ['Convocore userPhone, international prefix 00', '0044 20 7946 0000', undefined, '+442079460000'],
    ['international prefix 00 with a region whose prefix it is', '0044 20 7946 0000', 'GB', '+442079460000'],
    ['a national number of the region', '020 7946 0000', 'GB', '+442079460000'],
    ['an international number whatever the region', '+44 20 7946 0000', 'CA', '+442079460000'],
  ] as const)('%s', (_case, given, region, expected) => {
    expect(normalizePhone(given, region)).toEqual({ phone: expected, format: 'e164' });
  });

  it('keeps SIP URIs and short codes as given', () => {
    expect(normalizePhone('sip:alice@pbx.example.com')).toEqual({ phone: 'sip:alice@pbx.example.com', format: 'sip' });
    expect(normalizePhone('SIPS:+14165550100@carrier.example')).toEqual({ phone: 'SIPS:+14165550100@carrier.example', format: 'sip' });
    expect(normalizePhone('72345', 'US')).toEqual({ phone: '72345', format: 'short-code' });
    expect(normalizePhone('611')).toEqual({ phone: '611', format: 'short-code' });
  });

  it('keeps what does not parse as given, flagged', () => {
    // The Convocore document's own example: ten digits after +1 would be needed.
    expect(normalizePhone('+1234567890')).toEqual({ phone: '+1234567890', format: 'unparsed' });
    // National, and the connection declares no region.
    expect(normalizePhone('(416) 555-0100')).toEqual({ phone: '(416) 555-0100', format: 'unparsed' });
    expect(normalizePhone('call me maybe')).toEqual({ phone: 'call me maybe', format: 'unparsed' });
  });
});

describe('contactFieldsOf', () => {
  it('keys a parsed number as tel:, before an email', () => {
    expect(contactFieldsOf('(416) 555-0100', ' Jane@Example.COM ', 'CA')).toEqual({
      contactPhone: '+14165550100',
      contactPhoneFormat: 'e164',
      contactEmail: 'jane@example.com',
      contactKey: 'tel:+14165550100',
    });
  });

  it('keys by the email when the number is not E.164, and by nothing without either', () => {
    expect(contactFieldsOf('611', 'JANE@example.com')).toMatchObject({ contactPhone: '611', contactPhoneFormat: 'short-code', contactKey: 'mailto:jane@example.com' });
    expect(contactFieldsOf(null, null)).toEqual({ contactPhone: null, contactPhoneFormat: null, contactEmail: null, contactKey: null });
    expect(contactFieldsOf('  ', ' ')).toEqual({ contactPhone: null, contactPhoneFormat: null, contactEmail: null, contactKey: null });
    expect(contactFieldsOf('(416) 555-0100', null)).toEqual({ contactPhone: '(416) 555-0100', contactPhoneFormat: 'unparsed', contactEmail: null, contactKey: null });
  });
});

describe('rowOf: the one place a mapped record becomes a row', () => {
  const mapped = {
    conversationId: 'c1', contactId: null, contactName: 'Jane', contactEmail: ' Jane@Example.com', contactPhone: '(416) 555-0100',
    channelType: 'voice', conversationState: 'resolved', startedAt: null, endedAt: null, lastActivityAt: null, lastMessagePreview: null,
    messageCount: null, durationSec: null, summary: null, successful: null, rating: null, tags: [], assignees: [], cost: null,
    language: null, direction: null, hasAccess: null,
  } satisfies MappedRow;
  const adapter = { vendor: 'chatdash' } as AdapterDefinition;

  it("normalizes the contact with the connection's region", () => {
    expect(rowOf({ name: 'chatdash', adapter, defaultRegion: 'CA' }, 'agent', mapped, {})).toMatchObject({
      id: 'chatdash:c1', contactPhone: '+14165550100', contactPhoneFormat: 'e164', contactEmail: 'jane@example.com', contactKey: 'tel:+14165550100',
    });
  });

  it('keeps a national number as given, flagged, on a connection without one', () => {
    expect(rowOf({ name: 'chatdash', adapter }, 'agent', mapped, {})).toMatchObject({
      contactPhone: '(416) 555-0100', contactPhoneFormat: 'unparsed', contactKey: 'mailto:jane@example.com',
    });
  });
});
