/** The bearer token lives in this tab's session storage only: gone when the tab closes, never in the URL. */
const KEY = 'gateway-explorer-token';

export function storedToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function storeToken(token: string | null): void {
  if (token === null) sessionStorage.removeItem(KEY);
  else sessionStorage.setItem(KEY, token);
}
