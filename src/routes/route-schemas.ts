/** Schemas several routes share. */

export const agentIdParamsSchema = {
  type: 'object',
  required: ['agentId'],
  properties: {
    agentId: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$', description: 'Logical agent id' },
  },
} as const;

/** For routes that take no query parameters: any given is a 400, not silently ignored. */
export const NO_QUERY = { type: 'object', additionalProperties: false, properties: {} } as const;

const envelope = { $ref: 'ErrorEnvelope#' } as const;

/** Every error status the authenticated routes can answer, in the one envelope. */
export const errorResponses = {
  400: envelope,
  401: envelope,
  403: envelope,
  404: envelope,
  429: envelope,
  502: envelope,
} as const;
