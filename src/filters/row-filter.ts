import type { Row } from '../contract/row.js';

/**
 * One filter of the conversations endpoint, declared once: everything that reads filters
 * (the query schema and parser, the matcher, the cursor fingerprint, the push-down to
 * adapters, the explorer's form) derives what it needs from the entries of `row-filters.ts`.
 */
export interface RowFilter<Name extends string = string, Value = unknown, Raw = never, PushDown extends boolean = boolean> {
  /** The query parameter's name and the key of the parsed filters. */
  name: Name;
  /** The query parameter; absent for a filter another parameter sets (the contact search's `contact`). */
  query?: FilterParameter<Raw, Value>;
  /** A filter this one must stay below once both are given: `since < until`, `min ≤ max`. */
  below?: { name: string; orEqual: boolean };
  /** Whether the row passes; a null field never satisfies a bound on it. */
  matches(row: Row, value: Value, lastActivityMs: number | null): boolean;
  /** How the cursor fingerprint takes the value: as it is, or a list as a set (order and repeats ignored). */
  fingerprint: 'value' | 'set';
  /** Handed to adapters as a `PushDownFilters` field, which a vendor may apply first (the gateway still applies it after). */
  pushDown: PushDown;
  /** Matches on the row's summary, which some vendors send only when asked. */
  readsSummary?: true;
  /** How the explorer's form shows it; absent: not on the form. */
  control?: FilterControl;
}

export interface FilterParameter<Raw, Value> {
  /** The JSON schema of the query parameter: what the route lets through, and the API document says. */
  schema: QueryParameterSchema;
  /** What the schema cannot say (dates, list members): a 400 for a bad value. */
  parse(raw: Raw): Value;
}

/** The JSON schema of a filter's query parameter. */
export interface QueryParameterSchema {
  readonly type: 'string' | 'number' | 'integer';
  readonly description?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly string[];
}

/** A form control of the explorer; a filter's controls with the same `group` share a fieldset. */
export type FilterControl =
  /** Checkboxes of the choices: a comma list. */
  | { kind: 'choices'; group: string; choices: readonly string[] }
  /** A date and time in the viewer's zone, sent in UTC; `presets`: one click sets it to the last day, week or month. */
  | { kind: 'instant'; group: string; label: string; presets?: true }
  | { kind: 'number'; group: string; label: string; min: number; max?: number }
  /** Free text; `list`: a comma list, spaces around commas dropped. */
  | { kind: 'text'; group: string; label: string; placeholder: string; search?: true; list?: true; maxLength?: number }
  /** Any, yes or no: `true` or `false`. */
  | { kind: 'yes-no'; group: string; label: string };

/** Declares a filter, keeping its name, value, raw and push-down types for the types derived from the table. */
export function rowFilter<const Name extends string, Value, Raw = never, const PushDown extends boolean = boolean>(
  filter: RowFilter<Name, Value, Raw, PushDown>,
): RowFilter<Name, Value, Raw, PushDown> {
  return filter;
}

