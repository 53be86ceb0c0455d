import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from './api';

/** What `api.sheets()` throws when the server answers `status` with `body`. */
async function refusal(status: number, body: string, contentType = 'text/html'): Promise<ApiError> {
  vi.stubGlobal('fetch', vi.fn(async () => new Response(body, { status, headers: { 'content-type': contentType } })));
  const error = await api.sheets().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('api errors', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("says what a refusal by Static Web Apps itself means (a page, not the API's JSON)", async () => {
    expect((await refusal(403, '<!DOCTYPE html><html>Forbidden</html>')).message).toBe('Your account has not been given access to ChatSheetAI: ask whoever runs it here to invite you.');
    expect((await refusal(401, '<html>Unauthorized</html>')).message).toBe('You are not signed in: sign in to use ChatSheetAI.');
    expect(await refusal(502, '')).toMatchObject({ status: 502, code: 'HTTP', message: 'The server answered 502.' });
  });

  it("keeps the API's own error: its code and words", async () => {
    const ours = await refusal(403, JSON.stringify({ error: { code: 'FORBIDDEN', message: 'The app may only view this sheet.' } }), 'application/json');
    expect([ours.status, ours.code, ours.message]).toEqual([403, 'FORBIDDEN', 'The app may only view this sheet.']);
  });
});
