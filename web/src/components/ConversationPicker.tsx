import type { SessionView } from '../api';

type Closed = NonNullable<SessionView['conversations']>[number];

/** "Dec 7, 14:05 · total Budget by Owner": when a conversation began and its first question. */
export function conversationLabel(closed: Closed, locale?: string): string {
  const when = new Date(closed.startedAt).toLocaleString(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return `${when} · ${closed.title}`;
}

/**
 * After a new chat: which of the session's conversations to show (the current one, or an earlier one read back).
 * Earlier ones are named by when they began and their first question; one closed before they were named, by its number.
 */
export function ConversationPicker({ current, named = [], shown, onRead }: { current: number; named?: SessionView['conversations']; shown: number; onRead(conversation: number | undefined): void }) {
  if (current <= 1) return null;
  const byNumber = new Map(named.map((c) => [c.conversation, c]));
  return (
    <div className="conversations">
      <label>
        Conversation{' '}
        <select value={shown} onChange={(e) => onRead(Number(e.target.value))}>
          {Array.from({ length: current }, (_, i) => current - i).map((n) => {
            const closed = byNumber.get(n);
            return (
              <option key={n} value={n} title={closed?.title}>
                {n === current ? 'Current' : closed ? conversationLabel(closed) : `${n} (earlier)`}
              </option>
            );
          })}
        </select>
      </label>
      {shown !== current && (
        <button type="button" onClick={() => onRead(undefined)}>
          Back to the current conversation
        </button>
      )}
    </div>
  );
}
