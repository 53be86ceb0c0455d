import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useMemo } from 'react';

/**
 * An answer's markdown, sanitised; `[row:<id>]` citations become chips that show
 * the row number and, clicked, scroll to and highlight the row in the grid. A row
 * the sheet no longer has (deleted — or deleted and put back by an undo, which gives
 * it a new id) is said to be gone, not offered as a chip that leads nowhere.
 * `rowNumber`: a row's number in the grid; null when the sheet no longer has it,
 * undefined while that is not known yet.
 */
export function Markdown({ text, rowNumber, onCite }: { text: string; rowNumber: (rowId: number) => number | null | undefined; onCite(rowId: number): void }) {
  const html = useMemo(() => {
    const safe = DOMPurify.sanitize(marked.parse(text, { async: false, gfm: true }));
    return safe.replace(/\[row:(\d+)\]/g, (_, id: string) => {
      const n = rowNumber(Number(id));
      if (n === null) return `<span class="chip-gone" title="Row ${id} is not in the sheet any more">deleted row</span>`;
      return `<button type="button" class="chip" data-row="${id}" aria-label="Show row ${n ?? id} in the grid">row ${n ?? '…'}</button>`;
    });
  }, [text, rowNumber]);
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
