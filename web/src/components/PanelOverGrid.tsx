import type { UseQueryResult } from '@tanstack/react-query';
import { useEffect, useRef, type ReactNode, type RefObject } from 'react';

/**
 * A panel over the grid (a cell's history, comments): a dialog named `label`, its title and Close — focused when it
 * opens and when `opened` changes — and what it read from Smartsheet: "reading", the error, `empty`, or the data.
 * Escape or Close calls `onClose`. `closeRef` lets the panel put the focus back on Close itself.
 */
export function PanelOverGrid<T>(p: {
  label: string;
  className?: string;
  title: ReactNode;
  opened: unknown;
  closeRef?: RefObject<HTMLButtonElement | null>;
  onClose(): void;
  read: { query: UseQueryResult<T>; reading: string; isEmpty(data: T): boolean; empty: string };
  children(data: T): ReactNode;
  footer?: ReactNode;
}) {
  const own = useRef<HTMLButtonElement>(null);
  const close = p.closeRef ?? own;
  useEffect(() => close.current?.focus(), [p.opened]); // eslint-disable-line react-hooks/exhaustive-deps
  const { query } = p.read;
  return (
    <div
      role="dialog"
      aria-label={p.label}
      className={`cell-history${p.className ? ` ${p.className}` : ''}`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') p.onClose();
      }}
    >
      <header>
        <span className="title">{p.title}</span>
        <button type="button" ref={close} onClick={p.onClose}>
          Close
        </button>
      </header>
      {query.isPending ? (
        <p className="muted">{p.read.reading}</p>
      ) : query.error ? (
        <p role="alert">{(query.error as Error).message}</p>
      ) : p.read.isEmpty(query.data as T) ? (
        <p className="muted">{p.read.empty}</p>
      ) : (
        p.children(query.data as T)
      )}
      {p.footer}
    </div>
  );
}
