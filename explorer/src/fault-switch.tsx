import { useEffect, useState } from 'preact/hooks';
import { readSandboxFaults, switchSandboxFault, type SandboxFaultState } from './api.js';
import { isSandbox } from './session-token.js';

/** What each fault does to a source, in the words of the source chips. */
const FAULT_EFFECTS: Record<string, string> = {
  fail: 'fail: answers 503 (error)',
  hang: 'hang: never answers (timeout)',
  'rate-limit': 'rate-limit: answers 429, retry in 30 s',
  lie: 'lie: answers 200 with a body that is not JSON',
};

interface FaultSwitchProps {
  token: string;
  sources: string[];
  /** A fault went on or off: read the list again to see it. */
  onSwitched(): void;
}

/**
 * Only in the sandbox (`/sandbox/faults` exists there only): make one simulated vendor
 * fail, hang, rate-limit or lie for a while, and watch the chips and the partial banner.
 */
export function FaultSwitch({ token, sources, onSwitched }: FaultSwitchProps) {
  const [state, setState] = useState<SandboxFaultState | null>(null);
  const [connection, setConnection] = useState('');
  const [fault, setFault] = useState('fail');
  const [seconds, setSeconds] = useState('60');
  const [message, setMessage] = useState('');

  useEffect(() => {
    if (!isSandbox()) return;
    const controller = new AbortController();
    readSandboxFaults(token, controller.signal).then(setState, () => controller.signal.aborted || setState(null));
    return () => controller.abort();
  }, [token]);

  if (!state) return null;
  const choices = state.connections.filter((name) => sources.length === 0 || sources.includes(name));
  const chosen = choices.includes(connection) ? connection : (choices[0] ?? '');

  const change = async (what: Parameters<typeof switchSandboxFault>[1]) => {
    try {
      setState(await switchSandboxFault(token, what));
      setMessage(what === 'clear' ? 'Every simulated vendor answers normally again.' : `${what.connection} will ${what.fault} for ${what.seconds} s.`);
      onSwitched();
    } catch (error) {
      setMessage(`The switch refused: ${(error as Error).message}`);
    }
  };

  return (
    <details class="fault-switch">
      <summary>Sandbox: make a vendor misbehave{state.faults.length > 0 ? ` (${state.faults.length} on)` : ''}</summary>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void change({ connection: chosen, fault, seconds: Number(seconds) });
        }}
      >
        <label>
          Source{' '}
          <select name="fault-source" value={chosen} onChange={(event) => setConnection(event.currentTarget.value)}>
            {choices.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Fault{' '}
          <select name="fault-kind" value={fault} onChange={(event) => setFault(event.currentTarget.value)}>
            {state.kinds.map((kind) => (
              <option key={kind} value={kind}>
                {FAULT_EFFECTS[kind] ?? kind}
              </option>
            ))}
          </select>
        </label>
        <label>
          For <input type="number" name="fault-seconds" min="1" max="3600" value={seconds} onInput={(event) => setSeconds(event.currentTarget.value)} /> s
        </label>
        <button type="submit" class="primary">
          Switch on
        </button>
        <button type="button" onClick={() => void change('clear')} disabled={state.faults.length === 0}>
          Switch all off
        </button>
      </form>
      {state.faults.length > 0 && (
        <ul class="faults-on" aria-label="Faults switched on">
          {state.faults.map((entry) => (
            <li key={entry.connection} data-connection={entry.connection}>
              {entry.connection}: {entry.fault} until {new Date(entry.until).toLocaleTimeString()}
            </li>
          ))}
        </ul>
      )}
      <p class="hint" role="status">
        {message}
      </p>
    </details>
  );
}
