import type { Readable } from 'node:stream';
import { VendorFailure } from './vendor-failure.js';
import { failureForTransportError } from './classify-vendor-error.js';

/** Reads a vendor body up to a size cap; a larger or cut-off body is a bad response. */
export async function readCappedBody(body: Readable, maxBytes: number, timeoutMs: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) {
        body.destroy();
        throw new VendorFailure('VENDOR_BAD_RESPONSE', `the vendor's response is larger than ${maxBytes} bytes`);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof VendorFailure) throw error;
    const failure = failureForTransportError(error, timeoutMs);
    if (failure.code === 'VENDOR_TIMEOUT') throw failure;
    throw new VendorFailure('VENDOR_BAD_RESPONSE', 'the vendor closed the connection before the body was complete', undefined, true);
  }
  return Buffer.concat(chunks).toString('utf8');
}
