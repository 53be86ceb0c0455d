import { useEffect, useRef } from 'react';
import { KEY_HELP } from './grid-keys';

/**
 * The grid's keys, listed (the toolbar's ⌨ Keys, or Ctrl+/ in the grid): what each does; Escape closes it. Its list is the one the
 * grid's key handler is held to by a test, so it cannot leave a key out.
 */
export function KeysHelp({ open, onOpen }: { open: boolean; onOpen(open: boolean): void }) {
  // Opened (Ctrl+/ in the grid, or its button), the list takes the keyboard: Escape there closes it.
  const list = useRef<HTMLDivElement>(null);
  useEffect(() => void (open && list.current?.focus()), [open]);
  return (
    <details className="column-menu keys-help" open={open} onToggle={(e) => e.currentTarget.open !== open && onOpen(e.currentTarget.open)} onKeyDown={(e) => e.key === 'Escape' && onOpen(false)}>
      <summary title="The grid's keyboard shortcuts (Ctrl+/)">⌨ Keys</summary>
      {/* Focusable: a list taller than its box scrolls from the keyboard too. */}
      <div role="group" aria-label="Keyboard shortcuts" tabIndex={0} ref={list}>
        <table>
          <tbody>
            {KEY_HELP.map((k) => (
              <tr key={k.shown}>
                <th scope="row">
                  <kbd>{k.shown}</kbd>
                </th>
                <td>{k.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
