// @vitest-environment jsdom
import { focusManager, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Message, SessionView } from '../api';
import { sessionKey } from '../realtime';
import { Chat, type ChatProps } from './Chat';
import { conversationLabel } from './ConversationPicker';

/**
 * A tab that missed the push of a new chat begun in another tab still shows the old conversation; its next question
 * is answered in the new one (the server runs turns on the session as it is). The answer must move the tab there,
 * or the question seems to vanish from the conversation shown.
 */
const session: SessionView = { sessionId: 's1', sheetId: 7, state: { status: 'ready', sheetVersion: 3 }, conversation: 1, createdAt: '2026-11-24T09:00:00.000Z', lastActiveAt: '2026-11-24T09:00:00.000Z' } as SessionView;

const message = (role: Message['role'], conversation: number, text: string): Message => ({ id: `${role}-${conversation}`, sessionId: 's1', role, text, conversation, createdAt: '2026-11-24T09:01:00.000Z' });

function answerIn(conversation: number) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
      if (url.startsWith('/api/sessions/s1/messages') && init?.method === 'POST') return json({ userMessage: message('user', conversation, 'how many rows'), reply: message('assistant', conversation, 'There are 20 rows.') });
      if (url.startsWith('/api/sessions/s1/messages')) return json({ messages: [], next: null });
      if (url.startsWith('/api/sessions/s1/jobs')) return json([]);
      return new Response('{}', { status: 404 });
    }),
  );
}

/** A server whose history reads answer `page(url)` (and no jobs). */
function serveHistory(page: (url: string) => unknown) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
      if (url.startsWith('/api/sessions/s1/messages')) return json(page(url));
      if (url.startsWith('/api/sessions/s1/jobs')) return json([]);
      return new Response('{}', { status: 404 });
    }),
  );
}

/**
 * A server holding one conversation (`history`) and the session's `jobs`: a POST of a message is recorded in the
 * returned list and answered; `more` answers other paths by prefix (a change set, a job).
 */
function serveConversation(history: Message[], more: Record<string, unknown> = {}, jobs: unknown[] = []) {
  const posts: { clientMessageId: string; text: string }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
      if (url.startsWith('/api/sessions/s1/messages') && init?.method === 'POST') {
        const sent = JSON.parse(String(init.body)) as { clientMessageId: string; text: string };
        posts.push(sent);
        return json({ userMessage: { ...message('user', 1, sent.text), id: `user-sent-${posts.length}`, clientMessageId: sent.clientMessageId }, reply: { ...message('assistant', 1, 'Answered again.'), id: `assistant-sent-${posts.length}` } });
      }
      if (url.startsWith('/api/sessions/s1/messages')) return json({ messages: history, next: null });
      if (url.startsWith('/api/sessions/s1/jobs')) return json(jobs);
      const path = Object.keys(more).find((prefix) => url.startsWith(prefix));
      return path ? json(more[path]) : new Response('{}', { status: 404 });
    }),
  );
  return posts;
}

const renderChat = (queries: QueryClient, onCite: ChatProps['onCite'] = () => undefined) =>
  render(
    <QueryClientProvider client={queries}>
      <Chat session={session} onCite={onCite} />
    </QueryClientProvider>,
  );

async function ask(queries: QueryClient) {
  queries.setQueryData(sessionKey('s1'), session);
  renderChat(queries);
  fireEvent.change(screen.getByLabelText('Message'), { target: { value: 'how many rows' } });
  fireEvent.submit(screen.getByLabelText('Message').closest('form')!);
  await waitFor(() => expect((fetch as unknown as ReturnType<typeof vi.fn>).mock.calls.some(([, init]) => (init as RequestInit | undefined)?.method === 'POST')).toBe(true));
}

