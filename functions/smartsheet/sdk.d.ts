declare module 'smartsheet/dist/lib/utils/httpRequestor.js' {
  export function create(config: { request?: unknown; calcRetryBackoff?: (retries: number, error: unknown) => number }): unknown;
}
