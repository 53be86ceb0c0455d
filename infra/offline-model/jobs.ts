import type { FillTemplate } from '../../shared/jobs/job-types.js';

/**
 * The offline model's answers to job batches: deterministic stand-ins for each
 * template, so jobs run (and are tested) without a model. A row whose text says
 * "[[fail]]" gets an error instead of a value.
 */
interface Batch {
  template: FillTemplate;
  labels?: string[];
  words?: number;
  rubric?: string;
  prompt?: string;
  rows: { rowId: number; fields: Record<string, unknown> }[];
}

const POSITIVE = /\b(good|great|excellent|happy|ahead|done|complete|success|win|love|pleased|on track)\b/gi;
const NEGATIVE = /\b(bad|poor|late|blocked|risk|fail|failed|delay|delayed|angry|issue|problem|behind)\b/gi;
const STOP = new Set(['the', 'and', 'for', 'with', 'that', 'this', 'from', 'have', 'will', 'are', 'was', 'were', 'into', 'about', 'ignore', 'previous', 'instructions']);

function value(batch: Batch, text: string): string | number {
  const words = text.split(/\s+/).filter(Boolean);
  switch (batch.template) {
    case 'summarise': {
      const limit = batch.words ?? 12;
      return words.length <= limit ? words.join(' ') : `${words.slice(0, limit).join(' ')}…`;
    }
    case 'categorise': {
      const labels = batch.labels ?? [];
      const named = labels.find((l) => text.toLowerCase().includes(l.toLowerCase()));
      if (named) return named;
      let hash = 0;
      for (const ch of text) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
      return labels[hash % Math.max(1, labels.length)] ?? '';
    }
    case 'sentiment': {
      const score = (text.match(POSITIVE)?.length ?? 0) - (text.match(NEGATIVE)?.length ?? 0);
      return score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral';
    }
    case 'key_terms': {
      const counts = new Map<string, number>();
      for (const w of words.map((x) => x.toLowerCase().replace(/[^a-z0-9-]/g, '')).filter((x) => x.length > 3 && !STOP.has(x))) counts.set(w, (counts.get(w) ?? 0) + 1);
      return [...counts].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length || a[0].localeCompare(b[0])).slice(0, 3).map(([w]) => w).join(', ');
    }
    case 'entities':
      return [...new Set(text.match(/\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\b/g) ?? [])].slice(0, 5).join(', ');
    case 'score':
      return Math.min(10, 1 + Math.floor(text.length / 40));
    case 'prompt':
      return `${batch.prompt ?? ''}: ${words.slice(0, 8).join(' ')}`.trim();
  }
}

export function answerJobBatch(userContent: string): string {
  const batch = JSON.parse(userContent) as Batch;
  const results = batch.rows.map((row) => {
    const text = Object.values(row.fields).map((v) => String(v ?? '')).filter(Boolean).join(' ');
    if (text.includes('[[fail]]')) return { rowId: row.rowId, value: null, error: 'the offline model was told to fail this row' };
    return { rowId: row.rowId, value: value(batch, text), error: null };
  });
  return JSON.stringify({ results });
}