beforeEach(() => {
  vi.stubGlobal(
    'ResizeObserver',
    class {
      observe() {}
      disconnect() {}
    },
  );
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('chat: a change that could not be applied', () => {
  it('"Ask again" on a conflicted change set sends the request that proposed it again, as a new message', async () => {
    const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const request = { ...message('user', 1, 'set Priority to Low where Status is Blocked'), clientMessageId: 'first' };
    const reply = { ...message('assistant', 1, 'I have prepared a change.'), extra: { replyTo: request.id, changeSetIds: ['cs1'] } };
    const conflicted = { id: 'cs1', sessionId: 's1', sheetId: 7, status: 'conflict', summary: 'Set Priority → Low on 1 row (1 cell)', cells: [{ rowId: 11, rowNumber: 3, columnId: 5, column: 'Priority', old: 'High', new: 'Low' }], addedRows: [], deletedRows: [], expiresAt: '2026-11-24T09:15:00.000Z', conflicts: [{ rowId: 11, column: 'Status', expected: 'Blocked', actual: 'Done' }] };
    const posts = serveConversation([request, reply], { '/api/change-sets/cs1': conflicted });
    renderChat(queries);
    fireEvent.click(await screen.findByRole('button', { name: 'Ask again' }));
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toMatchObject({ text: 'set Priority to Low where Status is Blocked' });
    expect((posts[0] as { clientMessageId: string }).clientMessageId).not.toBe('first'); // a new turn, not the first one again
  });
});

describe('chat: a sheet shared with the app as Commenter', () => {
  it('a comment may be approved (Approve is not paused), an edit may not; the box says comments may be asked for', async () => {
    const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const commenter = { ...session, access: 'COMMENTER' } as SessionView;
    const reply = (id: string, cs: string) => ({ ...message('assistant', 1, 'I have prepared a change.'), id, extra: { changeSetIds: [cs] } });
    const base = { sessionId: 's1', sheetId: 7, status: 'awaiting_approval', addedRows: [], deletedRows: [], expiresAt: new Date(Date.now() + 600_000).toISOString() };
    const comment = { ...base, id: 'cs1', summary: 'Comment on row 3: “Looks good.”', cells: [], comments: [{ rowId: 11, rowNumber: 3, text: 'Looks good.' }] };
    const edit = { ...base, id: 'cs2', summary: 'Set Priority → Low on 1 row (1 cell)', cells: [{ rowId: 11, rowNumber: 3, columnId: 5, column: 'Priority', old: 'High', new: 'Low' }] };
    serveConversation([reply('a1', 'cs1'), reply('a2', 'cs2')], { '/api/change-sets/cs1': comment, '/api/change-sets/cs2': edit });
    queries.setQueryData(sessionKey('s1'), commenter);
    render(
      <QueryClientProvider client={queries}>
        <Chat session={commenter} onCite={() => undefined} />
      </QueryClientProvider>,
    );
    const card = async (summary: string) => (await screen.findByRole('article', { name: `Change set: ${summary}` })).querySelector('button.primary') as HTMLButtonElement;
    expect((await card(comment.summary)).disabled).toBe(false);
    expect((await card(edit.summary)).disabled).toBe(true);
    expect(screen.getByLabelText('Message').getAttribute('placeholder')).toBe('Ask about the sheet, or comment on a row (view only)…');
  });
});

describe('chat: stopping a turn', () => {
  for (const how of ['Stop', 'Esc'] as const) {
    it(`a turn under way can be stopped (${how}): the server is asked to stop that message, "Stopping…" shows, and the stopped turn shows as stored`, async () => {
      const queries = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });
      let stored: Message[] = [];
      let stopped: (response: Response) => void = () => undefined;
      const stops: string[] = [];
      vi.stubGlobal(
        'fetch',
        vi.fn(async (url: string, init?: RequestInit) => {
          const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
          if (/\/messages\/[\w-]+\/stop$/.test(url) && init?.method === 'POST') {
            stops.push(url);
            return json({ stopping: true });
          }
          if (url.startsWith('/api/sessions/s1/messages') && init?.method === 'POST') {
            const { clientMessageId, text } = JSON.parse(String(init.body)) as { clientMessageId: string; text: string };
            const question = { ...message('user', 1, text), id: 'm2', clientMessageId };
            stored = [question];
            return new Promise<Response>((resolve) => (stopped = () => {
              stored = [question, { ...message('assistant', 1, 'You stopped this answer. Your message is saved — send it again to retry.'), id: 'm3', extra: { replyTo: 'm2', error: { code: 'STOPPED', retryable: true } } } as Message];
              resolve(json({ error: { code: 'STOPPED', message: 'You stopped this answer.' } }, 409));
            }));
          }
          if (url.startsWith('/api/sessions/s1/messages')) return json({ messages: stored, next: null, earlier: false });
          if (url.startsWith('/api/sessions/s1/jobs')) return json([]);
          return new Response('{}', { status: 404 });
        }),
      );
      await ask(queries);
      await waitFor(() => expect(stored).toHaveLength(1));
      if (how === 'Stop') fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
      else fireEvent.keyDown(screen.getByLabelText('Message'), { key: 'Escape' });
      await waitFor(() => expect(stops).toEqual([`/api/sessions/s1/messages/${stored[0]!.clientMessageId}/stop`]));
      expect(screen.getByLabelText('Working').textContent).toBe('Stopping…');
      expect((screen.getByRole('button', { name: 'Stop' }) as HTMLButtonElement).disabled).toBe(true);
      fireEvent.keyDown(screen.getByLabelText('Message'), { key: 'Escape' }); // asked once
      stopped(new Response());
      const said = (await screen.findByText(/You stopped this answer/)).closest('.message')!;
      expect(said.querySelector('button')?.textContent).toBe('Retry');
      expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull();
      expect(screen.queryByRole('alert')).toBeNull(); // said once, as stored
      expect(stops).toHaveLength(1);
    });
  }
});

