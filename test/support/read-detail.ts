import type { DetailRead, DetailRequestContext, MappedDetail, VendorRequest } from '../../src/contract/index.js';
import type { Connection, VendorClient } from '../../src/upstream/vendor-client.js';

export interface DetailReadOutcome {
  /** The adapter's requests, in the order its `reads` are declared. */
  requests: VendorRequest[];
  bodies: unknown[];
  detail: MappedDetail;
}

/**
 * One conversation through an adapter's detail read, as small as a harness can be: every
 * request built from the context and sent through the one vendor client (nothing between:
 * no retry, no cache), each body parsed by its own read, all of them mapped. Throws what the
 * client, a parser or the mapper throws. The gateway sends the same reads through its pipeline.
 */
export async function readDetail(read: DetailRead, client: VendorClient, connection: Connection, context: DetailRequestContext): Promise<DetailReadOutcome> {
  const steps = Object.entries(read.reads);
  const requests = steps.map(([, step]) => step.buildRequest(context));
  const bodies = (await Promise.all(requests.map((request) => client.send(connection, request, Date.now() + 10_000)))).map((response) => response.body);
  const parsed = Object.fromEntries(steps.map(([name, step], index) => [name, step.parse(bodies[index])]));
  return { requests, bodies, detail: read.map(parsed, { binding: context.binding }) };
}
