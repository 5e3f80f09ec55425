import { type ReactNode, useEffect, useRef } from 'react';

const FOCUSABLE = 'input, button, textarea, select, a[href]';

interface Props {
  readonly title: string;
  /** When it changes (the dialog's content was replaced), focus moves again to the content's first field. */
  readonly focusKey?: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
}

/**
 * A modal dialog on the native <dialog>: focus is kept inside it, Escape closes it, and the page
 * behind is inert. Focus goes to the element marked `data-autofocus`, else to the first field or button.
 */
export function Modal({ title, focusKey, onClose, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: focusKey is the trigger: new content, new focus.
  useEffect(() => {
    const dialog = ref.current;
    const target =
      dialog?.querySelector<HTMLElement>('[data-autofocus]') ?? dialog?.querySelector<HTMLElement>(FOCUSABLE);
    target?.focus();
  }, [focusKey]);
  return (
    <dialog
      ref={ref}
      className="modal"
      aria-labelledby="dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id="dialog-title">{title}</h2>
      {children}
    </dialog>
  );
}
