/**
 * A time span as a person reads it: "45 s", "75 s", "3 min", "1 h 20 min" — an estimate or the time left of a job,
 * which with a slow (reasoning) model runs to minutes or hours, not "4,512 s".
 */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 90) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const [h, m] = [Math.floor(minutes / 60), minutes % 60];
  return m ? `${h} h ${m} min` : `${h} h`;
}
