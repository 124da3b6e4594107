import { useEffect, useState } from 'preact/hooks';
import { CHANNELS, STATES } from './api-types.js';
import { activeFilterCount, type Filters, NO_FILTERS } from './view-state.js';

interface FilterFormProps {
  filters: Filters;
  sources: string[];
  onApply(filters: Filters): void;
}

/** The endpoint's filters. Times are typed and shown in UTC, as the API speaks them. */
export function FilterForm({ filters, sources, onApply }: FilterFormProps) {
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
          <CheckboxGroup legend="Channel" name="channel" options={[...CHANNELS]} chosen={draft.channel} onChange={(value) => set('channel', value)} />
          <CheckboxGroup legend="State" name="state" options={[...STATES]} chosen={draft.state} onChange={(value) => set('state', value)} />
          <CheckboxGroup legend="Sources" name="sources" options={sources} chosen={draft.sources} onChange={(value) => set('sources', value)} />
          <fieldset class="times">
            <legend>Last activity (UTC)</legend>
            <label>
              Since <input type="datetime-local" name="since" value={toInput(draft.since)} onInput={(event) => set('since', fromInput(event.currentTarget.value))} />
            </label>
            <label>
              Until <input type="datetime-local" name="until" value={toInput(draft.until)} onInput={(event) => set('until', fromInput(event.currentTarget.value))} />
            </label>
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
  onChange(chosen: string[]): void;
}

function CheckboxGroup({ legend, name, options, chosen, onChange }: CheckboxGroupProps) {
  return (
    <fieldset class="choices">
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option} class="choice">
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
      ))}
    </fieldset>
  );
}

/** `2026-05-18T14:32:12Z` shows as `2026-05-18T14:32` (UTC); an input of that form is sent back with its zone. */
function toInput(iso: string): string {
  return iso ? iso.slice(0, 16) : '';
}

function fromInput(value: string): string {
  return value ? `${value}:00Z` : '';
}
