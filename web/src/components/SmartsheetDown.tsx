/**
 * While Smartsheet does not answer for the sheet: what the person is looking at (the last snapshot, read-only)
 * and what still works. The session says so (GET /api/sessions/{id} → `smartsheet`); it goes when Smartsheet is back.
 */
export function SmartsheetDown({ since, reason, version }: { since: string; reason: string; version: number }) {
  const at = new Date(since);
  const time = Number.isNaN(at.getTime()) ? since : at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return (
    <div role="status" className="banner offline" data-testid="smartsheet-down" title={reason}>
      <strong>Smartsheet is not answering</strong> (since {time}). You are seeing version {version} as last loaded, read-only: questions are
      answered from it; edits and approvals wait until Smartsheet is back.
    </div>
  );
}
