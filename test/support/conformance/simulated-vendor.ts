import type { AdapterModule, PagePosition, SourceBinding, VendorPage, VendorRequest, VendorSimulator } from '../../../src/contract/index.js';
import type { Connection, VendorClient } from '../../../src/upstream/vendor-client.js';
import { parseVendorPage } from '../../../src/paging/page-positions.js';
import { paginate } from '../../../src/paging/paginator.js';
import { bareClient, bareConnection, firstPosition, requestContext } from '../vendor-harness.js';

/** One vendor page as the conformance walk read it. */
export interface CapturedPage {
  position: PagePosition;
  request: VendorRequest;
  body: unknown;
  page: VendorPage;
}

/** An adapter's simulator, started, and every page of one binding read through the vendor client. */
export interface SimulatedVendor {
  module: AdapterModule;
  simulator: VendorSimulator;
  binding: SourceBinding;
  credential: string;
  client: VendorClient;
  connection: Connection;
  pageSize: number;
  /** The simulator's "now": no simulated conversation starts, ends or is active after it. */
  now: number;
  pages: CapturedPage[];
  /** Why the walk could not be read, if it could not. */
  walkProblem?: string;
  close(): Promise<void>;
}

export const CONFORMANCE_NOW = Date.UTC(2026, 2, 1, 12, 0, 0);
const MAX_PAGES = 200;

export async function startSimulatedVendor(module: AdapterModule, options: { count?: number; pageSize?: number } = {}): Promise<SimulatedVendor> {
  // Shares no 12 characters with a binding's ids: the gateway scrubs fragments of a credential from what it answers.
  const credential = 'simulated-vendor-key';
  const binding: SourceBinding = { connection: 'conformance', ...module.sandboxBinding('conformance-agent') };
  const simulator = module.createSimulator({ seed: 11, credential, now: CONFORMANCE_NOW, agents: [{ binding, count: options.count ?? 40 }] });
  const client = bareClient();
  const connection = bareConnection(module.adapter, await simulator.start(), credential);
  const vendor: SimulatedVendor = {
    module,
    simulator,
    binding,
    credential,
    client,
    connection,
    pageSize: options.pageSize ?? 5,
    now: CONFORMANCE_NOW,
    pages: [],
    close: async () => {
      await client.close();
      await simulator.close();
    },
  };
  try {
    vendor.pages = await readAllPages(vendor);
  } catch (error) {
    vendor.walkProblem = `reading every page of the simulator failed: ${(error as Error).message}`;
  }
  return vendor;
}

/** Reads pages from the first on, through the paginator, the way the pagination kind says, until it ends. */
export async function readAllPages(vendor: SimulatedVendor, binding: SourceBinding = vendor.binding): Promise<CapturedPage[]> {
  const { adapter } = vendor.module;
  const pages: CapturedPage[] = [];
  const walk = paginate<VendorPage & { captured: CapturedPage }>({
    pagination: adapter.pagination,
    pageSize: vendor.pageSize,
    start: firstPosition(adapter),
    maxPages: MAX_PAGES,
    read: async (position, pageSize) => {
      const context = requestContext(adapter, binding, vendor.credential, pageSize, position);
      const request = adapter.buildRequest(context);
      const { body } = await vendor.client.send(vendor.connection, request, Date.now() + 10_000);
      const page = parseVendorPage(adapter, body, context);
      return { ...page, captured: { position, request, body, page } };
    },
  });
  try {
    for await (const { page } of walk) pages.push(page.captured);
  } catch (error) {
    throw new Error(`the walk did not end cleanly: ${(error as Error).message}`);
  }
  return pages;
}

export function recordsOf(vendor: SimulatedVendor): unknown[] {
  return vendor.pages.flatMap((captured) => captured.page.records);
}
