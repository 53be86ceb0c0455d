import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useMemo } from 'react';

/** Text made safe inside HTML (an attribute's quotes included): a cell's value is the sheet's, not ours. */
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * An answer's markdown, sanitised; `[row:<id>]` citations become chips that show
 * the row number and, clicked, scroll to and highlight the row in the grid. A row
 * the sheet no longer has (deleted — or deleted and put back by an undo, which gives
 * it a new id) is said to be gone, not offered as a chip that leads nowhere.
 * `rowNumber`: a row's number in the grid; null when the sheet no longer has it,
 * undefined while that is not known yet. `rowName`: what the row is called, shown on hover.
 */
export function Markdown({ text, rowNumber, rowName, onCite }: { text: string; rowNumber: (rowId: number) => number | null | undefined; rowName?: (rowId: number) => string | undefined; onCite(rowId: number): void }) {
  const html = useMemo(() => {
    const safe = DOMPurify.sanitize(marked.parse(text, { async: false, gfm: true }));
    return safe.replace(/\[row:(\d+)\]/g, (_, id: string) => {
      const n = rowNumber(Number(id));
      if (n === null) return `<span class="chip-gone" title="Row ${id} is not in the sheet any more">deleted row</span>`;
      // What the row is called (its first column), on hover: "row 38" alone says little in a sentence.
      const name = rowName?.(Number(id));
      return `<button type="button" class="chip" data-row="${id}" aria-label="Show row ${n ?? id} in the grid"${name ? ` title="${escapeHtml(name)}"` : ''}>row ${n ?? '…'}</button>`;
    });
  }, [text, rowNumber, rowName]);
  return (
    <div
      className="markdown"
      onClick={(e) => {
        const chip = (e.target as HTMLElement).closest('button.chip');
        if (chip) onCite(Number(chip.getAttribute('data-row')));
      }}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
