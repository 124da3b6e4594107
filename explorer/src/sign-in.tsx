import { useEffect, useState } from 'preact/hooks';
import { ApiError, listAgents, sandboxToken } from './api.js';
import { storeSandbox } from './session-token.js';

interface SignInProps {
  notice: string;
  onSignedIn(token: string): void;
}

/** A pasted bearer token, checked against `GET /v1/agents` before it is kept. */
export function SignIn({ notice, onSignedIn }: SignInProps) {
  const [token, setToken] = useState('');
  const [offered, setOffered] = useState<string | null>(null);
  const [message, setMessage] = useState(notice);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void sandboxToken().then((token) => {
      storeSandbox(token !== null);
      setOffered(token);
    });
  }, []);

  const signIn = async (candidate: string) => {
    setBusy(true);
    setMessage('');
    try {
      await listAgents(candidate);
      onSignedIn(candidate);
    } catch (error) {
      setMessage(error instanceof ApiError && error.status === 401 ? `The gateway refused this token: ${error.message}` : (error as Error).message);
      setBusy(false);
    }
  };

  return (
    <main class="sign-in">
      <h1>Conversation explorer</h1>
      <p>One agent's conversations from every vendor, in one ordered list, with each source's health beside it.</p>
      {offered && (
        <section class="sandbox-offer" aria-label="Sandbox">
          <p>This gateway runs the sandbox (simulated vendors, synthetic data).</p>
          <button type="button" class="primary" disabled={busy} onClick={() => signIn(offered)}>
            Use the sandbox ADMIN token
          </button>
        </section>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (token.trim()) void signIn(token.trim());
        }}
      >
        <label for="token">Bearer token (JWT)</label>
        <input id="token" name="token" type="password" autoComplete="off" spellcheck={false} value={token} onInput={(event) => setToken(event.currentTarget.value)} />
        <button type="submit" disabled={busy || !token.trim()}>
          Sign in
        </button>
        <p class="hint">The token stays in this tab's session storage and is sent in the Authorization header only.</p>
      </form>
      {message && (
        <p class="error-banner" role="alert">
          {message}
        </p>
      )}
    </main>
  );
}
