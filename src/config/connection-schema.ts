import { Type, type Static } from '@sinclair/typebox';
import { httpUrl, namedEntries, positiveInteger, secret, secretFile, withDefault } from './schema-parts.js';

/** An ISO 3166-1 alpha-2 region, as a connection's `defaultRegion`. */
export const REGION_PATTERN = '^[A-Z]{2}$';

/**
 * One vendor account of the configuration file. A new setting is one entry here: its type
 * and default reach the loaded config, the run-time `Connection` and the generated reference.
 */
export const connectionSchema = Type.Object(
  {
    adapter: Type.String({ minLength: 1, description: 'a registered adapter (see the binding fields below)' }),
    baseUrl: httpUrl("`http(s)://…` root of the vendor API, as the adapter's README says"),
    apiKey: Type.Optional(secret('the vendor credential sent as an API key')),
    apiKeyFile: Type.Optional(secretFile('apiKey')),
    token: Type.Optional(secret('the vendor credential sent as a bearer token')),
    tokenFile: Type.Optional(secretFile('token')),
    webhookSecret: Type.Optional(
      secret(
        "the secret the vendor signs its webhooks with (`POST /v1/vendor-events/{connection}`: ElevenLabs' webhook secret, a Retell API key with the webhook badge, Vapi's HMAC credential); without it the connection takes no vendor events",
      ),
    ),
    webhookSecretFile: Type.Optional(secretFile('webhookSecret')),
    timeoutMs: withDefault(positiveInteger({ description: 'limit for one vendor call, headers and body (cut to the request deadline)' }), 5_000),
    maxConcurrency: withDefault(positiveInteger({ description: 'vendor calls in flight at once; more wait for a slot, never past the deadline' }), 8),
    retries: withDefault(
      Type.Integer({
        minimum: 0,
        maximum: 10,
        description:
          'retries of a failed read (408, 429, 502, 503, 504, resets), within the deadline; a timeout is never retried, so a hung vendor costs one `timeoutMs` per page',
      }),
      2,
    ),
    cacheTtlMs: withDefault(Type.Integer({ minimum: 0, description: 'how long a vendor page is served from the cache; `0` stores nothing' }), 2_000),
    detailCacheTtlMs: withDefault(
      Type.Integer({
        minimum: 0,
        description:
          'how long the detail (transcript) of a finished conversation is kept, in Redis with a store: it no longer changes; `0` keeps none (a conversation still going is read through the page cache only)',
      }),
      600_000,
    ),
    maxLagSeconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: "bounded-lag order only: how long after its native sort key a row's last activity may lie. Default: the adapter's (7200 for ElevenLabs, Vapi and Retell)",
      }),
    ),
    defaultRegion: Type.Optional(
      Type.String({
        pattern: REGION_PATTERN,
        description:
          'region (ISO 3166-1 alpha-2, such as `CA` or `GB`) of the national phone numbers this account sends, so `(416) 555-0100` becomes `+14165550100`; unset: only international numbers (`+…`, `00…`) are normalized',
      }),
    ),
    breakerThreshold: withDefault(positiveInteger({ description: "failures in a row that open the connection's circuit breaker" }), 5),
    breakerCooldownMs: withDefault(positiveInteger({ description: 'how long an open breaker refuses calls before one probe may go through' }), 30_000),
    sharedAcrossOrgs: withDefault(
      Type.Boolean({ description: 'the connection serves agents of several orgs on purpose; otherwise start-up logs a warning for it' }),
      false,
    ),
    requestsPerSecond: Type.Optional(
      positiveInteger({
        description:
          'vendor calls started per second on this connection, across every replica sharing a store (in this process without one); a call waits for its turn within the deadline, else the source is `rate_limited`. Unset: no cap',
      }),
    ),
  },
  {
    additionalProperties: false,
    anyOf: [{ required: ['apiKey'] }, { required: ['token'] }, { required: ['apiKeyFile'] }, { required: ['tokenFile'] }],
  },
);

export const connectionsSchema = namedEntries(
  connectionSchema,
  "Vendor accounts, at least one. The name (1 to 64 letters, digits, '.', '_' or '-') becomes the rows' `source`. Each needs one credential: `apiKey`, `apiKeyFile`, `token` or `tokenFile`.",
);

/** One vendor account as loaded: every default filled in, `…File` fields read into their secrets. */
export type ConnectionConfig = Static<typeof connectionSchema>;
