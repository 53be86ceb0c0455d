// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { Divider } from './Divider';

afterEach(cleanup);

function Split() {
  const [width, setWidth] = useState(440);
  return (
    <>
      <Divider width={width} onWidth={setWidth} />
      <output>{width}</output>
    </>
  );
}

describe('the divider between chat and grid', () => {
  it('dragged, the chat takes the width dragged to (300–900 px), remembered when let go; arrow keys move it 20 px', () => {
    localStorage.clear();
    render(<Split />);
    const divider = screen.getByRole('separator', { name: 'Resize chat and grid' });
    fireEvent.pointerDown(divider, { clientX: 500 });
    const pointer = (type: string, clientX = 0) => act(() => void window.dispatchEvent(new MouseEvent(type, { clientX })));
    pointer('pointermove', 560);
    expect(screen.getByRole('status').textContent).toBe('500');
    pointer('pointermove', 1500);
    expect(screen.getByRole('status').textContent).toBe('900');
    pointer('pointermove', 620);
    pointer('pointerup');
    expect([screen.getByRole('status').textContent, localStorage.getItem('chatsheetai.split')]).toEqual(['560', '560']);
    fireEvent.keyDown(divider, { key: 'ArrowLeft' });
    expect(screen.getByRole('status').textContent).toBe('540');
  });
});
