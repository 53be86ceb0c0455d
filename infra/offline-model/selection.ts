/**
 * The grid's selection a message was sent with: the app says it in a system message just before the message
 * ("Selected in the grid: rows 3-6, 9 (columns …). …"). "These", "this row", "the selected rows" or "the selection"
 * in the message are read as those rows ("rows 3-6, 9"), which the commands take as row numbers.
 */
interface Said {
  role: string;
  content?: string | null;
}

const NOTE = /^Selected in the grid: (rows? \d[\d, -]*?)(?= \(|\.)/;
const MEANS_SELECTION = /\b(?:the\s+selected\s+rows?|selected\s+rows?|(?:the|my)\s+selection|these\s+rows|those\s+rows|this\s+row|these)\b/gi;

export function withSelection<M extends Said>(messages: M[]): M[] {
  const last = messages.map((m) => m.role).lastIndexOf('user');
  const note = messages[last - 1];
  const rows = note?.role === 'system' ? NOTE.exec(note.content ?? '')?.[1] : undefined;
  if (!rows) return messages;
  return messages.map((m, i) => (i === last ? { ...m, content: (m.content ?? '').replace(MEANS_SELECTION, rows) } : m));
}
