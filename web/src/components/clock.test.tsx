// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useCountdown, useElapsed } from './useCountdown';

function Probe({ since, until }: { since?: number; until?: string }) {
  return (
    <p>
      <span data-testid="elapsed">{useElapsed(since)}</span> <span data-testid="left">{useCountdown(until)}</span>
    </p>
  );
}

describe('clocks: seconds waited, time left', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-12-06T10:00:00Z'));
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('counts the seconds since a start, each second, and nothing without one', () => {
    const { rerender } = render(<Probe since={Date.now() - 4_200} />);
    expect(screen.getByTestId('elapsed').textContent).toBe('4');
    act(() => vi.advanceTimersByTime(8_000));
    expect(screen.getByTestId('elapsed').textContent).toBe('12');
    rerender(<Probe />);
    expect(screen.getByTestId('elapsed').textContent).toBe('0');
    // A new start counts from the time it began, not from when the clock last ticked.
    act(() => vi.advanceTimersByTime(30_000));
    rerender(<Probe since={Date.now() - 1_000} />);
    expect(screen.getByTestId('elapsed').textContent).toBe('1');
  });

  it('counts down to a deadline as m:ss, never below 0:00', () => {
    render(<Probe until={new Date(Date.now() + 65_000).toISOString()} />);
    expect(screen.getByTestId('left').textContent).toBe('1:05');
    act(() => vi.advanceTimersByTime(70_000));
    expect(screen.getByTestId('left').textContent).toBe('0:00');
  });
});
