import { useEffect, useRef, useState } from 'react';

/** The chat's narrowest and widest, in px, and its width until someone changes it. */
const MIN = 300;
const MAX = 900;
const CHAT_WIDTH = 440;
/** The sheet keeps at least this much of a narrow window, whatever width the chat was left at. */
const SHEET_MIN = 400;
const KEY = 'chatsheetai.split';

/** The chat's width as last left (by any means), else the default. */
export const rememberedWidth = () => Number(localStorage.getItem(KEY)) || CHAT_WIDTH;

/** The widest the chat may be in a window this wide: 900 px, less in a narrow window (the sheet keeps 400 px). */
export const widestChat = (windowWidth: number) => Math.max(MIN, Math.min(MAX, windowWidth - SHEET_MIN));

/** `widestChat` for the window as it is now: the app renders again only when that changes, not on every resize event. */
export function useWidestChat(): number {
  const [widest, setWidest] = useState(() => widestChat(window.innerWidth));
  useEffect(() => {
    const resized = () => setWidest(widestChat(window.innerWidth));
    window.addEventListener('resize', resized);
    return () => window.removeEventListener('resize', resized);
  }, []);
  return widest;
}

/**
 * The separator between chat and grid (the window splitter pattern), between 300 and `max` px (900, or less in a
 * narrow window: `widestChat`): dragged; or clicked (a single pointer, no dragging) or Enter, to give the grid the most
 * room and again to go back; the arrow keys move it 20 px, Home and End to the narrowest and widest chat. The width is
 * remembered however it was set.
 */
export function Divider({ width, max = MAX, onWidth }: { width: number; max?: number; onWidth(width: number): void }) {
  const before = useRef(CHAT_WIDTH);
  const clamp = (w: number) => Math.min(max, Math.max(MIN, w));
  const set = (w: number) => {
    const next = clamp(w);
    onWidth(next);
    localStorage.setItem(KEY, String(next));
  };
  const toggle = () => {
    if (width > MIN) before.current = width;
    set(width > MIN ? MIN : before.current);
  };
  const keys: Record<string, () => void> = { ArrowLeft: () => set(width - 20), ArrowRight: () => set(width + 20), Home: () => set(MIN), End: () => set(max), Enter: toggle };
  return (
    <div
      className="divider"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize chat and grid"
      title="Drag to resize; click to give the sheet the most room, again to go back"
      aria-valuenow={width}
      aria-valuemin={MIN}
      aria-valuemax={max}
      tabIndex={0}
      onKeyDown={(e) => {
        if (!keys[e.key]) return;
        e.preventDefault();
        keys[e.key]!();
      }}
      onPointerDown={(e) => {
        const startX = e.clientX;
        let moved = false;
        let last = width;
        const move = (m: PointerEvent) => {
          moved ||= Math.abs(m.clientX - startX) > 3;
          if (moved) onWidth((last = clamp(width + m.clientX - startX)));
        };
        const up = () => {
          window.removeEventListener('pointermove', move);
          window.removeEventListener('pointerup', up);
          if (moved) set(last);
          else toggle();
        };
        window.addEventListener('pointermove', move);
        window.addEventListener('pointerup', up);
      }}
    />
  );
}
