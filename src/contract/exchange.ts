/** The plain shapes both the adapter contract and its monitor capability speak in. */

/** A source binding from the config: which vendor-side agent a logical agent reads. */
export interface SourceBinding {
  connection: string;
  [field: string]: unknown;
}

/** One vendor request as an adapter builds it; the core's client sends it. */
export interface VendorRequest {
  method: 'GET' | 'POST';
  /** Path below the connection's base URL, starting with `/`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers: Record<string, string>;
  body?: unknown;
}

/** What mapping a record may use besides the record. */
export interface MapContext {
  binding: SourceBinding;
}
