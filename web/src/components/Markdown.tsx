import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useMemo } from 'react';

/**
 * An answer's markdown, sanitised; `[row:<id>]` citations become chips that show
 * the row number and, clicked, scroll to and highlight the row in the grid.
 */
export function Markdown({ text, rowNumber, onCite }: { text: string; rowNumber: (rowId: number) => number | undefined; onCite(rowId: number): void }) {
  const html = useMemo(() => {
    const safe = DOMPurify.sanitize(marked.parse(text, { async: false, gfm: true }));
    return safe.replace(/\[row:(\d+)\]/g, (_, id: string) => {
      const n = rowNumber(Number(id));
      return `<button type="button" class="chip" data-row="${id}" aria-label="Show row ${n ?? id} in the grid">row ${n ?? '?'}</button>`;
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
