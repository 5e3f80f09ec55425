import { useEffect, useRef } from 'react';

/** A ref for an element at the end of a list: when it scrolls into view, `onReach` loads the next page. */
export function useInfiniteScroll(onReach: () => void) {
  const ref = useRef<HTMLDivElement>(null);
  const latest = useRef(onReach);
  latest.current = onReach;
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) latest.current();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return ref;
}
