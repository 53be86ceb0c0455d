// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RowComments } from '../../../shared/api/contracts';
import { CommentsPanel } from './CommentsPanel';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const row = { rowId: 44, rowNumber: 3, rowName: 'Design data warehouse' };
const thread = (id: number, ...comments: [string, string][]) => ({ id, comments: comments.map(([by, text], i) => ({ id: id * 10 + i, by, text, at: '2026-11-20T10:00:00Z' })) });

/** The API as the panel meets it: the row's threads (as they stand), and the comments posted (or refused). */
function api(threads: RowComments['threads'], refuse?: { status: number; message: string }) {
  const posted: unknown[] = [];
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    if (init?.method === 'POST') {
      if (refuse) return new Response(JSON.stringify({ error: { code: 'X', message: refuse.message } }), { status: refuse.status });
      posted.push(JSON.parse(String(init.body)));
      threads.push(thread(9, ['Local Developer', (posted.at(-1) as { text: string }).text]));
      return new Response(JSON.stringify({ rowId: row.rowId, discussionId: 9, commentId: 90 }), { status: 201 });
    }
    expect(url).toBe(`/api/sessions/s1/rows/${row.rowId}/comments`);
    return new Response(JSON.stringify({ rowId: row.rowId, threads }), { status: 200 });
  });
  vi.stubGlobal('fetch', fetch);
  return { posted, fetch };
}

const show = (cannotComment?: string, onClose = () => undefined) =>
  render(
    <QueryClientProvider client={new QueryClient()}>
      <CommentsPanel sessionId="s1" row={row} cannotComment={cannotComment} onClose={onClose} />
    </QueryClientProvider>,
  );

describe('comments panel', () => {
  it('shows each thread oldest first, by whom; posts a new comment and reads the threads again', async () => {
    const { posted } = api([thread(1, ['Mei Chen', 'Vendor confirmed.'], ['Dana Whitfield', "Great, I'll move the kickoff."])]);
    show();
    expect(screen.getByRole('dialog', { name: 'Comments on row 3' }).textContent).toContain('Design data warehouse');
    await screen.findByText('Vendor confirmed.');
    expect(screen.getAllByRole('listitem').map((li) => li.textContent).slice(1)).toEqual([expect.stringMatching(/^Mei Chen, .+Vendor confirmed\.$/), expect.stringMatching(/^Dana Whitfield, .+Great, I'll move the kickoff\.$/)]);
    const box = screen.getByRole('textbox', { name: 'New comment on row 3' });
    const postButton = screen.getByRole('button', { name: 'Post' }) as HTMLButtonElement;
    expect(postButton.disabled).toBe(true); // nothing to post yet
    fireEvent.change(box, { target: { value: 'Waiting on legal.' } });
    fireEvent.keyDown(box, { key: 'Enter', ctrlKey: true });
    await screen.findByText('Waiting on legal.');
    expect(posted).toEqual([{ text: 'Waiting on legal.' }]);
    expect((box as HTMLTextAreaElement).value).toBe('');
  });

  it('a reply names its thread; a refusal keeps the text and says why', async () => {
    const { posted } = api([thread(1, ['Mei Chen', 'Vendor confirmed.'])], { status: 503, message: 'Smartsheet: not answering' });
    show();
    fireEvent.click(await screen.findByRole('button', { name: 'Reply' }));
    const reply = screen.getByRole('textbox', { name: 'Reply to Mei Chen' });
    fireEvent.change(reply, { target: { value: 'Thanks!' } });
    fireEvent.click(screen.getByRole('button', { name: 'Reply' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Smartsheet: not answering');
    expect((reply as HTMLTextAreaElement).value).toBe('Thanks!');
    expect(posted).toEqual([]);
  });

  it('on a sheet the app may only view: the comments and why none can be added, no box; Escape closes', async () => {
    api([]);
    const onClose = vi.fn();
    show('Shared as Viewer: read only.', onClose);
    await screen.findByText('No comments on this row yet.');
    expect(screen.getByText('Shared as Viewer: read only.')).toBeTruthy();
    expect(screen.queryByRole('textbox')).toBeNull();
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    await waitFor(() => expect(onClose).toHaveBeenCalledTimes(1));
  });
});
