/** After a new chat: which of the session's conversations to show (the current one, or an earlier one read back). */
export function ConversationPicker({ current, shown, onRead }: { current: number; shown: number; onRead(conversation: number | undefined): void }) {
  if (current <= 1) return null;
  return (
    <div className="conversations">
      <label>
        Conversation{' '}
        <select value={shown} onChange={(e) => onRead(Number(e.target.value))}>
          {Array.from({ length: current }, (_, i) => current - i).map((n) => (
            <option key={n} value={n}>
              {n === current ? `${n} (current)` : `${n} (earlier)`}
            </option>
          ))}
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