describe('chat: an answer from another conversation', () => {
  it('an answer from a newer conversation reads the session again, which moves the tab to it', async () => {
    const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    answerIn(2);
    await ask(queries);
    await waitFor(() => expect(queries.getQueryState(sessionKey('s1'))?.isInvalidated).toBe(true));
  });

  it('an answer in the conversation shown leaves the session as it is', async () => {
    const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    answerIn(1);
    await ask(queries);
    await waitFor(() => expect(screen.queryByLabelText('Working')).toBeNull());
    expect(queries.getQueryState(sessionKey('s1'))?.isInvalidated).toBe(false);
  });
});

describe('chat: a turn whose push this tab missed', () => {
  it('shows when the tab comes back into view: the conversation is read again on focus', async () => {
    const queries = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });
    let reads = 0;
    let messages: Message[] = [];
    serveHistory(() => {
      reads++;
      return { messages, next: null };
    });
    renderChat(queries);
    await waitFor(() => expect(reads).toBe(1));
    // Meanwhile, in another tab: a question and its answer (the push never came).
    messages = [message('user', 1, 'asked elsewhere'), message('assistant', 1, 'Answered elsewhere.')];
    focusManager.setFocused(false);
    focusManager.setFocused(true);
    expect(await screen.findByText('Answered elsewhere.')).toBeTruthy();
    expect(reads).toBe(2);
    focusManager.setFocused(undefined);
  });
});

describe('chat: a slow turn', () => {
  it('read again while the answer is on its way (the tab refocused), the stored question shows once, then the answer', async () => {
    const queries = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });
    let stored: Message[] = [];
    let answer: (response: Response) => void = () => undefined;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
        if (url.startsWith('/api/sessions/s1/messages') && init?.method === 'POST') {
          // The question is stored first; the answer takes a while (a reasoning model).
          const { clientMessageId, text } = JSON.parse(String(init.body)) as { clientMessageId: string; text: string };
          const question = { ...message('user', 1, text), id: 'm2', clientMessageId };
          stored = [question];
          return new Promise<Response>((resolve) => (answer = () => resolve(json({ userMessage: question, reply: { ...message('assistant', 1, 'There are 20 rows.'), id: 'm3' } }))));
        }
        if (url.startsWith('/api/sessions/s1/messages')) return json({ messages: stored, next: null, earlier: false });
        if (url.startsWith('/api/sessions/s1/jobs')) return json([]);
        return new Response('{}', { status: 404 });
      }),
    );
    await ask(queries);
    await waitFor(() => expect(stored).toHaveLength(1));
    focusManager.setFocused(false);
    focusManager.setFocused(true);
    await waitFor(() => expect(screen.getAllByTestId(/^message-/)).toHaveLength(1));
    expect(screen.getAllByText('how many rows')).toHaveLength(1);
    // The seconds waited show from the fifth on (see clock.test.tsx), not at once.
    expect(screen.getByLabelText('Working').textContent).toBe('Working on it…');
    answer(new Response());
    expect(await screen.findByText('There are 20 rows.')).toBeTruthy();
    expect(screen.getAllByText('how many rows')).toHaveLength(1);
    focusManager.setFocused(undefined);
  });
});

