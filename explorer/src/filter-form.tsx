import { useEffect, useState } from 'preact/hooks';
import { CHANNELS, STATES, type Counts } from './api-types.js';
import { fromLocalInput, hoursAgo, toLocalInput, viewerZone } from './format.js';
import { shownCount } from './use-counts.js';
import { activeFilterCount, type Filters, NO_FILTERS } from './view-state.js';

interface FilterFormProps {
  filters: Filters;
  sources: string[];
  /** The counts of the applied filters, once they arrived: shown beside each option. */
  counts?: Counts;
  onApply(filters: Filters): void;
}

/** The sinces a click sets: the last day, week and month up to now. */
const PRESETS = [
  { label: 'Last 24 h', hours: 24 },
  { label: 'Last 7 days', hours: 7 * 24 },
  { label: 'Last 30 days', hours: 30 * 24 },
] as const;

/** The endpoint's filters. Times are typed and shown in the viewer's zone and sent in UTC. */
export function FilterForm({ filters, sources, counts, onApply }: FilterFormProps) {
  const [draft, setDraft] = useState(filters);
  useEffect(() => setDraft(filters), [filters]);
  const set = <K extends keyof Filters>(name: K, value: Filters[K]) => setDraft((previous) => ({ ...previous, [name]: value }));
  const count = activeFilterCount(filters);

  return (
    <details class="filters" open={count > 0}>
      <summary>Filters{count > 0 ? ` (${count} active)` : ''}</summary>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onApply(draft);
        }}
      >
        <div class="filter-grid">
          <CheckboxGroup legend="Channel" name="channel" options={[...CHANNELS]} chosen={draft.channel} counts={counts?.byChannel} partial={counts?.partial} onChange={(value) => set('channel', value)} />
          <CheckboxGroup legend="State" name="state" options={[...STATES]} chosen={draft.state} counts={counts?.byState} partial={counts?.partial} onChange={(value) => set('state', value)} />
          <CheckboxGroup legend="Sources" name="sources" options={sources} chosen={draft.sources} counts={counts?.bySource} partial={counts?.partial} onChange={(value) => set('sources', value)} />
          <fieldset class="times">
            <legend>Last activity ({viewerZone()})</legend>
            <label>
              Since <input type="datetime-local" name="since" value={toLocalInput(draft.since)} onInput={(event) => set('since', fromLocalInput(event.currentTarget.value))} />
            </label>
            <label>
              Until <input type="datetime-local" name="until" value={toLocalInput(draft.until)} onInput={(event) => set('until', fromLocalInput(event.currentTarget.value))} />
            </label>
            <div class="presets">
              {PRESETS.map((preset) => (
                <button key={preset.hours} type="button" data-hours={preset.hours} onClick={() => onApply({ ...draft, since: hoursAgo(preset.hours), until: '' })}>
                  {preset.label}
                </button>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>Duration (seconds)</legend>
            <label>
              Min <input type="number" min="0" inputMode="numeric" name="minDurationSec" value={draft.minDurationSec} onInput={(event) => set('minDurationSec', event.currentTarget.value)} />
            </label>
            <label>
              Max <input type="number" min="0" inputMode="numeric" name="maxDurationSec" value={draft.maxDurationSec} onInput={(event) => set('maxDurationSec', event.currentTarget.value)} />
            </label>
          </fieldset>
          <fieldset>
            <legend>Text and outcome</legend>
            <label>
              Search <input type="search" name="q" maxLength={200} placeholder="contact, preview, summary" value={draft.q} onInput={(event) => set('q', event.currentTarget.value)} />
            </label>
            <label>
              Tags <input type="text" name="tags" placeholder="billing, vip" value={draft.tags} onInput={(event) => set('tags', event.currentTarget.value.replace(/\s*,\s*/g, ','))} />
            </label>
            <label>
              Successful{' '}
              <select name="successful" value={draft.successful} onChange={(event) => set('successful', event.currentTarget.value as Filters['successful'])}>
                <option value="">any</option>
                <option value="true">yes</option>
                <option value="false">no</option>
              </select>
            </label>
          </fieldset>
        </div>
        <div class="form-actions">
          <button type="submit" class="primary">
            Apply filters
          </button>
          <button type="button" onClick={() => onApply(NO_FILTERS)} disabled={count === 0}>
            Clear
          </button>
        </div>
      </form>
    </details>
  );
}

interface CheckboxGroupProps {
  legend: string;
  name: string;
  options: string[];
  chosen: string[];
  /** Rows per option under the applied filters (a state's over every filter but state, and so on). */
  counts?: Record<string, number> | undefined;
  partial?: boolean | undefined;
  onChange(chosen: string[]): void;
}

/** The count sits beside its option's label, not in it: the checkbox keeps the option's name alone. */
function CheckboxGroup({ legend, name, options, chosen, counts, partial = false, onChange }: CheckboxGroupProps) {
  return (
    <fieldset class="choices">
      <legend>{legend}</legend>
      {options.map((option) => (
        <span key={option} class="choice">
          <label>
            <input
              type="checkbox"
              name={name}
              value={option}
              checked={chosen.includes(option)}
              onChange={(event) =>
                onChange(event.currentTarget.checked ? [...chosen, option] : chosen.filter((value) => value !== option))
              }
            />{' '}
            {option}
          </label>
          {counts?.[option] !== undefined && (
            <span class={`choice-count${partial ? ' partial' : ''}`} data-option={option} data-count={counts[option]} title={partial ? 'at least this many: counting stopped early' : undefined}>
              {shownCount(counts[option]!, partial)}
            </span>
          )}
        </span>
      ))}
    </fieldset>
  );
}
