import { randomBytes } from 'node:crypto';
import type { SmartsheetError } from '../../shared/sheet/smartsheet-json.js';

/** A Smartsheet API error: HTTP status plus the documented errorCode and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: number,
    message: string,
    readonly detail?: unknown,
  ) {
    super(message);
  }

  toJSON(): SmartsheetError {
    const body: SmartsheetError = { errorCode: this.errorCode, message: this.message, refId: randomBytes(6).toString('hex') };
    if (this.detail !== undefined) body.detail = this.detail;
    return body;
  }
}

export const errors = {
  missingToken: () => new ApiError(401, 1001, 'An Access Token is required.'),
  invalidToken: () => new ApiError(401, 1002, 'Your Access Token is invalid.'),
  forbidden: () => new ApiError(403, 1004, 'You are not authorized to perform this action.'),
  lockedColumn: (columnId: number) => new ApiError(403, 1039, `Cannot edit a locked column ${columnId}.`),
  lockedRow: () => new ApiError(403, 1050, 'You cannot edit a locked row.'),
  lockedSort: () => new ApiError(400, 1223, 'Sort sheet with locked row.'),
  lockedDelete: () => new ApiError(403, 1092, 'You cannot delete this row. Either it or one or more of its children are locked.'),
  notFound: (what = 'Not Found') => new ApiError(404, 1006, what),
  parse: (detail?: string) => new ApiError(400, 1008, `Unable to parse request.${detail ? ` ${detail}` : ''}`),
  missingAttribute: (name: string, detail?: unknown) => new ApiError(400, 1012, `Required object attribute(s) are missing from your request: ${name}.`, detail),
  badColumn: (columnId: unknown, detail?: unknown) => new ApiError(400, 1036, `The columnId ${String(columnId)} is invalid.`, detail),
  typeViolation: (message: string, detail?: unknown) => new ApiError(400, 1042, message, detail),
  badSheet: (sheetId: unknown) => new ApiError(404, 1114, `Invalid sheetId: ${String(sheetId)}.`),
  invalidRequest: (message: string, detail?: unknown) => new ApiError(400, 1012, message, detail),
  rateLimited: () => new ApiError(429, 4003, 'Rate limit exceeded.'),
  concurrentUpdate: () => new ApiError(500, 4004, 'Request failed because sheetId {0} is currently being updated by another request that uses the same access token. Please retry your request once the previous request has completed.'),
  unexpected: () => new ApiError(500, 4000, 'An unexpected error has occurred. Please contact the Support team for assistance.'),
  maintenance: () => new ApiError(503, 4001, 'Smartsheet.com is currently offline for system maintenance. Please check back again shortly.'),
  timeout: () => new ApiError(500, 4002, 'Server timeout exceeded. Request has failed.'),
};