describe('chat: a long conversation', () => {
  it('opens at its newest messages; "Show earlier messages" reads a hundred more, until there are none', async () => {
    const queries = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });
    const all = Array.from({ length: 150 }, (_, i) => ({ ...message('user', 1, `question ${i}`), id: `u${String(i).padStart(3, '0')}` }));
    const asked: string[] = [];
    serveHistory((url) => {
      asked.push(url);
      const last = Number(new URL(url, 'http://x').searchParams.get('last'));
      return { messages: all.slice(-last), next: null, earlier: last < all.length };
    });
    renderChat(queries);
    expect(await screen.findByText('question 149')).toBeTruthy();
    expect(screen.queryByText('question 49')).toBeNull();
    expect(asked).toEqual(['/api/sessions/s1/messages?last=100&conversation=1']);
    fireEvent.click(screen.getByRole('button', { name: 'Show earlier messages' }));
    expect(await screen.findByText('question 0')).toBeTruthy();
    expect(screen.getByText('question 149')).toBeTruthy();
    expect(asked.at(-1)).toBe('/api/sessions/s1/messages?last=200&conversation=1');
    expect(screen.queryByRole('button', { name: /earlier messages/ })).toBeNull();
  });

  it('reads back at most the 1,000 newest messages (what the API gives), and says the rest are kept', async () => {
    const queries = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });
    const all = Array.from({ length: 1050 }, (_, i) => ({ ...message('user', 1, `question ${i}`), id: `u${String(i).padStart(4, '0')}` }));
    const asked: number[] = [];
    serveHistory((url) => {
      const last = Number(new URL(url, 'http://x').searchParams.get('last'));
      asked.push(last);
      return { messages: all.slice(-last), next: null, earlier: last < all.length };
    });
    renderChat(queries);
    for (let shown = 100; shown < 1000; shown += 100) {
      fireEvent.click(await screen.findByRole('button', { name: 'Show earlier messages' }));
      await screen.findByText(`question ${1050 - shown - 100}`);
    }
    expect(asked.at(-1)).toBe(1000);
    expect(screen.queryByRole('button', { name: /earlier messages/ })).toBeNull();
    expect(screen.getByText('The 1,000 newest messages are shown; earlier ones are kept.')).toBeTruthy();
  });
});

describe('chat: earlier conversations', () => {
  const named = { conversation: 2, title: 'total Budget by Owner', startedAt: '2026-12-07T14:05:00.000Z' };
  it('can be read back after a new chat, without asking in them; back to the current one', async () => {
    const queries = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });
    serveHistory((url) => {
      const conversation = Number(new URL(url, 'http://x').searchParams.get('conversation'));
      return { messages: [message('user', conversation, `asked in conversation ${conversation}`)], next: null, earlier: false };
    });
    render(
      <QueryClientProvider client={queries}>
        <Chat session={{ ...session, conversation: 3, conversations: [named] }} onCite={() => undefined} />
      </QueryClientProvider>,
    );
    expect(await screen.findByText('asked in conversation 3')).toBeTruthy();
    const picker = screen.getByLabelText('Conversation') as HTMLSelectElement;
    // An earlier conversation is named by when it began and its first question; one closed before they were named, by its number.
    expect([...picker.options].map((o) => o.textContent)).toEqual(['Current', conversationLabel(named), '1 (earlier)']);
    expect(conversationLabel(named, 'en-GB')).toMatch(/^7 Dec, \d\d:05 · total Budget by Owner$/);
    fireEvent.change(picker, { target: { value: '1' } });
    expect(await screen.findByText('asked in conversation 1')).toBeTruthy();
    expect((screen.getByLabelText('Message') as HTMLTextAreaElement).disabled).toBe(true);
    expect(screen.getByRole('status').textContent).toMatch(/earlier conversation/);
    fireEvent.click(screen.getByRole('button', { name: 'Back to the current conversation' }));
    expect(await screen.findByText('asked in conversation 3')).toBeTruthy();
    expect((screen.getByLabelText('Message') as HTMLTextAreaElement).disabled).toBe(false);
  });

  it('offers no picker while there is only one conversation', async () => {
    const queries = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });
    serveHistory(() => ({ messages: [], next: null, earlier: false }));
    renderChat(queries);
    await screen.findByLabelText('Message');
    expect(screen.queryByLabelText('Conversation')).toBeNull();
  });
});

