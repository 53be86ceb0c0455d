/**
 * Row citations in an answer. The prompt asks for `[row:123]`, and the chat shows each as a chip that finds the row in
 * the grid; a model now and then writes them its own way — `[row: 123]`, `[Row:123]`, `[rows: 12, 34]`,
 * `[row:12, row:34]` — which would show as raw text and cite nothing. Those are rewritten as `[row:…]` one per row,
 * but only when every id in the brackets is a row of the sheet: other bracketed text is left as it is.
 */
const CITATION = /\[row:(\d+)\]/g;
const LOOSE = /\[\s*rows?\s*:\s*\d+(?:\s*[,;]\s*(?:rows?\s*:\s*)?\d+)*\s*\]/gi;

export function canonicalCitations(text: string, known: ReadonlySet<number>): string {
  return text.replace(LOOSE, (said) => {
    const ids = (said.match(/\d+/g) ?? []).map(Number);
    return ids.every((id) => known.has(id)) ? ids.map((id) => `[row:${id}]`).join(', ') : said;
  });
}

/** The rows an answer cites, each once, in the order first cited: only rows the sheet has. */
export function citedRows(text: string, known: ReadonlySet<number>): number[] {
  return [...new Set([...text.matchAll(CITATION)].map((m) => Number(m[1])))].filter((id) => known.has(id));
}
