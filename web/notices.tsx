import { createContext, type ReactNode, useCallback, useContext, useState } from 'react';

/** One message to the user after an action, optionally with a way to take the action back. */
export interface Notice {
  readonly text: string;
  readonly tone?: 'info' | 'error';
  readonly undo?: { label: string; run: () => Promise<void> };
}

const NoticeContext = createContext<(notice: Notice) => void>(() => {});

/** Shows the latest notice in a live region (read out by screen readers), with its Undo button. */
export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notice, setNotice] = useState<(Notice & { key: number }) | null>(null);
  const [busy, setBusy] = useState(false);
  const notify = useCallback((next: Notice) => setNotice({ ...next, key: Date.now() }), []);
  const undo = async () => {
    if (!notice?.undo) return;
    setBusy(true);
    try {
      await notice.undo.run();
    } finally {
      setBusy(false);
    }
  };
  return (
    <NoticeContext.Provider value={notify}>
      {children}
      <div className="notices" role="status" aria-live="polite">
        {notice && (
          <div key={notice.key} className={`notice-box ${notice.tone ?? 'info'}`}>
            <span className="notice-text">{notice.text}</span>
            {notice.undo && (
              <button type="button" disabled={busy} onClick={undo}>
                {notice.undo.label}
              </button>
            )}
            <button type="button" className="secondary" aria-label="Dismiss notice" onClick={() => setNotice(null)}>
              ×
            </button>
          </div>
        )}
      </div>
    </NoticeContext.Provider>
  );
}

export function useNotify(): (notice: Notice) => void {
  return useContext(NoticeContext);
}