describe('chat: a turn', () => {
  it('a failed turn offers Retry when sending again can help — not when the model refused the question itself, nor once answered since', async () => {
    const queries = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });
    const failedTurn = (n: number, code: string, retryable: boolean): Message[] => [
      { ...message('user', 1, `question ${n}`), id: `u${n}`, clientMessageId: `c${n}` },
      { ...message('assistant', 1, `${code} failure ${n}`), id: `a${n}`, extra: { replyTo: `u${n}`, error: { code, retryable } } } as Message,
    ];
    // Sent again and answered since: its Retry has done its work. A stop is the person's own, not an error.
    const retried = [...failedTurn(3, 'DEPENDENCY_FAILED', true), { ...message('assistant', 1, 'Answered on retry.'), id: 'a3-again', extra: { replyTo: 'u3' } } as Message];
    serveHistory(() => ({ messages: [...failedTurn(1, 'DEPENDENCY_FAILED', true), ...failedTurn(2, 'CONTENT_FILTERED', false), ...retried, ...failedTurn(4, 'STOPPED', true)], next: null, earlier: false }));
    renderChat(queries);
    const down = (await screen.findByText('DEPENDENCY_FAILED failure 1')).closest('.message')!;
    const refused = screen.getByText('CONTENT_FILTERED failure 2').closest('.message')!;
    expect(down.querySelector('button')?.textContent).toBe('Retry');
    expect(refused.querySelector('button')).toBeNull();
    expect(screen.getByText('DEPENDENCY_FAILED failure 3').closest('.message')!.querySelector('button')).toBeNull();
    const stopped = screen.getByText('STOPPED failure 4').closest('.message')!;
    expect([stopped.className, stopped.querySelector('button')?.textContent]).toEqual(['message assistant stopped', 'Retry']);
  });

  it('shows its question and answer from the answer itself, without reading the conversation again', async () => {
    const queries = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });
    let reads = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
        if (url.startsWith('/api/sessions/s1/messages') && init?.method === 'POST') return json({ userMessage: { ...message('user', 1, 'how many rows'), id: 'm2' }, reply: { ...message('assistant', 1, 'There are 20 rows.'), id: 'm3' } });
        if (url.startsWith('/api/sessions/s1/messages')) {
          reads++;
          return json({ messages: [{ ...message('assistant', 1, 'An earlier answer.'), id: 'm1' }], next: null, earlier: false });
        }
        if (url.startsWith('/api/sessions/s1/jobs')) return json([]);
        return new Response('{}', { status: 404 });
      }),
    );
    await ask(queries);
    expect(await screen.findByText('There are 20 rows.')).toBeTruthy();
    await waitFor(() => expect(screen.queryByLabelText('Working')).toBeNull());
    expect(screen.getAllByTestId(/^message-/).map((m) => m.textContent?.trim())).toEqual(['An earlier answer.', 'how many rows', 'There are 20 rows.']);
    expect(reads).toBe(1);
  });
});

