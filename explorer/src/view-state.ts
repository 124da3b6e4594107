import type { FilterControl } from '../../src/filters/row-filter.js';
import { FILTERS } from '../../src/filters/row-filters.js';

/**
 * What the page shows, kept in its query string so a view can be shared: the tab, the agent
 * and the endpoint's own filters under the endpoint's own names, or one person (`contact`, a
 * row's contactKey) across every agent. Never the token.
 */

export type Tab = 'conversations' | 'stalled';

/** A filter on the form: one of the gateway's filter table, or the agent's sources. */
export interface ShownFilter {
  name: string;
  control: FilterControl;
}

/** The sources are chosen like a filter; their choices are the agent's, known only on the page. */
const SOURCES: ShownFilter = { name: 'sources', control: { kind: 'choices', group: 'Sources', choices: [] } };

/** The form's filters in its order: the checkbox groups first (the sources last of them), then the rest as the table orders them. */
export const SHOWN_FILTERS: readonly ShownFilter[] = (() => {
  const shown = FILTERS.flatMap((filter) => (filter.control ? [{ name: filter.name, control: filter.control }] : []));
  const choices = shown.filter((filter) => filter.control.kind === 'choices');
  return [...choices, SOURCES, ...shown.filter((filter) => filter.control.kind !== 'choices')];
})();

/** Each filter's value as the endpoint takes it (a list comma-joined), by the endpoint's name; absent or empty: not asked. */
export type Filters = Readonly<Partial<Record<string, string>>>;

export interface ViewState {
  tab: Tab;
  agent: string;
  filters: Filters;
  /** A contactKey: the page shows everything with this person, across agents, instead of one agent. */
  contact: string;
}

export const NO_FILTERS: Filters = {};

/** A list's members as the form holds them, and back. */
export function membersOf(value: string | undefined): string[] {
  return (value ?? '').split(',').filter(Boolean);
}

export function readViewState(search: string): ViewState {
  const params = new URLSearchParams(search);
  const filters: Record<string, string> = {};
  for (const { name, control } of SHOWN_FILTERS) {
    const value = params.get(name) ?? '';
    if (control.kind === 'choices') filters[name] = membersOf(value).join(',');
    else if (control.kind === 'yes-no') filters[name] = value === 'true' || value === 'false' ? value : '';
    else filters[name] = value;
  }
  return { tab: params.get('tab') === 'stalled' ? 'stalled' : 'conversations', agent: params.get('agent') ?? '', filters, contact: params.get('contact') ?? '' };
}

/** The endpoint's query for these filters: empty ones are left out, as the API wants. */
export function filterQuery(filters: Filters): URLSearchParams {
  const query = new URLSearchParams();
  for (const { name } of SHOWN_FILTERS) {
    const value = (filters[name] ?? '').trim();
    if (value) query.set(name, value);
  }
  return query;
}

export function viewSearch(state: ViewState): string {
  if (state.contact) return `?${new URLSearchParams({ contact: state.contact })}`;
  const query = new URLSearchParams();
  if (state.agent) query.set('agent', state.agent);
  if (state.tab !== 'conversations') query.set('tab', state.tab);
  for (const [name, value] of filterQuery(state.filters)) query.set(name, value);
  const search = query.toString();
  return search ? `?${search}` : '';
}

export function activeFilterCount(filters: Filters): number {
  return [...filterQuery(filters).keys()].length;
}

/** The page of everything with one person: a link that can be shared and reloaded. */
export function personHref(contactKey: string): string {
  return `/explorer${viewSearch({ tab: 'conversations', agent: '', filters: NO_FILTERS, contact: contactKey })}`;
}
