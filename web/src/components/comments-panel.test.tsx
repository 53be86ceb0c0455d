// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, renderHook, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Conversations } from '../../../shared/api/contracts';
import { CommentsPanel, useCommentCounts, type CommentsView } from './CommentsPanel';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const row = { rowId: 44, rowNumber: 3, rowName: 'Design data warehouse' };
const thread = (id: number, ...comments: [string, string][]): Conversations['threads'][number] => ({ id, comments: comments.map(([by, text], i) => ({ id: id * 10 + i, by, text, at: '2026-11-20T10:00:00Z' })) });

/** The API as the panel meets it: the threads (as they stand, a row's or the sheet's), and the comments posted (or refused), by where they went. */
function api(threads: Conversations['threads'], refuse?: { status: number; message: string }) {
  const posted: { to: string; body: unknown }[] = [];
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    if (init?.method === 'DELETE') return new Response(JSON.stringify({ deleted: true }), { status: 200 });
    if (init?.method === 'PATCH') {
      posted.push({ to: url, body: JSON.parse(String(init.body)) });
      return new Response(JSON.stringify({ commentId: 12 }), { status: 200 });
    }
    if (init?.method === 'POST') {
      if (refuse) return new Response(JSON.stringify({ error: { code: 'X', message: refuse.message } }), { status: refuse.status });
      const body = JSON.parse(String(init.body)) as { text: string };
      posted.push({ to: url, body });
      const id = 8 + posted.length;
      threads.push(thread(id, ['Local Developer', body.text]));
      return new Response(JSON.stringify({ rowId: row.rowId, discussionId: id, commentId: id * 10 }), { status: 201 });
    }
    if (url === '/api/sessions/s1/conversations') return new Response(JSON.stringify({ threads }), { status: 200 });
    expect(url).toBe(`/api/sessions/s1/rows/${row.rowId}/comments`);
    return new Response(JSON.stringify({ rowId: row.rowId, threads }), { status: 200 });
  });
  vi.stubGlobal('fetch', fetch);
  return { posted, fetch };
}

const labels = new Map([[44, { rowNumber: 3, rowName: 'Design data warehouse' }], [45, { rowNumber: 4 }]]);
const show = (cannotComment?: string, onClose = () => undefined, view: CommentsView = { kind: 'row', ...row }, onRow = (_: number) => undefined) =>
  render(
    <QueryClientProvider client={new QueryClient()}>
      <CommentsPanel sessionId="s1" view={view} rowLabel={(id) => labels.get(id)} cannotComment={cannotComment} onRow={onRow} onClose={onClose} />
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
    expect(posted).toEqual([{ to: `/api/sessions/s1/rows/${row.rowId}/comments`, body: { text: 'Waiting on legal.' } }]);
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

  it('the whole sheet: each thread names its row (a click shows it) or the sheet; a new comment goes on the sheet, a reply to its row', async () => {
    const threads = [{ ...thread(1, ['Mei Chen', 'Vendor confirmed.']), rowId: 44 }, thread(2, ['Dana Whitfield', 'Q4 budgets lock on Dec 15.']), { ...thread(3, ['Ravi Patel', 'Gone since.']), rowId: 99 }];
    const { posted } = api(threads);
    const onRow = vi.fn();
    show(undefined, undefined, { kind: 'sheet' }, onRow);
    expect(screen.getByRole('dialog', { name: 'Comments on the sheet' })).toBeTruthy();
    await screen.findByText('Vendor confirmed.');
    fireEvent.click(screen.getByRole('button', { name: 'Row 3 · Design data warehouse' }));
    expect(onRow).toHaveBeenCalledWith(44);
    expect(screen.getByText('On the sheet')).toBeTruthy();
    expect(screen.getByText('On a row this version of the sheet does not have')).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: 'New comment on the sheet' }), { target: { value: 'All hands Friday.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Post' }));
    await screen.findByText('All hands Friday.');
    fireEvent.click(screen.getAllByRole('button', { name: 'Reply' })[0]!);
    fireEvent.change(screen.getByRole('textbox', { name: 'Reply to Mei Chen' }), { target: { value: 'Thanks!' } });
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Reply to Mei Chen' }), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(posted).toHaveLength(2));
    expect(posted).toEqual([
      { to: '/api/sessions/s1/conversations', body: { text: 'All hands Friday.' } },
      { to: `/api/sessions/s1/rows/44/comments`, body: { text: 'Thanks!', discussionId: 1 } },
    ]);
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

  it('a comment the person posted from here offers Delete, asked once more; others\' do not', async () => {
    const threads = [thread(1, ['Mei Chen', 'Vendor confirmed.'])];
    threads[0]!.comments.push({ id: 12, by: 'Local Developer', text: 'Typo here.', at: '2026-11-21T10:00:00Z', mine: true });
    const { fetch } = api(threads);
    show();
    await screen.findByText('Typo here.');
    expect(screen.getAllByRole('button', { name: 'Delete' })).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(screen.getByText(/Delete your comment\?/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'No' }));
    expect(fetch.mock.calls.some(([, init]) => (init as RequestInit | undefined)?.method === 'DELETE')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes' }));
    await waitFor(() => expect(fetch.mock.calls.filter(([, init]) => (init as RequestInit | undefined)?.method === 'DELETE').map(([url]) => url)).toEqual(['/api/sessions/s1/comments/12']));
  });

  it('Edit starts from the comment as the person wrote it (no signature) and saves the new text', async () => {
    const threads = [thread(1, ['Mei Chen', 'Vendor confirmed.'])];
    threads[0]!.comments.push({ id: 12, by: 'Local Developer', text: 'Tpyo here.\n\n— dana@contoso.com (via ChatSheetAI)', at: '2026-11-21T10:00:00Z', mine: true });
    const { posted } = api(threads);
    show();
    fireEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    const box = screen.getByRole('textbox', { name: 'Your comment' }) as HTMLTextAreaElement;
    expect(box.value).toBe('Tpyo here.');
    expect((screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true); // nothing changed yet
    fireEvent.change(box, { target: { value: 'Typo here.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(posted).toEqual([{ to: '/api/sessions/s1/comments/12', body: { text: 'Typo here.' } }]));
    await waitFor(() => expect(screen.queryByRole('textbox', { name: 'Your comment' })).toBeNull());
  });

  it('counts that could not be read while Smartsheet was down are read again once it answers', async () => {
    let down = true;
    const fetch = vi.fn(async () => (down ? new Response(JSON.stringify({ error: { code: 'DEPENDENCY_FAILED', message: 'Smartsheet: down' } }), { status: 503 }) : new Response(JSON.stringify({ rows: [{ rowId: 44, comments: 2 }], onSheet: 1 }), { status: 200 })));
    vi.stubGlobal('fetch', fetch);
    const client = new QueryClient();
    const { result, rerender } = renderHook(({ reachable }) => useCommentCounts('s1', true, reachable), { initialProps: { reachable: false }, wrapper: ({ children }) => <QueryClientProvider client={client}>{children}</QueryClientProvider> });
    await waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    expect(result.current.total).toBeUndefined();
    down = false;
    rerender({ reachable: true });
    await waitFor(() => expect(result.current.total).toBe(3));
    expect(result.current.byRow.get(44)).toBe(2);
  });
});
