// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Divider, rememberedWidth, widestChat } from './Divider';

afterEach(cleanup);
beforeEach(() => localStorage.clear());

function Split({ max }: { max?: number }) {
  const [width, setWidth] = useState(rememberedWidth);
  return (
    <>
      <Divider width={Math.min(width, max ?? width)} onWidth={setWidth} {...(max ? { max } : {})} />
      <output>{width}</output>
    </>
  );
}

const shown = () => screen.getByRole('status').textContent;
const saved = () => localStorage.getItem('chatsheetai.split');
const pointer = (type: string, clientX = 0) => act(() => void window.dispatchEvent(new MouseEvent(type, { clientX })));

describe('the divider between chat and grid', () => {
  it('dragged, the chat takes the width dragged to (300–900 px), remembered when let go', () => {
    render(<Split />);
    const divider = screen.getByRole('separator', { name: 'Resize chat and grid' });
    expect(shown()).toBe('440');
    fireEvent.pointerDown(divider, { clientX: 500 });
    pointer('pointermove', 560);
    expect(shown()).toBe('500');
    pointer('pointermove', 1500);
    expect(shown()).toBe('900');
    pointer('pointermove', 620);
    expect(saved()).toBeNull();
    pointer('pointerup', 620);
    expect([shown(), saved()]).toEqual(['560', '560']);
    cleanup();
    render(<Split />);
    expect(shown()).toBe('560');
  });

  it('clicked without dragging (a single pointer) or Enter, the sheet gets the most room; again, the chat is back as it was', () => {
    render(<Split />);
    const divider = screen.getByRole('separator');
    fireEvent.pointerDown(divider, { clientX: 440 });
    pointer('pointermove', 442); // a hand's tremble is not a drag
    pointer('pointerup', 442);
    expect([shown(), saved()]).toEqual(['300', '300']);
    fireEvent.pointerDown(divider, { clientX: 300 });
    pointer('pointerup', 300);
    expect([shown(), saved()]).toEqual(['440', '440']);
    fireEvent.keyDown(divider, { key: 'Enter' });
    expect(shown()).toBe('300');
    fireEvent.keyDown(divider, { key: 'Enter' });
    expect(shown()).toBe('440');
  });

  it('the arrow keys move it 20 px, Home and End to the narrowest and widest chat, each remembered', () => {
    render(<Split />);
    const divider = screen.getByRole('separator');
    fireEvent.keyDown(divider, { key: 'ArrowLeft' });
    expect([shown(), saved(), divider.getAttribute('aria-valuenow')]).toEqual(['420', '420', '420']);
    fireEvent.keyDown(divider, { key: 'ArrowRight' });
    fireEvent.keyDown(divider, { key: 'ArrowRight' });
    expect([shown(), saved()]).toEqual(['460', '460']);
    fireEvent.keyDown(divider, { key: 'End' });
    expect([shown(), saved()]).toEqual(['900', '900']);
    fireEvent.keyDown(divider, { key: 'ArrowRight' });
    expect(shown()).toBe('900');
    fireEvent.keyDown(divider, { key: 'Home' });
    expect([shown(), saved()]).toEqual(['300', '300']);
  });

  it('in a narrow window the chat is at most as wide as leaves the sheet 400 px: End, a drag and the arrows stop there', () => {
    expect([widestChat(1400), widestChat(1000), widestChat(600)]).toEqual([900, 600, 300]);
    render(<Split max={600} />);
    const divider = screen.getByRole('separator');
    fireEvent.keyDown(divider, { key: 'End' });
    expect([shown(), divider.getAttribute('aria-valuemax')]).toEqual(['600', '600']);
    fireEvent.keyDown(divider, { key: 'ArrowRight' });
    expect(shown()).toBe('600');
    fireEvent.pointerDown(divider, { clientX: 600 });
    pointer('pointermove', 900);
    pointer('pointerup', 900);
    expect([shown(), saved()]).toEqual(['600', '600']);
  });
});
