import { NETWORK_ERROR_CODE } from './smartsheet-client.adapter.js';
import { SmartsheetError } from './smartsheet.port.js';

/** What the Smartsheet SDK rejects with, read as one error of ours: its status, whether to retry, and words for people. */

interface SdkError {
  statusCode?: number;
  errorCode?: number;
  message?: string;
  detail?: unknown;
}

const RETRYABLE_CODES = new Set([4000, 4001, 4002, 4003, 4004, NETWORK_ERROR_CODE]);

/** Normalises whatever the SDK rejected with; nothing is lost, nothing leaks the token. */
export function toSmartsheetError(raw: unknown, what: string): SmartsheetError {
  if (raw instanceof SmartsheetError) return raw;
  const e = (raw ?? {}) as SdkError;
  if (e.statusCode === undefined && e.errorCode === undefined) {
    const cause = raw instanceof Error ? raw.message : 'no detail from the SDK';
    return new SmartsheetError(`Smartsheet ${what} failed: ${cause}`, 503, undefined, true);
  }
  const status = e.statusCode ?? 500;
  const code = e.errorCode;
  const retryable = status === 429 || status >= 500 || (code !== undefined && RETRYABLE_CODES.has(code));
  const httpStatus = code === 1006 || code === 1114 || status === 404 ? 404 : status === 400 ? 400 : status === 403 ? 403 : 503;
  const label = code === NETWORK_ERROR_CODE ? '' : ` (Smartsheet error ${code ?? status})`;
  return new SmartsheetError(`Smartsheet ${what} failed: ${e.message ?? 'no message'}${label}`, httpStatus, code, retryable, e.detail);
}
