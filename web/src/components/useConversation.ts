import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type SessionView } from '../api';
import { messagesKey } from '../realtime';

/** Messages a conversation opens with (its newest); "Show earlier messages" adds as many again, up to SHOWN_MAX (the API's most). */
export const SHOWN = 100;
export const SHOWN_MAX = 1000;

/**
 * The conversation a chat shows and its newest messages: the session's current one, or an earlier one read back
 * (until a new one begins); a hundred messages more each time the reader asks for earlier ones.
 */
export function useConversation(session: SessionView, enabled: boolean) {
  const [reading, setReading] = useState<{ current: number; conversation: number } | undefined>();
  const conversation = reading?.current === session.conversation ? reading.conversation : session.conversation;
  const key = [...messagesKey(session.sessionId), conversation];
  const [shown, setShown] = useState({ conversation, last: SHOWN });
  const last = shown.conversation === conversation ? shown.last : SHOWN;
  // Read again when the tab comes back into view: a turn taken in another tab whose push this one missed shows then.
  const history = useQuery({
    queryKey: [...key, last],
    queryFn: () => api.messages(session.sessionId, conversation, last),
    enabled,
    refetchOnWindowFocus: true,
    // Showing earlier messages keeps these on screen while the longer read runs.
    placeholderData: (previous, query) => (query?.queryKey[1] === session.sessionId && query.queryKey[2] === conversation ? previous : undefined),
  });
  return {
    conversation,
    /** An earlier conversation is shown (read only). */
    earlierOne: conversation !== session.conversation,
    /** The query key of every window of the conversation shown. */
    key,
    history,
    last,
    read: (n: number | undefined) => setReading(n === undefined ? undefined : { current: session.conversation, conversation: n }),
    showEarlier: () => setShown({ conversation, last: Math.min(last + SHOWN, SHOWN_MAX) }),
  };
}
