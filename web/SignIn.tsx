import { type FormEvent, useEffect, useRef, useState } from 'react';
import { cleanToken, tokenExpiry } from './session.js';

interface Props {
  readonly notice: string | null;
  readonly devToken: string | null;
  readonly onSignIn: (token: string) => void;
}

/** Paste a bearer token (kept in this tab's sessionStorage only); in dev mode, one click for the demo user. */
export function SignIn({ notice, devToken, onSignIn }: Props) {
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const token = cleanToken(value);
    if (!token) return setProblem('That is not a bearer token: paste the JWT (three parts separated by dots).');
    const expiry = tokenExpiry(token);
    if (expiry && expiry.getTime() <= Date.now())
      return setProblem(`That token expired on ${expiry.toLocaleString()}: ask for a new one.`);
    onSignIn(token);
  };

  return (
    <main className="sign-in">
      <h1 ref={heading} tabIndex={-1}>
        Sign in to manage your threads
      </h1>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <form onSubmit={submit}>
        <label htmlFor="token">Bearer token</label>
        <textarea
          id="token"
          name="token"
          rows={4}
          value={value}
          aria-describedby="token-help"
          aria-invalid={problem ? true : undefined}
          onChange={(event) => setValue(event.target.value)}
        />
        <p id="token-help" className="help">
          Kept in this tab only (sessionStorage), never in the address or in localStorage. Closing the tab forgets it.
        </p>
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit">Sign in</button>
        {devToken && (
          <button type="button" className="secondary" onClick={() => onSignIn(devToken)}>
            Sign in as the demo user (dev mode)
          </button>
        )}
      </form>
    </main>
  );
}
