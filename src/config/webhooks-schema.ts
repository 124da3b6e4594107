import { Type, type Static } from '@sinclair/typebox';
import { filePath, httpUrl, name, namedEntries, positiveInteger, secret, secretFile, withDefault } from './schema-parts.js';

/** The changes a subscription may ask for. */
export const WEBHOOK_EVENT_TYPES = ['conversation.created', 'conversation.updated'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const subscriptionSchema = Type.Object(
  {
    url: httpUrl('where deliveries are POSTed; redirects are not followed'),
    secret: Type.Optional(secret('the signing secret, `whsec_` and the base64 of 24 to 64 random bytes (for example `whsec_$(openssl rand -base64 32)`)')),
    secretFile: Type.Optional(secretFile('secret')),
    secrets: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        minItems: 1,
        maxItems: 2,
        description: 'two secrets while one rotates: every delivery is signed with both, so a receiver holding either verifies it. Secrets: `${ENV_NAME}` only',
      }),
    ),
    secretFiles: Type.Optional(Type.Array(filePath(), { minItems: 1, maxItems: 2, description: 'files holding `secrets` instead' })),
    org: Type.String({ minLength: 1, description: 'the organization whose rows the subscription receives; its ADMIN and SUPERADMIN callers read and retry its deliveries' }),
    agents: withDefault(
      Type.Unsafe<'all' | string[]>({
        anyOf: [{ const: 'all' }, { type: 'array', minItems: 1, uniqueItems: true, items: name() }],
        description: '`all` (every agent of `org`) or a list of agent ids, each of `org`',
      }),
      'all',
    ),
    events: withDefault(
      Type.Array(Type.Unsafe<WebhookEventType>({ enum: [...WEBHOOK_EVENT_TYPES] }), {
        minItems: 1,
        uniqueItems: true,
        description:
          'which changes are sent: `conversation.created` (a row this subscription was not sent before), `conversation.updated` (a row sent before, changed)',
      }),
      [...WEBHOOK_EVENT_TYPES],
    ),
  },
  { additionalProperties: false },
);

/** The `webhooks` section of the configuration (docs/webhooks.md). */
export const webhooksSchema = Type.Object(
  {
    pollIntervalSeconds: withDefault(
      Type.Integer({
        minimum: 1,
        maximum: 86_400,
        description: 'every subscribed agent is walked with its sync token this often, by one replica of the fleet, to find the changes no vendor event announced',
      }),
      60,
    ),
    maxVendorCallsPerPoll: withDefault(
      positiveInteger({
        description:
          "vendor calls one poll of one agent may make (charged to no caller's rate limit, counted in `gateway_webhook_poll_vendor_calls_total`); a poll cut there goes on from where it stopped at the next interval",
      }),
      100,
    ),
    subscriptions: namedEntries(
      subscriptionSchema,
      "Receivers, by id (1 to 64 letters, digits, '.', '_' or '-'; the `{id}` of `/v1/webhooks/{id}/deliveries`). Each needs `secret`, `secrets`, `secretFile` or `secretFiles`.",
    ),
  },
  {
    additionalProperties: false,
    description:
      'Changes pushed to subscribers as signed webhooks (Standard Webhooks), fed by vendor events (`POST /v1/vendor-events/{connection}`) and a poll of every subscribed agent (docs/webhooks.md). With `store`, deliveries wait in Redis (BullMQ) and survive restarts; without it they wait in this process and are lost when it stops.',
  },
);

/** A subscription as written: one secret or a list of them (rotation), `…File` fields read. */
export type RawSubscription = Static<typeof subscriptionSchema>;

/** A subscription as loaded: the secrets it signs with, first the one that signs alone once rotation is over. */
export type WebhookSubscriptionConfig = Omit<RawSubscription, 'secret' | 'secretFile' | 'secrets' | 'secretFiles'> & { secrets: string[] };

export type WebhooksConfig = Omit<Static<typeof webhooksSchema>, 'subscriptions'> & { subscriptions: Record<string, WebhookSubscriptionConfig> };
