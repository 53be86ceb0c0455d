/** What an aggregate's metrics are called in its result, and what a share's name says. */

/** `sum(Budget)`, `count`; a share of the rows matching a condition: `percent Complete`, `percent(Budget) Over budget`. */
export function metricName(m: { fn: string; column?: string; where?: unknown; name?: string }): string {
  const base = m.column ? `${m.fn}(${m.column})` : m.fn;
  return m.where ? `${base} ${m.name?.trim() || 'matching'}` : base;
}

/**
 * What a share's name (metricName) says: of which column's total (`percent(Budget)`), and for a rate within each group,
 * of the rows matching what (`percent Complete`); undefined for a metric that is no share.
 */
export function shareOf(metric: string): { column?: string; matching?: string } | undefined {
  const m = /^percent(?:\((.+?)\))?(?: (.+))?$/.exec(metric);
  return m ? { ...(m[1] ? { column: m[1] } : {}), ...(m[2] ? { matching: m[2] } : {}) } : undefined;
}

/** Is a metric (by its name in a result) a share — `percent`, `percent(Column)`, `percent Complete`? */
export const isShare = (metric: string) => shareOf(metric) !== undefined;

/** The column whose values a metric is in — a total, an average, an extreme or the median of it ("sum(Deal Value)"); not a count or a share. */
export const metricColumn = (metric: string) => /^(?:sum|avg|min|max|median)\((.+?)\)(?: |$)/.exec(metric)?.[1];
