import { DEFAULT_WEBHOOK_MAX_VENDOR_CALLS_PER_POLL, DEFAULT_WEBHOOK_POLL_INTERVAL_SECONDS, WEBHOOK_EVENT_TYPES } from './gateway-config.js';
import { filePath, httpUrl, name, positiveInteger, secret, secretFile } from './schema-parts.js';

/** The `webhooks` section of the configuration (docs/webhooks.md). */
export const webhooksSchema = {
  type: 'object',
  description:
    'Changes pushed to subscribers as signed webhooks (Standard Webhooks), fed by vendor events (`POST /v1/vendor-events/{connection}`) and a poll of every subscribed agent (docs/webhooks.md). With `store`, deliveries wait in Redis (BullMQ) and survive restarts; without it they wait in this process and are lost when it stops.',
  additionalProperties: false,
  required: ['subscriptions'],
  properties: {
    pollIntervalSeconds: {
      type: 'integer',
      minimum: 1,
      maximum: 86_400,
      default: DEFAULT_WEBHOOK_POLL_INTERVAL_SECONDS,
      description: 'every subscribed agent is walked with its sync token this often, by one replica of the fleet, to find the changes no vendor event announced',
    },
    maxVendorCallsPerPoll: {
      ...positiveInteger,
      default: DEFAULT_WEBHOOK_MAX_VENDOR_CALLS_PER_POLL,
      description: "vendor calls one poll of one agent may make (charged to no caller's rate limit, counted in `gateway_webhook_poll_vendor_calls_total`); a poll cut there goes on from where it stopped at the next interval",
    },
    subscriptions: {
      type: 'object',
      description: "Receivers, by id (1 to 64 letters, digits, '.', '_' or '-'; the `{id}` of `/v1/webhooks/{id}/deliveries`). Each needs `secret`, `secrets`, `secretFile` or `secretFiles`.",
      minProperties: 1,
      propertyNames: name,
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['url', 'org'],
        properties: {
          url: { ...httpUrl, description: 'where deliveries are POSTed; redirects are not followed' },
          secret: secret('the signing secret, `whsec_` and the base64 of 24 to 64 random bytes (for example `whsec_$(openssl rand -base64 32)`)'),
          secretFile: secretFile('secret'),
          secrets: {
            type: 'array',
            minItems: 1,
            maxItems: 2,
            items: { type: 'string', minLength: 1 },
            description: 'two secrets while one rotates: every delivery is signed with both, so a receiver holding either verifies it. Secrets: `${ENV_NAME}` only',
          },
          secretFiles: { type: 'array', minItems: 1, maxItems: 2, items: filePath, description: 'files holding `secrets` instead' },
          org: { type: 'string', minLength: 1, description: 'the organization whose rows the subscription receives; its ADMIN and SUPERADMIN callers read and retry its deliveries' },
          agents: {
            anyOf: [{ const: 'all' }, { type: 'array', minItems: 1, uniqueItems: true, items: name }],
            default: 'all',
            description: "`all` (every agent of `org`) or a list of agent ids, each of `org`",
          },
          events: {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { enum: [...WEBHOOK_EVENT_TYPES] },
            default: [...WEBHOOK_EVENT_TYPES],
            description: 'which changes are sent: `conversation.created` (a row this subscription was not sent before), `conversation.updated` (a row sent before, changed)',
          },
        },
      },
    },
  },
} as const;
