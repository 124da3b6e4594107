import type { SimulatorRequest, SimulatorResponse } from './simulator-server.js';

/** Where a vendor reads its credential; a route without it gets the vendor's refusal. */
export interface SimulatorAuth {
  credential: string;
  /** The header carrying it, lower case (`authorization`, `xi-api-key`). */
  header: string;
  /** `Bearer`: the header is `Bearer <credential>` (the scheme in any case); absent: the credential as it is. */
  scheme?: 'Bearer';
  /** The vendor's answer to a missing (`undefined`) or wrong credential. */
  refusal(presented: string | undefined): SimulatorResponse;
}

/** The credential the request presents as `auth` reads it, if any. */
export function presentedCredential(request: SimulatorRequest, auth: Pick<SimulatorAuth, 'header' | 'scheme'>): string | undefined {
  const value = request.headers[auth.header];
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text === '' || auth.scheme === undefined) return text || undefined;
  return /^Bearer\s+(.+)$/i.exec(text)?.[1];
}

/** `auth`'s refusal when the request does not present its credential. */
export function refusalOf(request: SimulatorRequest, auth: SimulatorAuth): SimulatorResponse | undefined {
  const presented = presentedCredential(request, auth);
  return presented === auth.credential ? undefined : auth.refusal(presented);
}