describe('chat: exporting an answer', () => {
  it('offers the rows of an answer that listed some as CSV, not of one that found none', async () => {
    const queries = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });
    const listed = (id: string, text: string, cited: number[]): Message => ({ ...message('assistant', 1, text), id, citedRowIds: cited, extra: { steps: [{ tool: 'query_rows', ok: true, args: { filter: { column: 'Status', op: 'eq', value: 'Blocked' } }, detail: `${cited.length} matching rows` }] } });
    serveHistory(() => ({ messages: [listed('a1', 'No rows match.', []), listed('a2', 'Found 2 rows.', [11, 12])], next: null, earlier: false }));
    renderChat(queries);
    await screen.findByText('Found 2 rows.');
    const links = screen.getAllByRole('link', { name: 'Export these rows (CSV)' });
    expect(links).toHaveLength(1);
    expect(links[0]!.closest('[data-testid=message-assistant]')!.textContent).toContain('Found 2 rows.');
  });

  it('an answer that shows fewer rows than it found offers them all in the grid, alone; one showing every row it found does not', async () => {
    const filter = { column: 'Status', op: 'eq', value: 'Blocked' };
    const listed = (id: string, cited: number[], found: number): Message => ({ ...message('assistant', 1, `Found ${found} rows (showing ${cited.length}).`), id, citedRowIds: cited, extra: { steps: [{ tool: 'query_rows', ok: true, args: { filter, limit: 2 }, detail: `${found} matching rows`, found }] } });
    serveConversation([listed('a1', [11, 12], 2), listed('a2', [11, 12], 4)], { '/api/sheets/7/matches?': { sheetVersion: 3, total: 4, rowIds: [11, 12, 13, 14] } });
    const onCite = vi.fn();
    renderChat(new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } }), onCite);
    await screen.findByText('Found 4 rows (showing 2).');
    const buttons = screen.getAllByRole('button', { name: /^Show all/ });
    expect(buttons.map((b) => b.textContent)).toEqual(['Show all 4 in the grid']);
    fireEvent.click(buttons[0]!);
    await waitFor(() => expect(onCite).toHaveBeenCalledWith([11, 12, 13, 14], 11, true, true));
    // The same query as the answer ran (what its CSV exports), not the page it showed.
    const asked = (fetch as unknown as { mock: { calls: [string][] } }).mock.calls.map(([url]) => url).find((url) => url.startsWith('/api/sheets/7/matches'))!;
    expect(JSON.parse(new URL(asked, 'http://x').searchParams.get('filter')!)).toEqual(filter);
    expect(new URL(asked, 'http://x').searchParams.has('limit')).toBe(false);
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('an aggregate over rows ("15 matching rows") offers them all too, by its filter alone; one asking only a highest value does not', async () => {
    const filter = { column: 'Status', op: 'eq', value: 'Blocked' };
    const counted: Message = { ...message('assistant', 1, '**15** matching rows.'), id: 'a1', citedRowIds: [11, 12], extra: { steps: [{ tool: 'aggregate', ok: true, args: { filter, groupBy: ['Owner'], metrics: [{ fn: 'count' }], sort: { by: 'count', direction: 'desc' } }, detail: '3 groups', found: 15 }] } };
    const highest: Message = { ...message('assistant', 1, 'The highest Budget is 49,000.'), id: 'a2', citedRowIds: [13], extra: { steps: [{ tool: 'aggregate', ok: true, args: { metrics: [{ fn: 'max', column: 'Budget' }] }, detail: '1 group' }] } };
    serveConversation([counted, highest], { '/api/sheets/7/matches?': { sheetVersion: 3, total: 15, rowIds: Array.from({ length: 15 }, (_, i) => 11 + i) } });
    const onCite = vi.fn();
    renderChat(new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } }), onCite);
    await screen.findByText('The highest Budget is 49,000.');
    expect(screen.getAllByRole('button', { name: /^Show all/ }).map((b) => b.textContent)).toEqual(['Show all 15 in the grid']);
    expect(screen.getAllByRole('link', { name: 'Export these rows (CSV)' })).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Show all 15 in the grid' }));
    await waitFor(() => expect(onCite).toHaveBeenCalledWith(Array.from({ length: 15 }, (_, i) => 11 + i), 11, true, true));
    const asked = new URL((fetch as unknown as { mock: { calls: [string][] } }).mock.calls.map(([url]) => url).find((url) => url.startsWith('/api/sheets/7/matches'))!, 'http://x');
    expect([JSON.parse(asked.searchParams.get('filter')!), asked.searchParams.has('sort'), asked.searchParams.has('groupBy')]).toEqual([filter, false, false]);
  });

  it('says so when the rows matching now are not the number the answer found (the sheet changed since)', async () => {
    const listed: Message = { ...message('assistant', 1, 'Found 4 rows (showing 2).'), id: 'a1', citedRowIds: [11, 12], extra: { steps: [{ tool: 'query_rows', ok: true, args: { filter: { column: 'Status', op: 'eq', value: 'Blocked' } }, detail: '4 matching rows', found: 4 }] } };
    serveConversation([listed], { '/api/sheets/7/matches?': { sheetVersion: 5, total: 3, rowIds: [11, 12, 14] } });
    const onCite = vi.fn();
    renderChat(new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } }), onCite);
    fireEvent.click(await screen.findByRole('button', { name: 'Show all 4 in the grid' }));
    expect((await screen.findByRole('status')).textContent).toBe('The sheet has changed since this answer: 3 rows match now.');
    expect(onCite).toHaveBeenCalledWith([11, 12, 14], 11, true, true);
  });

  it('a message over the length limit is not sent and says by how much; one the server refuses comes back to the box', async () => {
    const refuse = vi.fn(async (url: string, init?: RequestInit) => {
      const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
      if (url.startsWith('/api/sessions/s1/messages') && init?.method === 'POST') return json({ error: { code: 'BAD_REQUEST', message: 'text: is empty' } }, 400);
      if (url.startsWith('/api/sessions/s1/messages')) return json({ messages: [], next: null });
      if (url.startsWith('/api/sessions/s1/jobs')) return json([]);
      return new Response('{}', { status: 404 });
    });
    vi.stubGlobal('fetch', refuse);
    const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    queries.setQueryData(sessionKey('s1'), session);
    renderChat(queries);
    const box = screen.getByLabelText('Message') as HTMLTextAreaElement;
    const posts = () => refuse.mock.calls.filter(([, init]) => (init as RequestInit | undefined)?.method === 'POST').length;
    fireEvent.change(box, { target: { value: 'x'.repeat(4001) } });
    expect(screen.getByRole('button', { name: 'Send' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByText('1 character too long: a message holds 4,000.')).toBeTruthy();
    fireEvent.keyDown(box, { key: 'Enter' });
    expect([posts(), box.value.length]).toEqual([0, 4001]);
    fireEvent.change(box, { target: { value: 'x'.repeat(3700) } });
    expect(screen.getByText('3,700 of 4,000 characters.')).toBeTruthy();
    // The server refuses it (400: nothing stored): the text is back in the box.
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(posts()).toBe(1));
    await waitFor(() => expect(box.value).toBe('x'.repeat(3700)));
  });
});

