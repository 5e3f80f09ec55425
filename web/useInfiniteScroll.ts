import { useEffect, useRef, useState } from 'react';

/** How far below the screen the end of the list may be when the next page is asked for. */
const MARGIN_PX = 300;

/**
 * A ref for an element at the end of a list. While that element is in view (or nearly) and
 * `canLoad` holds (a next page exists and none is loading), `load` is called: scrolling to the
 * end loads the next page, and a page that does not fill the screen is followed by the next.
 */
export function useInfiniteScroll(canLoad: boolean, load: () => void) {
  const ref = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new IntersectionObserver((entries) => setVisible(entries.some((entry) => entry.isIntersecting)), {
      rootMargin: `0px 0px ${MARGIN_PX}px 0px`,
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  // The observer reports a frame late: whether the end is near is measured again now, after the latest render.
  useEffect(() => {
    const top = ref.current?.getBoundingClientRect().top ?? Number.POSITIVE_INFINITY;
    if (visible && canLoad && top < window.innerHeight + MARGIN_PX) load();
  }, [visible, canLoad, load]);
  return ref;
}
