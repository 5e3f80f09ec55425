import { useCallback, useMemo, useState } from 'react';

/**
 * Which rows are checked. Ids that leave the list (deleted here or elsewhere) drop out of the
 * selection by themselves. A shift-click checks every row between the last one clicked and this one.
 */
export function useSelection(ids: readonly string[]) {
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [anchor, setAnchor] = useState<string | null>(null);
  const [allMatching, setAllMatching] = useState(false);

  const selected = useMemo(() => ids.filter((id) => checked.has(id)), [ids, checked]);

  const toggle = useCallback(
    (id: string, range: boolean) => {
      const from = anchor === null ? -1 : ids.indexOf(anchor);
      const to = ids.indexOf(id);
      const next = new Set(checked);
      if (range && from !== -1 && to !== -1) {
        const [start, end] = from < to ? [from, to] : [to, from];
        for (const rangeId of ids.slice(start, end + 1)) next.add(rangeId);
      } else if (next.has(id)) next.delete(id);
      else next.add(id);
      setChecked(next);
      setAnchor(id);
      setAllMatching(false);
    },
    [anchor, checked, ids],
  );

  const selectVisible = useCallback(() => setChecked(new Set(ids)), [ids]);
  const clear = useCallback(() => {
    setChecked(new Set());
    setAnchor(null);
    setAllMatching(false);
  }, []);

  return {
    selected,
    isChecked: (id: string) => checked.has(id),
    toggle,
    selectVisible,
    clear,
    allMatching,
    setAllMatching,
  };
}
