/** The bearer token lives in this tab's session storage only: gone when the tab closes, never in the URL. */
const KEY = 'gateway-explorer-token';

export function storedToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function storeToken(token: string | null): void {
  if (token === null) sessionStorage.removeItem(KEY);
  else sessionStorage.setItem(KEY, token);
}

/**
 * Whether the sign-in page found the sandbox (its token route answered). Only then does the
 * page ask for the sandbox's fault switch: a configured gateway never sees a request that 404s.
 */
const SANDBOX_KEY = 'gateway-explorer-sandbox';

export function isSandbox(): boolean {
  return sessionStorage.getItem(SANDBOX_KEY) === 'yes';
}

export function storeSandbox(sandbox: boolean): void {
  if (sandbox) sessionStorage.setItem(SANDBOX_KEY, 'yes');
  else sessionStorage.removeItem(SANDBOX_KEY);
}
