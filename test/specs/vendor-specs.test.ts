import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { VendorSpec } from '../../src/specs/vendor-spec.js';
import { firstPosition, requestContext } from '../support/vendor-harness.js';

const specs = join(import.meta.dirname, '..', '..', 'specs');

describe.each(adapterModules.map((module) => [module.adapter.vendor, module] as const))('specs/%s', (vendor, module) => {
  const spec = VendorSpec.load(specs, vendor);

  it('is an OpenAPI 3.0 document that documents the endpoint the adapter calls', () => {
    expect(String(spec.document.openapi)).toMatch(/^3\.0\./);
    const { adapter } = module;
    const request = adapter.buildRequest(requestContext(adapter, { connection: 'spec', ...module.sandboxBinding('spec-agent') }, 'key', 10, firstPosition(adapter)));
    expect(spec.checkResponse(request.method, request.path, 200, undefined).map((deviation) => deviation.message).join('\n')).not.toMatch(/not an operation|documents no 200/);
  });
});

describe('reading OpenAPI 3.0 as JSON schema', () => {
  const spec = new VendorSpec('test', 'inline', {
    openapi: '3.0.3',
    paths: {
      '/things/{id}': {
        get: {
          parameters: [{ in: 'query', name: 'limit', schema: { type: 'integer', maximum: 10 } }],
          responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } },
        },
      },
    },
    components: {
      schemas: {
        Thing: {
          type: 'object',
          required: ['id'],
          properties: {
            id: { type: 'string' },
            state: { type: 'string', nullable: true, enum: ['open', 'closed'] },
            owner: { nullable: true, allOf: [{ $ref: '#/components/schemas/Owner' }] },
          },
        },
        Owner: { type: 'object', properties: { name: { type: 'string' } }, additionalProperties: false },
      },
    },
  });

  it('turns nullable into a null type, inlines $refs and names the drifted field', () => {
    expect(spec.checkResponse('GET', '/things/7', 200, { id: 'a', state: null, owner: null })).toEqual([]);
    expect(spec.checkResponse('GET', '/things/7', 200, { id: 1, state: 'gone', owner: { name: 'x', age: 3 } })).toEqual([
      { field: 'id', message: 'must be string, got integer' },
      { field: 'state', message: 'unknown enum value "gone" (allowed: open, closed, null)' },
      { field: 'owner', message: 'matches none of the documented shapes (got object {"name":"x","age":3})' },
    ]);
    expect(spec.checkResponse('GET', '/things/7', 200, {})).toEqual([{ field: 'id', message: 'is required but missing' }]);
  });

  it('checks query parameters read as their declared type, and undocumented ones', () => {
    expect(spec.checkRequest('GET', '/things/7', { limit: '5' })).toEqual([]);
    expect(spec.checkRequest('GET', '/things/7', { limit: '50', sort: 'x' })).toEqual([
      { field: 'query.limit', message: 'must be <= 10 (got 50)' },
      { field: 'query.sort', message: 'is not a documented query parameter' },
    ]);
  });

  it('says when a path or status is not documented', () => {
    expect(spec.checkResponse('GET', '/other', 200, {})[0]!.message).toBe('GET /other is not an operation of the test spec');
    expect(spec.checkResponse('GET', '/things/1', 500, {})[0]!.message).toBe('the test spec documents no 500 response for GET /things/{id}');
  });
});
