import type { MessageStore, StoredMessage } from '../storage/stores.port.js';

/** Messages read per store call while walking a conversation. */
const PAGE = 1000;

export interface TailOptions {
  conversation: number;
  /** How many of the newest messages to return. */
  last: number;
  /** Where the session's turns start reading (its history skip point): the newest few hundred messages lie after it. */
  startAfter?: string;
}

/**
 * The newest messages of a conversation — what a chat shows, however long the conversation — and whether older
 * ones exist (`earlier`). Table Storage only reads forward, so the tail is read from the session's history skip
 * point when that holds enough of it (the common case: at most a few hundred messages), else from the
 * conversation's start, keeping only the last `last` as it goes.
 */
export async function conversationTail(store: MessageStore, sessionId: string, options: TailOptions): Promise<{ messages: StoredMessage[]; earlier: boolean }> {
  if (options.startAfter) {
    const range = await readTail(store, sessionId, options, options.startAfter);
    // More than asked for after the skip point (as usual: a skip leaves HISTORY_KEEP messages after it).
    if (range.count > options.last) return { messages: range.messages, earlier: true };
    // Else the conversation may have begun before the skip point: read it from its start if so.
    const [first] = await store.list(sessionId, { conversation: options.conversation, limit: 1 });
    if (!first || (range.messages[0] && first.id >= range.messages[0].id)) return { messages: range.messages, earlier: false };
  }
  const range = await readTail(store, sessionId, options, undefined);
  return { messages: range.messages, earlier: range.count > range.messages.length };
}

/** The last `last` of the conversation's messages after `after`, oldest first, and how many there were. */
async function readTail(store: MessageStore, sessionId: string, options: TailOptions, after: string | undefined): Promise<{ messages: StoredMessage[]; count: number }> {
  let kept: StoredMessage[] = [];
  let count = 0;
  for (let cursor = after; ; ) {
    const page = await store.list(sessionId, { conversation: options.conversation, limit: PAGE, ...(cursor ? { after: cursor } : {}) });
    kept.push(...page);
    count += page.length;
    if (kept.length > options.last) kept = kept.slice(-options.last);
    if (page.length < PAGE) return { messages: kept, count };
    cursor = page.at(-1)!.id;
  }
}
