import axios, { type AxiosError } from 'axios';
import * as smartsheet from 'smartsheet';
// The SDK's own requestor, given our axios instance so network errors keep their cause.
import { create as createRequestor } from 'smartsheet/dist/lib/utils/httpRequestor.js';

/** The SDK calls the adapter makes (the SDK's own typings are looser than this). */
export interface SdkClient {
  sheets: {
    listSheets(options: object): Promise<{ data: unknown[] }>;
    getSheet(options: object): Promise<unknown>;
    getSheetVersion(options: object): Promise<{ version: number }>;
    getColumns(options: object): Promise<{ data: unknown[] }>;
    addColumn(options: object): Promise<{ result: unknown; version: number }>;
    updateColumn(options: object): Promise<{ result: unknown; version: number }>;
    deleteColumn(options: object): Promise<{ version: number }>;
    sortRowsInSheet(options: object): Promise<{ version: number }>;
    addRows(options: object): Promise<BulkResponse>;
    updateRow(options: object): Promise<BulkResponse>;
    deleteRows(options: object): Promise<{ result: number[]; version: number }>;
    moveRowToAnotherSheet(options: object): Promise<RowTransferResponse>;
    getDiscussions(options: object): Promise<{ data: unknown[]; totalPages?: number }>;
    getRowDiscussions(options: object): Promise<{ data: unknown[]; totalPages?: number }>;
    getCellHistory(options: object): Promise<{ data: unknown[]; totalPages?: number }>;
    createRowDiscussion(options: object): Promise<{ result: { id: number; comments?: { id: number }[] } }>;
    createDiscussion(options: object): Promise<{ result: { id: number; comments?: { id: number }[] } }>;
    addDiscussionComment(options: object): Promise<{ result: { id: number } }>;
    deleteComment(options: object): Promise<unknown>;
    editComment(options: object): Promise<unknown>;
    copyRowToAnotherSheet(options: object): Promise<RowTransferResponse>;
  };
  webhooks: {
    createWebhook(options: object): Promise<{ result: unknown }>;
    updateWebhook(options: object): Promise<{ result: unknown }>;
    listWebhooks(options: object): Promise<{ data: unknown[] }>;
    deleteWebhook(options: object): Promise<unknown>;
  };
}

/** Smartsheet's CopyOrMoveRowResult: each row's id in the destination sheet. */
export interface RowTransferResponse {
  destinationSheetId: number;
  rowMappings?: { from: number; to: number }[];
}

export interface BulkResponse {
  message: string;
  result: { id: number }[] | { id: number };
  version: number;
  failedItems?: { index: number; rowId?: number; error: { errorCode: number; message: string } }[];
}

export const NETWORK_ERROR_CODE = -1;

/**
 * An SDK client whose HTTP goes through our axios instance, with `headers` on every request. A request that never
 * got a response (refused, reset, timed out) gets a synthetic response carrying the
 * cause, so the SDK reports `{statusCode: 599, errorCode: -1, message}` instead of `{}`.
 */
export function createSdkClient(baseUrl: string, accessToken: string, headers: Record<string, string> = {}): SdkClient {
  // Sent with every request (the SDK adds its own per call).
  const http = axios.create({ headers });
  http.interceptors.response.use(undefined, (error: AxiosError) => {
    if (!error.response) {
      (error as { response?: unknown }).response = {
        status: 599,
        headers: { 'content-type': 'application/json' },
        data: { errorCode: NETWORK_ERROR_CODE, message: `Network error reaching Smartsheet: ${error.code ?? ''} ${error.message}`.trim() },
      };
    }
    return Promise.reject(error);
  });
  const requestor = createRequestor({ request: http, calcRetryBackoff: () => -1 });
  return smartsheet.createClient({ accessToken, baseUrl, requestor } as never) as unknown as SdkClient;
}
