import { join } from 'node:path';
import { request } from 'undici';
import { VendorSpec } from '../../../src/specs/vendor-spec.js';

/**
 * For the vendors without an official client, their OpenAPI document in `specs/` is the
 * judge: its compiled validators check every response, and its declared query parameters
 * are the list of filters a suite must prove honoured or rejected.
 */

export function loadSpec(vendor: string): VendorSpec {
  return VendorSpec.load(join(import.meta.dirname, '..', '..', '..', 'specs'), vendor);
}

/** The query parameters the spec declares for `method template`, by name. */
export function declaredQueryParameters(spec: VendorSpec, method: string, template: string): string[] {
  const paths = spec.document.paths as Record<string, Record<string, { parameters?: { in?: string; name?: string }[] }>>;
  const operation = paths[template]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${spec.vendor} spec has no ${method} ${template}`);
  return (operation.parameters ?? []).filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name!).sort();
}

export interface Answer {
  status: number;
  body: any;
}

export async function getJson(baseUrl: string, path: string, query: Record<string, string | number | boolean>, headers: Record<string, string>): Promise<Answer> {
  const url = new URL(baseUrl.replace(/\/+$/, '') + path);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, String(value));
  const response = await request(url, { headers });
  return { status: response.statusCode, body: await response.body.json() };
}
