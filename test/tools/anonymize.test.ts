import { describe, expect, it } from 'vitest';
import { Anonymizer } from '../../src/tools/anonymize.js';
import { fakeEmail, fakeName, fakePhone } from '../../src/tools/stable-fakes.js';

describe('stable fakes', () => {
  it('are the same for the same input, and plainly fake', () => {
    expect(fakeName('Zoë Ångström')).toBe(fakeName('Zoë Ångström'));
    expect(fakeName('Zoë Ångström')).not.toBe(fakeName('José Núñez'));
    expect(fakeEmail('Jane@Example.org')).toMatch(/^contact-[0-9a-f]{8}@example\.com$/);
    expect(fakePhone('+1 416 555 0100')).toMatch(/^\+1415555\d{4}$/);
    expect(fakePhone('+1 416 555 0100')).toBe(fakePhone('+14165550100'));
  });

  it('leave fakes as they are, so recording twice changes nothing', () => {
    for (const fake of [fakeName('Jane Doe'), fakeEmail('jane@doe.org'), fakePhone('+14165550100')]) {
      expect([fakeName, fakeEmail, fakePhone].map((faker) => faker(fake))).toContain(fake);
    }
    expect(fakePhone(fakePhone('+14165550100'))).toBe(fakePhone('+14165550100'));
  });
});

describe('Anonymizer', () => {
  it('replaces names, emails and phones by field name and by shape, and the same values in free text', () => {
    const anonymizer = new Anonymizer();
    const body = anonymizer.anonymize({
      data: [
        {
          userName: 'Søren Kierkegård',
          userEmail: 'soren@example.org',
          userPhone: '+14165550123',
          customer: { name: 'Jane Doe', number: '+1 (416) 555-0199' },
          liveAgentName: 'Dana Whitfield',
          assigneeNames: ['Marcus Chen'],
          summary: 'Søren Kierkegård (soren@example.org, +14165550123) asked Dana Whitfield for a refund. Call +44 20 7946 0958.',
          agent_name: 'Support line',
          ID: 'agent123_convo7',
          ts: 1768474620,
        },
      ],
    }) as { data: Record<string, any>[] };
    const row = body.data[0]!;
    expect(row.userName).toBe(fakeName('Søren Kierkegård'));
    expect(row.userEmail).toBe(fakeEmail('soren@example.org'));
    expect(row.userPhone).toBe(fakePhone('+14165550123'));
    expect(row.customer).toEqual({ name: fakeName('Jane Doe'), number: fakePhone('+1 (416) 555-0199') });
    expect(row.liveAgentName).toBe(fakeName('Dana Whitfield'));
    expect(row.assigneeNames).toEqual([fakeName('Marcus Chen')]);
    expect(row.summary).toBe(
      `${fakeName('Søren Kierkegård')} (${fakeEmail('soren@example.org')}, ${fakePhone('+14165550123')}) asked ${fakeName('Dana Whitfield')} for a refund. Call ${fakePhone('+44 20 7946 0958')}.`,
    );
    expect([row.agent_name, row.ID, row.ts]).toEqual(['Support line', 'agent123_convo7', 1768474620]);
  });
});
