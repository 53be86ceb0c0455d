import { useCallback, useEffect, useRef } from 'react';

/** How close to the bottom (px) still counts as "at the bottom". */
const SLACK = 48;

/**
 * A log that follows its newest content while the reader is at the bottom: cards that
 * fill in after their message arrives (a change set's diff, a job's progress, a chart)
 * keep the end in view; scrolling up to read stops the following until the reader
 * returns to the bottom or sends a message (`follow()`).
 */
export function useStickToBottom<Scroller extends HTMLElement, Content extends HTMLElement>() {
  const scroller = useRef<Scroller>(null);
  const content = useRef<Content>(null);
  const pinned = useRef(true);
  /** Where the view was last seen: only the reader moves it up. */
  const lastTop = useRef(0);

  const toBottom = useCallback(() => {
    const box = scroller.current;
    if (!box || !pinned.current) return;
    box.scrollTop = box.scrollHeight;
    lastTop.current = box.scrollTop;
  }, []);

  useEffect(() => {
    const box = scroller.current;
    const inner = content.current;
    if (!box || !inner) return;
    // Moving up is the reader scrolling away (our own scrolls go down, and content that grows before
    // their scroll event arrives must not read as "scrolled away"); reaching the bottom follows again.
    const onScroll = () => {
      if (box.scrollHeight - box.scrollTop - box.clientHeight <= SLACK) pinned.current = true;
      else if (box.scrollTop < lastTop.current) pinned.current = false;
      lastTop.current = box.scrollTop;
    };
    box.addEventListener('scroll', onScroll, { passive: true });
    // jsdom has no ResizeObserver; browsers all do.
    const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(toBottom);
    observer?.observe(inner);
    observer?.observe(box);
    return () => {
      box.removeEventListener('scroll', onScroll);
      observer?.disconnect();
    };
  }, [toBottom]);

  const follow = useCallback(() => {
    pinned.current = true;
    toBottom();
  }, [toBottom]);

  return { scroller, content, follow };
}
