/**
 * The JSON schema of a source binding: the adapter's own fields, plus the `connection`
 * every binding names, and nothing else (a typo in the config is an error, not a no-op).
 */
export function bindingSchemaOf(fields: Record<string, Record<string, unknown>>, required: string[]): Record<string, unknown> {
  return {
    type: 'object',
    properties: { connection: { type: 'string' }, ...fields },
    required,
    additionalProperties: false,
  };
}

/** The binding of vendors whose conversations belong to one vendor-side agent id. */
export const AGENT_ID_BINDING_SCHEMA = bindingSchemaOf({ agentId: { type: 'string', minLength: 1, description: "the vendor's own agent id" } }, ['agentId']);
