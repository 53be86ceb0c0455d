/** The chat's narrowest and widest, in px. */
const MIN = 300;
const MAX = 900;

/**
 * The separator between chat and grid: dragged, or moved with the arrow keys (20 px a press), between 300 and 900 px;
 * the width is remembered when a drag ends.
 */
export function Divider({ width, onWidth }: { width: number; onWidth(width: number | ((w: number) => number)): void }) {
  const clamp = (w: number) => Math.min(MAX, Math.max(MIN, w));
  return (
    <div
      className="divider"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize chat and grid"
      aria-valuenow={width}
      aria-valuemin={MIN}
      aria-valuemax={MAX}
      tabIndex={0}
      onKeyDown={(e) => {
        if (e.key === 'ArrowLeft') onWidth((w) => clamp(w - 20));
        if (e.key === 'ArrowRight') onWidth((w) => clamp(w + 20));
      }}
      onPointerDown={(e) => {
        const startX = e.clientX;
        let last = width;
        const move = (m: PointerEvent) => onWidth((last = clamp(width + m.clientX - startX)));
        const up = () => {
          window.removeEventListener('pointermove', move);
          window.removeEventListener('pointerup', up);
          localStorage.setItem('chatsheetai.split', String(last));
        };
        window.addEventListener('pointermove', move);
        window.addEventListener('pointerup', up);
      }}
    />
  );
}
