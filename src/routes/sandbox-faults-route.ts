import type { FastifyPluginAsync } from 'fastify';
import { GatewayError } from '../errors.js';
import { MAX_FAULT_SECONDS, SANDBOX_FAULT_NAMES, type SandboxFaultName, type SandboxFaults } from '../sandbox/sandbox-faults.js';
import { NO_QUERY } from './route-schemas.js';

interface FaultRequest {
  connection: string;
  fault: SandboxFaultName;
  seconds: number;
}

const faultBody = {
  type: 'object',
  additionalProperties: false,
  required: ['connection', 'fault'],
  properties: {
    connection: { type: 'string', minLength: 1, maxLength: 64 },
    fault: { type: 'string', enum: SANDBOX_FAULT_NAMES },
    seconds: { type: 'integer', minimum: 1, maximum: MAX_FAULT_SECONDS, default: 60 },
  },
} as const;

/**
 * `/sandbox/faults`: only the sandbox registers it (its vendors are simulators on this
 * machine). GET lists what is switched on, POST makes one simulated vendor fail, hang,
 * rate-limit or lie for `seconds`, DELETE switches everything off. Left out of the API
 * document, like the sandbox's token route.
 */
export const sandboxFaultsRoute =
  (faults: SandboxFaults): FastifyPluginAsync =>
  async (app) => {
    const listing = () => ({ success: true, data: { faults: faults.list(), connections: faults.connections, kinds: SANDBOX_FAULT_NAMES } });
    app.get('/sandbox/faults', { schema: { hide: true, querystring: NO_QUERY } }, async () => listing());
    app.post<{ Body: FaultRequest }>('/sandbox/faults', { schema: { hide: true, querystring: NO_QUERY, body: faultBody } }, async (request) => {
      const { connection, fault, seconds } = request.body;
      if (!faults.start(connection, fault, seconds)) {
        throw new GatewayError('BAD_REQUEST', `connection ${connection} is not a simulated vendor (known: ${faults.connections.join(', ')})`);
      }
      request.log.warn({ connection, fault, seconds }, 'sandbox fault switched on');
      return listing();
    });
    app.delete('/sandbox/faults', { schema: { hide: true, querystring: NO_QUERY } }, async () => {
      faults.clear();
      return listing();
    });
  };
