import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

/**
 * A menu opened where the pointer is (a right-click, or the context-menu key on a focused header), as a row's and a
 * column's: opened — or when `step` changes to another of its forms — the keyboard goes to its first item (or field),
 * ↑/↓ move between its items, Escape or a click or focus elsewhere closes it. Kept inside the window near its right edge.
 */
export function PopupMenu({ label, at, step, onClose, children }: { label: string; at: { x: number; y: number }; step?: string; onClose(): void; children: ReactNode }) {
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => menu.current?.querySelector<HTMLElement>('[role=menuitem]:not(:disabled), input, button.danger')?.focus(), [at, step]);
  const keys = (e: KeyboardEvent) => {
    const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>('[role=menuitem]:not(:disabled)') ?? [])];
    const now = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') onClose();
    else if (items.length && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) items[(now + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
    else return;
    e.preventDefault();
  };
  return (
    <div
      ref={menu}
      role="menu"
      aria-label={label}
      className="row-menu"
      // Its widest form is ~270 px.
      style={{ left: Math.max(0, Math.min(at.x, window.innerWidth - 280)), top: at.y }}
      onKeyDown={keys}
      onBlur={(e) => !menu.current?.contains(e.relatedTarget as Node | null) && onClose()}
    >
      {children}
    </div>
  );
}

/** One of a menu's items; `off`: why it cannot be chosen now (shown on it), undefined when it can. */
export function MenuItem({ label, off, title, onClick }: { label: string; off?: string | undefined; title?: string; onClick(): void }) {
  return (
    <button type="button" role="menuitem" disabled={Boolean(off)} title={off ?? title} onClick={onClick}>
      {label}
    </button>
  );
}
