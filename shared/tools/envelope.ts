/** The one result shape every tool returns; the model always sees failures. */
export type ToolResult<T = unknown> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; retryable: boolean } };

export const ok = <T>(data: T): ToolResult<T> => ({ ok: true, data });

export const fail = (code: string, message: string, retryable = false): ToolResult<never> => ({ ok: false, error: { code, message, retryable } });
