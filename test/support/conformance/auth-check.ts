import type { VendorRequest } from '../../../src/contract/index.js';
import type { SecurityScheme, VendorSpec } from '../../../src/specs/vendor-spec.js';
import type { SimulatedVendor } from './simulated-vendor.js';
import { specOfWalk } from './spec-check.js';

/**
 * Every request the adapter built carries the credential as the vendor spec's security
 * scheme says (header name and scheme), and every header parameter the operation requires.
 * The simulator cannot judge this: written by the same hand, it accepts the same mistake.
 */
export function checkAuthAgainstSpec(vendor: SimulatedVendor, root: string): string[] {
  const spec = specOfWalk(vendor, root);
  if (Array.isArray(spec)) return spec;
  if (vendor.pages.length === 0) return ['the walk made no request to check'];
  return vendor.pages.flatMap(({ request }, index) => requestAuthProblems(spec, request, vendor.credential).map((problem) => `page ${index} request: ${problem}`));
}

export function requestAuthProblems(spec: VendorSpec, request: VendorRequest, credential: string): string[] {
  const auth = spec.authOf(request.method, request.path);
  if (!auth) return [`${request.method} ${request.path} is not an operation of the ${spec.vendor} spec`];
  const headers = lowerCased(request.headers ?? {});
  const problems = auth.requiredHeaders.filter((name) => headers[name.toLowerCase()] === undefined).map((name) => `lacks the required header ${name}`);
  if (auth.alternatives.length === 0) {
    if (auth.requiredHeaders.length === 0) problems.push(`the ${spec.vendor} spec declares no security scheme and no required header for ${request.method} ${request.path}: say how a caller authenticates`);
    return problems;
  }
  const failures = auth.alternatives.map((schemes) => schemes.flatMap((scheme) => schemeProblem(scheme, headers, request.query ?? {}, credential)));
  if (failures.some((failure) => failure.length === 0)) return problems;
  return [...problems, ...failures.map((failure) => failure.join('; '))];
}

function schemeProblem(scheme: SecurityScheme, headers: Record<string, string>, query: Record<string, unknown>, credential: string): string[] {
  if (scheme.type === 'http') {
    const expected = `${scheme.scheme === 'basic' ? 'Basic' : 'Bearer'} ${credential}`;
    const sent = headers.authorization;
    if (scheme.scheme !== 'bearer' && scheme.scheme !== 'basic') return [`security scheme ${scheme.id}: http scheme ${scheme.scheme ?? '(none)'} is not one the check knows`];
    if (scheme.scheme === 'basic') return sent?.startsWith('Basic ') ? [] : [`security scheme ${scheme.id}: no Authorization: Basic header`];
    return sent === expected ? [] : [`security scheme ${scheme.id}: the credential is not sent as Authorization: Bearer <credential>${sent === undefined ? ' (no Authorization header)' : ''}`];
  }
  if (scheme.type === 'apiKey' && scheme.name) {
    if (scheme.in === 'header') return headers[scheme.name.toLowerCase()] === credential ? [] : [`security scheme ${scheme.id}: the credential is not sent in the ${scheme.name} header`];
    if (scheme.in === 'query') return query[scheme.name] === credential ? [] : [`security scheme ${scheme.id}: the credential is not sent in the ${scheme.name} query parameter`];
  }
  return [`security scheme ${scheme.id}: type ${scheme.type} is not one the check knows`];
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
