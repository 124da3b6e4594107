import type { CountryCode } from 'libphonenumber-js';
import type { AdapterDefinition, SourceBinding } from '../contract/index.js';

/** One configured source of a logical agent, resolved from the config. */
export interface SourceRuntime {
  /** Connection name: the row's `source`. */
  name: string;
  adapter: AdapterDefinition;
  binding: SourceBinding;
  /** How far a row's last activity may trail its native key, in ms (bounded-lag order). */
  lagMs: number;
  /** The connection's region for national phone numbers (`(416) 555-0100`), when it declares one. */
  defaultRegion?: CountryCode;
}
