/**
 * What the page shows, kept in its query string so a view can be shared: the tab, the agent
 * and the endpoint's own filters under the endpoint's own names, or one person (`contact`, a
 * row's contactKey) across every agent. Never the token.
 */

export type Tab = 'conversations' | 'stalled';

export interface Filters {
  channel: string[];
  state: string[];
  sources: string[];
  since: string;
  until: string;
  q: string;
  minDurationSec: string;
  maxDurationSec: string;
  successful: '' | 'true' | 'false';
  tags: string;
}

export interface ViewState {
  tab: Tab;
  agent: string;
  filters: Filters;
  /** A contactKey: the page shows everything with this person, across agents, instead of one agent. */
  contact: string;
}

export const NO_FILTERS: Filters = {
  channel: [],
  state: [],
  sources: [],
  since: '',
  until: '',
  q: '',
  minDurationSec: '',
  maxDurationSec: '',
  successful: '',
  tags: '',
};

const LISTS = ['channel', 'state', 'sources'] as const;
const TEXTS = ['since', 'until', 'q', 'minDurationSec', 'maxDurationSec', 'tags'] as const;

export function readViewState(search: string): ViewState {
  const params = new URLSearchParams(search);
  const filters: Filters = { ...NO_FILTERS };
  for (const name of LISTS) filters[name] = (params.get(name) ?? '').split(',').filter(Boolean);
  for (const name of TEXTS) filters[name] = params.get(name) ?? '';
  const successful = params.get('successful');
  filters.successful = successful === 'true' || successful === 'false' ? successful : '';
  return { tab: params.get('tab') === 'stalled' ? 'stalled' : 'conversations', agent: params.get('agent') ?? '', filters, contact: params.get('contact') ?? '' };
}

/** The endpoint's query for these filters: empty ones are left out, as the API wants. */
export function filterQuery(filters: Filters): URLSearchParams {
  const query = new URLSearchParams();
  for (const name of LISTS) if (filters[name].length > 0) query.set(name, filters[name].join(','));
  for (const name of TEXTS) {
    const value = filters[name].trim();
    if (value) query.set(name, value);
  }
  if (filters.successful) query.set('successful', filters.successful);
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