describe('chat: a job undone from the chat', () => {
  it('the undo job shows once, under the answer that planned it, not again under the job it undoes', async () => {
    const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const preview = { sample: [], estimate: { rows: 2, modelCalls: 0, promptTokens: 0, smartsheetRequests: 1, seconds: 1 }, summary: 'Put back 2 rows' };
    const base = { sessionId: 's1', sheetId: 7, createdAt: '', updatedAt: '', baseVersion: 3, preview };
    const update = { ...base, id: 'j1', kind: 'update', summary: 'Set Status → Done on 2 rows', status: 'completed', progress: { phase: 'finished', done: 2, total: 2, failed: 0 }, result: { written: 2, failed: 0, skipped: 0, modelCalls: 0, smartsheetRequests: 1 }, undoneBy: 'j2' };
    const undo = { ...base, id: 'j2', kind: 'undo', summary: 'Undo: Set Status → Done on 2 rows', status: 'awaiting_approval', approvalExpiresAt: new Date(Date.now() + 600_000).toISOString(), progress: { phase: 'awaiting_approval', done: 0, total: 2, failed: 0 }, undoes: { jobId: 'j1', kind: 'update' } };
    const asked = (n: number, text: string, jobIds: string[]) => [
      { ...message('user', 1, text), id: `user-${n}` },
      { ...message('assistant', 1, `Planned job ${n}.`), id: `assistant-${n}`, extra: { replyTo: `user-${n}`, jobIds } },
    ];
    serveConversation([...asked(1, 'bulk set Status to Done', ['j1']), ...asked(2, 'undo the last job', ['j2'])], { '/api/jobs/j1': update, '/api/jobs/j2': undo }, [update, undo]);
    renderChat(queries);
    await screen.findByRole('article', { name: 'Job: Set Status → Done on 2 rows' });
    await screen.findByRole('article', { name: 'Job: Undo: Set Status → Done on 2 rows' });
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.getAllByRole('article', { name: 'Job: Undo: Set Status → Done on 2 rows' })).toHaveLength(1);
  });
});

