import { render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { sendEarly } from './api.js';
import { conversationPagePath } from './conversations-view.js';
import { personPagePath } from './person-view.js';
import { storedToken, storeToken } from './session-token.js';
import { SignIn } from './sign-in.js';
import { readViewState, type ViewState, viewSearch } from './view-state.js';
import { Workspace } from './workspace.js';

/** The explorer: signed out, the sign-in form; signed in, the workspace. The view follows the URL. */
function Explorer() {
  const [token, setToken] = useState(storedToken);
  const [notice, setNotice] = useState('');
  const [view, setView] = useState(() => readViewState(location.search));

  useEffect(() => {
    const onPop = () => setView(readViewState(location.search));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const navigate = useCallback((next: ViewState) => {
    history.pushState(null, '', `${location.pathname}${viewSearch(next)}`);
    setView(next);
  }, []);

  const signOut = useCallback((message: string) => {
    storeToken(null);
    setNotice(message);
    setToken(null);
  }, []);

  if (!token) {
    return (
      <SignIn
        notice={notice}
        onSignedIn={(signedIn) => {
          storeToken(signedIn);
          setToken(signedIn);
        }}
      />
    );
  }
  return <Workspace token={token} view={view} navigate={navigate} signOut={signOut} />;
}

// The first page leaves now, while the page is still being built: the rows wait on the API, not on the page.
const initialToken = storedToken();
const initialView = readViewState(location.search);
if (initialToken && initialView.contact) {
  sendEarly(personPagePath(initialView.contact, null), initialToken);
} else if (initialToken && initialView.agent && initialView.tab === 'conversations') {
  sendEarly(conversationPagePath(initialView.agent, initialView.filters, null), initialToken);
}

const root = document.getElementById('explorer')!;
// The page's 'Loading…' line goes: render() adds to what a container holds.
root.textContent = '';
render(<Explorer />, root);
