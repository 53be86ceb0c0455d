import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { DurableClient } from 'durable-functions';

/**
 * The trigger's durable client, made on first use: a chat turn can start a change-set
 * approval or a job, but most turns start neither, and making the client (binding
 * parse, HTTP client) on every request is measurable work.
 */
export function durableClient(context: InvocationContext): () => DurableClient {
  let client: DurableClient | undefined;
  return () => (client ??= df.getClient(context));
}