describe('chat: an answer whose rows changed since', () => {
  it('is marked stale and offers to ask again: the same question, as a new message; a stale proposal does not', async () => {
    const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const question = { ...message('user', 1, 'total Budget by Owner'), id: 'user-1', clientMessageId: 'first' };
    const answer = { ...message('assistant', 1, 'The total is 12.'), id: 'assistant-1', stale: true, extra: { replyTo: 'user-1' } };
    const edit = { ...message('user', 1, 'set Priority to Low on row 5'), id: 'user-2' };
    const proposal = { ...message('assistant', 1, 'I have prepared a change.'), id: 'assistant-2', stale: true, extra: { replyTo: 'user-2', changeSetIds: ['cs1'] } };
    const posts = serveConversation([question, answer, edit, proposal]);
    renderChat(queries);
    await waitFor(() => expect(screen.getAllByText('stale')).toHaveLength(2));
    const again = screen.getAllByRole('button', { name: 'Ask again' });
    expect(again).toHaveLength(1); // the stale proposal's card decides for itself
    fireEvent.click(again[0]!);
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toMatchObject({ text: 'total Budget by Owner' });
    expect(posts[0]!.clientMessageId).not.toBe('first');
  });
});

describe('chat: the grid\'s selection', () => {
  const sheet = { id: 7, name: 'Plan', version: 3, permalink: '', modifiedAt: '', columns: [{ id: 5, index: 0, title: 'Status', type: 'TEXT_NUMBER', primary: true, hidden: false, readOnly: false }], rows: [11, 12, 13].map((id, i) => ({ id, rowNumber: i + 3, modifiedAt: '', values: ['x'] })) } as unknown as NonNullable<ChatProps['sheet']>;
  const selection = { rowIds: [11, 12, 13], columnIds: [5] };

  it('goes with the next message typed, once (✕ leaves it out); asked again, a question goes with its own', async () => {
    const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const earlier = { ...message('user', 1, 'total of these'), extra: { selection: { rowIds: [12] } } };
    const answer = { ...message('assistant', 1, 'It is 5.'), stale: true, extra: { replyTo: earlier.id } };
    const posts = serveConversation([earlier, answer]) as { text: string; selection?: unknown }[];
    const { rerender } = render(
      <QueryClientProvider client={queries}>
        <Chat session={session} sheet={sheet} onCite={() => undefined} selection={selection} />
      </QueryClientProvider>,
    );
    expect(screen.getByTestId('selection-chip').textContent).toContain('With your selection: rows 3-5 · Status');
    expect(await screen.findByText('With the selection: row 4')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Message'), { target: { value: 'how many of these are Blocked' } });
    fireEvent.submit(screen.getByLabelText('Message').closest('form')!);
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toMatchObject({ text: 'how many of these are Blocked', selection });
    expect(screen.queryByTestId('selection-chip')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Ask again' }));
    await waitFor(() => expect(posts).toHaveLength(2));
    expect(posts[1]).toMatchObject({ text: 'total of these', selection: { rowIds: [12] } });
    // Another selection is offered again; left out, the next message goes without one.
    rerender(
      <QueryClientProvider client={queries}>
        <Chat session={session} sheet={sheet} onCite={() => undefined} selection={{ rowIds: [11, 12] }} />
      </QueryClientProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Leave the selection out' }));
    expect(screen.queryByTestId('selection-chip')).toBeNull();
    fireEvent.change(screen.getByLabelText('Message'), { target: { value: 'count by Status' } });
    fireEvent.submit(screen.getByLabelText('Message').closest('form')!);
    await waitFor(() => expect(posts).toHaveLength(3));
    expect(posts[2]!.selection).toBeUndefined();
    // More rows than a question can be about (a long Shift+click): the chip says so, and the message goes without them.
    rerender(
      <QueryClientProvider client={queries}>
        <Chat session={session} sheet={sheet} onCite={() => undefined} selection={{ rowIds: Array.from({ length: 2001 }, (_, i) => i + 1) }} />
      </QueryClientProvider>,
    );
    expect(screen.getByTestId('selection-chip').textContent).toContain('Your selection has 2,001 rows; a question can be about at most 2,000, so it goes without them.');
    fireEvent.change(screen.getByLabelText('Message'), { target: { value: 'how many of these are Blocked' } });
    fireEvent.submit(screen.getByLabelText('Message').closest('form')!);
    await waitFor(() => expect(posts).toHaveLength(4));
    expect(posts[3]!.selection).toBeUndefined();
  });
});
