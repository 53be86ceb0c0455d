// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useStickToBottom } from './useStickToBottom';

/** jsdom has no layout: the log's geometry is set by hand, and growth reported as a browser's ResizeObserver would. */
let resized: (() => void)[] = [];
class FakeResizeObserver {
  constructor(private readonly callback: () => void) {}
  observe() {
    resized.push(this.callback);
  }
  disconnect() {
    resized = resized.filter((c) => c !== this.callback);
  }
}

let follow: () => void = () => undefined;
function Log() {
  const log = useStickToBottom<HTMLDivElement, HTMLDivElement>();
  follow = log.follow;
  return (
    <div data-testid="log" ref={log.scroller}>
      <div ref={log.content} />
    </div>
  );
}

function geometry(box: HTMLElement) {
  const g = { top: 0, height: 300, client: 100 };
  Object.defineProperty(box, 'scrollHeight', { get: () => g.height });
  Object.defineProperty(box, 'clientHeight', { get: () => g.client });
  Object.defineProperty(box, 'scrollTop', {
    get: () => g.top,
    set: (v: number) => (g.top = Math.max(0, Math.min(v, g.height - g.client))),
  });
  return g;
}

const grow = (g: { height: number }, by: number) =>
  act(() => {
    g.height += by;
    for (const callback of resized) callback();
  });
const scrollTo = (box: HTMLElement, g: { top: number }, top: number) =>
  act(() => {
    g.top = top;
    box.dispatchEvent(new Event('scroll'));
  });

beforeEach(() => {
  resized = [];
  (globalThis as { ResizeObserver?: unknown }).ResizeObserver = FakeResizeObserver;
});
afterEach(() => {
  cleanup();
  delete (globalThis as { ResizeObserver?: unknown }).ResizeObserver;
});

describe('the chat log follows its newest content', () => {
  it('keeps the end in view as cards fill in, also when content grows before our own scroll is reported', () => {
    render(<Log />);
    const box = screen.getByTestId('log');
    const g = geometry(box);
    act(() => follow());
    expect(g.top).toBe(200);
    grow(g, 150); // a change set's diff arrives
    expect(g.top).toBe(350);
    // The scroll event for that move arrives after the next card already grew: not the reader scrolling away.
    g.height += 300;
    act(() => void box.dispatchEvent(new Event('scroll')));
    grow(g, 0);
    expect(g.top).toBe(650);
  });

  it('stays where the reader scrolled up to; returning to the bottom or sending follows again', () => {
    render(<Log />);
    const box = screen.getByTestId('log');
    const g = geometry(box);
    act(() => follow());
    scrollTo(box, g, 50); // reading an earlier answer
    grow(g, 200); // a job's progress updates below
    expect(g.top).toBe(50);
    scrollTo(box, g, g.height - g.client - 10); // back at the bottom (within the slack)
    grow(g, 100);
    expect(g.top).toBe(g.height - g.client);
    scrollTo(box, g, 0);
    grow(g, 100);
    expect(g.top).toBe(0);
    act(() => follow()); // the reader sends a message
    expect(g.top).toBe(g.height - g.client);
    grow(g, 100);
    expect(g.top).toBe(g.height - g.client);
  });
});
