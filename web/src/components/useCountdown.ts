import { useEffect, useState } from 'react';

/** The time now (ms), ticking each second while `active`. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

/** "m:ss" until `until`, ticking each second; "" without a deadline. */
export function useCountdown(until: string | undefined): string {
  const now = useNow(Boolean(until));
  if (!until) return '';
  const seconds = Math.max(0, Math.round((Date.parse(until) - now) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** Whole seconds since `since` (ms), ticking each second; 0 without a start. */
export function useElapsed(since: number | undefined): number {
  const now = useNow(since !== undefined);
  return since === undefined ? 0 : Math.max(0, Math.floor((now - since) / 1000));
}
