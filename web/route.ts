import { useEffect, useState } from 'react';

/** Where the app is: the hash part of the address (no thread ids or tokens ever go to the server in a path). */
export type Route = { view: 'threads' } | { view: 'trash' } | { view: 'thread'; id: string };

export function parseRoute(hash: string): Route {
  if (hash === '#/trash') return { view: 'trash' };
  const thread = /^#\/thread\/(.+)$/.exec(hash);
  if (thread?.[1]) return { view: 'thread', id: decodeURIComponent(thread[1]) };
  return { view: 'threads' };
}

export const hrefOf = (route: Route): string =>
  route.view === 'thread' ? `#/thread/${encodeURIComponent(route.id)}` : route.view === 'trash' ? '#/trash' : '#/';

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

export function navigate(route: Route): void {
  location.hash = hrefOf(route);
}
