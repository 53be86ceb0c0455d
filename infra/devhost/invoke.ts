import { randomUUID } from 'node:crypto';
import type { CoreApi, RegisteredFunction } from './core-api.js';
import type {
  CoreInvocationContext,
  RpcInvocationResponse,
  RpcParameterBinding,
  RpcTraceContext,
  RpcTypedData,
} from './core-types.js';
import { toLevel, type Logger } from './logger.js';

export interface InvocationInput {
  /** The trigger's data plus any extra inputs, as the host sends them over RPC. */
  inputData: RpcParameterBinding[];
  triggerMetadata?: Record<string, RpcTypedData>;
  traceContext?: RpcTraceContext;
  retryContext?: { retryCount: number; maxRetryCount: number };
  invocationId?: string;
}

/**
 * Runs one invocation the way the worker does: the programming model the app
 * registered builds the context and arguments from RPC data, runs the handler
 * between the pre/post invocation hooks, and converts the result back to RPC.
 */
export async function invokeFunction(
  core: CoreApi,
  fn: RegisteredFunction,
  input: InvocationInput,
  logger: Logger,
): Promise<RpcInvocationResponse> {
  const model = core.programmingModel;
  if (!model) throw new Error('No programming model registered.');
  const invocationId = input.invocationId ?? randomUUID();
  const traceId = input.traceContext?.traceParent?.split('-')[1];
  const log = logger.child({ source: 'function', function: fn.name, invocationId, traceId });
  const coreContext: CoreInvocationContext = {
    invocationId,
    metadata: fn.metadata,
    request: {
      invocationId,
      functionId: fn.name,
      inputData: input.inputData,
      triggerMetadata: input.triggerMetadata ?? {},
      traceContext: input.traceContext,
      retryContext: input.retryContext,
    },
    log: (level, category, message) => log.log(toLevel(level), message, { source: category === 'user' ? 'function' : 'system' }),
  };
  const invocationModel = model.getInvocationModel(coreContext);
  const { context, inputs } = await invocationModel.getArguments();
  const appHookData = {};
  const pre: Record<string, unknown> = { invocationContext: context, inputs, functionCallback: fn.handler, hookData: {}, appHookData };
  coreContext.state = 'preInvocationHooks';
  await core.runHooks('preInvocation', pre);
  coreContext.state = 'invocation';
  let result: unknown;
  let error: unknown;
  try {
    result = await invocationModel.invokeFunction(context, pre.inputs as unknown[], pre.functionCallback as typeof fn.handler);
  } catch (thrown) {
    error = thrown;
  }
  const post: Record<string, unknown> = { ...pre, result, error };
  coreContext.state = 'postInvocationHooks';
  await core.runHooks('postInvocation', post);
  if (post.error) throw post.error;
  return invocationModel.getResponse(context, post.result);
}
