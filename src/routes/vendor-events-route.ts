import type { FastifyPluginAsync } from 'fastify';
import { GatewayError } from '../errors.js';
import type { GatewayContext } from '../gateway-context.js';
import { errorResponse, successEnvelope } from './route-schemas.js';

/** Post-call reports carry whole transcripts; anything larger is refused before it is parsed. */
export const VENDOR_EVENT_MAX_BYTES = 256 * 1024;

const REFUSALS = {
  missing: 'the signature header is missing or not of the vendor\'s form',
  mismatch: 'the signature does not match the body and the connection\'s webhookSecret',
  stale: 'the signature\'s timestamp is outside the vendor\'s tolerance',
} as const;

/**
 * `POST /v1/vendor-events/{connection}`: a vendor's own webhook (ElevenLabs, Retell, Vapi),
 * checked against the connection's `webhookSecret` on the raw body before anything else; a
 * valid one starts a targeted read of that source for every subscribed agent it concerns,
 * and the changes found go out as deliveries. Vendors are answered at once (202): the read
 * runs after the answer, so a slow vendor read never holds the vendor's request.
 */
export const vendorEventsRoute =
  (context: GatewayContext): FastifyPluginAsync =>
  async (app) => {
    // The signature is over the bytes as sent: the body is kept as a string, and parsed only once verified.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: VENDOR_EVENT_MAX_BYTES }, (_request, body, done) => done(null, body));
    app.post<{ Params: { connection: string }; Body: string }>(
      '/v1/vendor-events/:connection',
      {
        bodyLimit: VENDOR_EVENT_MAX_BYTES,
        schema: {
          summary: "A vendor's webhook in (ElevenLabs post-call, Retell, Vapi server messages)",
          description:
            "Signed by the vendor with the connection's `webhookSecret` (ElevenLabs `ElevenLabs-Signature`, Retell `x-retell-signature`, Vapi HMAC `x-signature` + `x-timestamp`). A valid event is answered 202 and reads that source for the agents it concerns; the changes go to the webhook subscriptions. No bearer token: the signature is the authentication.",
          operationId: 'receiveVendorEvent',
          // No bearer token: the vendor's signature is the authentication.
          security: [],
          tags: ['webhooks'],
          params: { type: 'object', required: ['connection'], properties: { connection: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' } } },
          response: {
            202: successEnvelope('Verified; the targeted reads are under way', {
              type: 'object',
              required: ['reads'],
              properties: { reads: { type: 'integer', description: 'Subscribed agents whose source is being read' } },
            }),
            400: errorResponse('The body is not JSON (BAD_REQUEST)'),
            401: errorResponse('The signature is missing, wrong or stale (INVALID_SIGNATURE); nothing is read or sent'),
            404: errorResponse('No such connection, or it takes no vendor events: no webhookSecret, or its vendor sends no signed webhooks (NOT_FOUND)'),
            413: errorResponse(`The body is larger than ${VENDOR_EVENT_MAX_BYTES / 1024} KiB (PAYLOAD_TOO_LARGE)`),
          },
        },
      },
      async (request, reply) => {
        const connection = context.directory.connections.get(request.params.connection);
        const events = connection?.adapter.vendorEvents;
        if (!connection || !events || !connection.webhookSecret || !context.webhooks) {
          throw new GatewayError('NOT_FOUND', 'This connection takes no vendor events');
        }
        const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value[0] : value]));
        const rawBody = typeof request.body === 'string' ? request.body : '';
        const check = events.verify({ headers, rawBody }, connection.webhookSecret, Date.now());
        if (check !== 'ok') {
          request.log.warn({ connection: connection.name, reason: check }, 'vendor event refused');
          throw new GatewayError('INVALID_SIGNATURE', `The vendor event was refused: ${REFUSALS[check]}`);
        }
        let payload: unknown;
        try {
          payload = JSON.parse(rawBody);
        } catch {
          throw new GatewayError('BAD_REQUEST', 'The vendor event is not JSON');
        }
        const webhooks = context.webhooks;
        const vendorAgentId = events.vendorAgentIdOf(payload);
        const subscribed = new Set(webhooks.publisher.agentIds());
        const agents = [...context.directory.agents.values()].filter(
          (agent) =>
            subscribed.has(agent.id) &&
            agent.sources.some((source) => source.runtime.name === connection.name && (vendorAgentId === undefined || source.vendorAgentId === vendorAgentId)),
        );
        for (const agent of agents) {
          webhooks.poller.readAfterEvent(agent.id, connection.name).catch((error: unknown) => {
            request.log.warn({ connection: connection.name, agentId: agent.id, reason: (error as Error)?.message }, 'read after a vendor event failed; the next poll finds the change');
          });
        }
        return reply.code(202).send({ success: true, data: { reads: agents.length } });
      },
    );
  };
