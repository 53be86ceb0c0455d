import { ArcElement, BarController, BarElement, CategoryScale, Chart, Colors, Legend, LinearScale, LineController, LineElement, PieController, PointElement, Tooltip } from 'chart.js';
import { useEffect, useRef, useState } from 'react';
import type { ChartData } from '../api';
import { metricColumn } from '../../../shared/query/metric-names';
import { useValueShownAs } from './value-shown';

const KINDS = ['bar', 'line', 'pie', 'table'] as const;

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, PieController, ArcElement, CategoryScale, LinearScale, Tooltip, Legend, Colors);

/**
 * An aggregate answer as a bar, line or pie chart (Chart.js) across the answer's width, or as a table of its numbers
 * (as their column shows them). The table is always there for screen readers: the chart's text alternative.
 */
export function ChartView({ data }: { data: ChartData }) {
  const shown = useValueShownAs();
  /** A metric's value as its column shows it ("$1,250,000"), else grouped as the reader's locale groups numbers. */
  const number = (metric: string, value: number) => shown(metricColumn(metric), value) ?? value.toLocaleString();
  const [kind, setKind] = useState<(typeof KINDS)[number]>('bar');
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current || kind === 'table') return;
    const dark = window.matchMedia?.('(prefers-color-scheme: dark)').matches || document.documentElement.dataset.theme === 'dark';
    const chart = new Chart(canvas.current, {
      type: kind,
      data: { labels: data.labels, datasets: data.series.map((s) => ({ label: s.name, data: s.values })) },
      options: { animation: false, responsive: true, maintainAspectRatio: false, color: dark ? '#ddd' : '#333', plugins: { legend: { display: kind === 'pie' || data.series.length > 1 } } },
    });
    return () => chart.destroy();
  }, [data, kind]);
  return (
    <figure className="chart">
      <figcaption>
        {data.title}
        <span role="radiogroup" aria-label="Chart type">
          {KINDS.map((k) => (
            <label key={k}>
              <input type="radio" name={`kind-${data.title}`} checked={kind === k} onChange={() => setKind(k)} /> {k}
            </label>
          ))}
        </span>
      </figcaption>
      <div className="chart-body">
        {kind !== 'table' && (
          <div className="chart-canvas">
            <canvas ref={canvas} role="img" aria-label={`${kind} chart of ${data.title}`} />
          </div>
        )}
        {/* Out of sight, not a scrolling box (as .compact is), which would need the keyboard's focus. */}
        <div className={kind === 'table' ? undefined : 'sr-only'}>
          <table className={kind === 'table' ? 'compact' : undefined} aria-label={data.title}>
            <thead>
              <tr>
                <th scope="col">{data.title.split(' by ').at(-1)}</th>
                {data.series.map((s) => (
                  <th key={s.name} scope="col">
                    {s.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.labels.map((label, i) => (
                <tr key={label}>
                  <td>{label}</td>
                  {data.series.map((s) => (
                    <td key={s.name} className="num">
                      {s.values[i] === undefined || s.values[i] === null ? '' : number(s.name, s.values[i]!)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </figure>
  );
}
