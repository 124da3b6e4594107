import { useEffect, useState } from 'preact/hooks';
import type { FilterControl } from '../../src/filters/row-filter.js';
import type { Counts } from './api-types.js';
import { fromLocalInput, hoursAgo, toLocalInput, viewerZone } from './format.js';
import { shownCount } from './use-counts.js';
import { activeFilterCount, type Filters, membersOf, NO_FILTERS, SHOWN_FILTERS, type ShownFilter } from './view-state.js';

interface FilterFormProps {
  filters: Filters;
  sources: string[];
  /** The counts of the applied filters, once they arrived: shown beside each option. */
  counts?: Counts;
  onApply(filters: Filters): void;
}

/** The instants a click sets: the last day, week and month up to now. */
const PRESETS = [
  { label: 'Last 24 h', hours: 24 },
  { label: 'Last 7 days', hours: 7 * 24 },
  { label: 'Last 30 days', hours: 30 * 24 },
] as const;

/** The filters on the form, by fieldset, in the form's order. */
const GROUPS: ShownFilter[][] = (() => {
  const groups = new Map<string, ShownFilter[]>();
  for (const filter of SHOWN_FILTERS) groups.set(filter.control.group, [...(groups.get(filter.control.group) ?? []), filter]);
  return [...groups.values()];
})();

/** The endpoint's filters, one control each as the filter table declares it. Times are typed and shown in the viewer's zone and sent in UTC. */
export function FilterForm({ filters, sources, counts, onApply }: FilterFormProps) {
  const [draft, setDraft] = useState(filters);
  useEffect(() => setDraft(filters), [filters]);
  const set = (name: string, value: string) => setDraft((previous) => ({ ...previous, [name]: value }));
  const count = activeFilterCount(filters);
  const countsOf: Record<string, Record<string, number> | undefined> = { channel: counts?.byChannel, state: counts?.byState, sources: counts?.bySource };

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
          {GROUPS.map((group) => {
            const first = group[0]!;
            const { name, control } = first;
            if (group.length === 1 && control.kind === 'choices') {
              return (
                <CheckboxGroup
                  key={name}
                  legend={control.group}
                  name={name}
                  options={name === 'sources' ? sources : [...control.choices]}
                  chosen={membersOf(draft[name])}
                  counts={countsOf[name]}
                  partial={counts?.partial}
                  onChange={(chosen) => set(name, chosen.join(','))}
                />
              );
            }
            const times = group.filter((filter) => filter.control.kind === 'instant');
            return (
              <fieldset key={control.group} class={times.length > 0 ? 'times' : undefined}>
                <legend>
                  {control.group}
                  {times.length > 0 ? ` (${viewerZone()})` : ''}
                </legend>
                {group.map((filter) => (
                  <label key={filter.name}>
                    {controlLabel(filter.control)} <FilterInput filter={filter} value={draft[filter.name] ?? ''} onChange={(value) => set(filter.name, value)} />
                  </label>
                ))}
                {times.some((filter) => filter.control.kind === 'instant' && filter.control.presets) && (
                  <div class="presets">
                    {PRESETS.map((preset) => (
                      <button key={preset.hours} type="button" data-hours={preset.hours} onClick={() => onApply({ ...draft, ...presetTimes(times, preset.hours) })}>
                        {preset.label}
                      </button>
                    ))}
                  </div>
                )}
              </fieldset>
            );
          })}
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

/** A preset sets the instant that has presets to that long ago and clears the group's other times. */
function presetTimes(times: ShownFilter[], hours: number): Record<string, string> {
  return Object.fromEntries(times.map(({ name, control }) => [name, control.kind === 'instant' && control.presets ? hoursAgo(hours) : '']));
}

function controlLabel(control: FilterControl): string {
  return control.kind === 'choices' ? control.group : control.label;
}

interface FilterInputProps {
  filter: ShownFilter;
  value: string;
  onChange(value: string): void;
}

function FilterInput({ filter: { name, control }, value, onChange }: FilterInputProps) {
  switch (control.kind) {
    case 'instant':
      return <input type="datetime-local" name={name} value={toLocalInput(value)} onInput={(event) => onChange(fromLocalInput(event.currentTarget.value))} />;
    case 'number':
      return <input type="number" min={control.min} max={control.max} inputMode="numeric" name={name} value={value} onInput={(event) => onChange(event.currentTarget.value)} />;
    case 'text': {
      const typed = (text: string) => onChange(control.list ? text.replace(/\s*,\s*/g, ',') : text);
      return control.search ? (
        <input type="search" name={name} maxLength={control.maxLength} placeholder={control.placeholder} value={value} onInput={(event) => typed(event.currentTarget.value)} />
      ) : (
        <input type="text" name={name} maxLength={control.maxLength} placeholder={control.placeholder} value={value} onInput={(event) => typed(event.currentTarget.value)} />
      );
    }
    case 'yes-no':
      return (
        <select name={name} value={value} onChange={(event) => onChange(event.currentTarget.value)}>
          <option value="">any</option>
          <option value="true">yes</option>
          <option value="false">no</option>
        </select>
      );
    case 'choices':
      // A list of choices is a checkbox group of its own (above), never an input among others.
      return null;
  }
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
