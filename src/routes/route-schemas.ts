/** Schemas several routes share. */

export const agentIdParamsSchema = {
  type: 'object',
  required: ['agentId'],
  properties: {
    agentId: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$', description: 'Logical agent id' },
  },
} as const;

/** Where a page stands: the next page's cursor, null on the last page. */
export const paginationSchema = {
  type: 'object',
  required: ['limit', 'hasMore', 'nextCursor'],
  properties: { limit: { type: 'integer' }, hasMore: { type: 'boolean' }, nextCursor: { type: ['string', 'null'] } },
} as const;

/** For routes that take no query parameters: any given is a 400, not silently ignored. */
export const NO_QUERY = { type: 'object', additionalProperties: false, properties: {} } as const;

/** A success answer, `{ success: true, data }`, with what it holds for the API document. */
export function successEnvelope<Data extends object>(description: string, data: Data) {
  return {
    description,
    type: 'object',
    required: ['success', 'data'],
    properties: { success: { type: 'boolean', enum: [true] }, data },
  } as const;
}

/** An answer in the one error envelope, with what the status means on this API. */
export const errorResponse = (description: string) => ({ description, $ref: 'ErrorEnvelope#' }) as const;

/** Every error status the authenticated routes can answer, in the one envelope. */
export const errorResponses = {
  400: errorResponse('Bad input (BAD_REQUEST) or a cursor that is malformed, expired or for another query (INVALID_CURSOR, CURSOR_EXPIRED, CURSOR_MISMATCH)'),
  401: errorResponse('No valid bearer token (UNAUTHORIZED)'),
  403: errorResponse('The caller may not read this (FORBIDDEN)'),
  404: errorResponse('No such agent (AGENT_NOT_FOUND)'),
  429: errorResponse('Too many requests from this caller (RATE_LIMITED); see Retry-After'),
  502: errorResponse('Every source failed (ALL_SOURCES_FAILED), or one did with strict=true (SOURCE_FAILED)'),
} as const;

/** The one error of the public routes, which take no query parameters. */
export const noQueryError = { 400: errorResponse('A query parameter was given: this route takes none (BAD_REQUEST)') } as const;
