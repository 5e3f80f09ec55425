import { ApolloProvider } from '@apollo/client/react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { createAppClient } from './apollo.js';
import { Shell } from './Shell.js';
import { SignIn } from './SignIn.js';
import { forgetToken, storedToken, storeToken, tokenExpiry, type WebAppConfig } from './session.js';

/** Set in this tab after "Sign out", so dev mode does not sign straight back in. */
const SIGNED_OUT_KEY = 'threads-app:signed-out';

const EXPIRED =
  'Your session has ended: the token expired or the server no longer accepts it. Sign in again with a new token.';

function initialToken(config: WebAppConfig): string | null {
  const stored = storedToken();
  if (stored) return stored;
  if (config.devToken && !sessionStorage.getItem(SIGNED_OUT_KEY)) {
    storeToken(config.devToken);
    return config.devToken;
  }
  return null;
}

/** The app: the sign-in page without a token, the thread manager with one. */
export function App({ config }: { config: WebAppConfig }) {
  const [token, setToken] = useState<string | null>(() => initialToken(config));
  const [notice, setNotice] = useState<string | null>(null);

  const signOut = useCallback((message: string | null) => {
    forgetToken();
    sessionStorage.setItem(SIGNED_OUT_KEY, '1');
    setNotice(message);
    setToken(null);
  }, []);
  const expire = useCallback(() => signOut(EXPIRED), [signOut]);

  const session = useMemo(
    () => (token ? createAppClient({ token, live: config.liveUpdates, onUnauthenticated: expire }) : null),
    [token, config.liveUpdates, expire],
  );
  useEffect(() => () => session?.dispose(), [session]);

  useEffect(() => {
    const expiry = token ? tokenExpiry(token) : null;
    if (!expiry) return;
    // setTimeout holds at most ~24.8 days; a token that lives longer is checked again by the server anyway.
    const timer = setTimeout(expire, Math.min(Math.max(0, expiry.getTime() - Date.now()), 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [token, expire]);

  const signIn = (next: string) => {
    sessionStorage.removeItem(SIGNED_OUT_KEY);
    storeToken(next);
    setNotice(null);
    setToken(next);
  };

  if (!session || !token) return <SignIn notice={notice} devToken={config.devToken} onSignIn={signIn} />;
  return (
    <ApolloProvider client={session.client}>
      <Shell live={session.live} onSignOut={() => signOut('You are signed out.')} />
    </ApolloProvider>
  );
}
