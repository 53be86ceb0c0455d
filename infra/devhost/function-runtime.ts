import { randomBytes } from 'node:crypto';
import type { CoreApi, RegisteredFunction } from './core-api.js';
import type { RpcInvocationResponse, RpcParameterBinding, RpcTraceContext, RpcTypedData } from './core-types.js';
import { invokeFunction } from './invoke.js';
import type { Logger } from './logger.js';

/** Supplies the data of an extra input binding (e.g. durableClient) for one invocation. */
export type InputProvider = (fn: RegisteredFunction, bindingName: string) => RpcTypedData | Promise<RpcTypedData>;

export interface TriggerInvocation {
  data: RpcTypedData;
  triggerMetadata?: Record<string, RpcTypedData>;
  traceParent?: string;
  retryContext?: { retryCount: number; maxRetryCount: number };
  invocationId?: string;
}

const traceParentPattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/** Accepts a valid W3C traceparent or starts a new trace. */
export function traceContextFrom(traceParent: string | undefined): RpcTraceContext {
  const valid = traceParent && traceParentPattern.test(traceParent) && !/^00-0{32}-/.test(traceParent);
  return {
    traceParent: valid ? traceParent : `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`,
    traceState: '',
    attributes: {},
  };
}

/** Invokes registered functions with their trigger data plus every extra input the host provides. */
export class FunctionRuntime {
  readonly inputProviders = new Map<string, InputProvider>();

  constructor(
    readonly core: CoreApi,
    readonly logger: Logger,
  ) {}

  get functions(): RegisteredFunction[] {
    return [...this.core.functions.values()];
  }

  find(name: string): RegisteredFunction | undefined {
    return this.core.functions.get(name);
  }

  async invoke(fn: RegisteredFunction, trigger: TriggerInvocation): Promise<RpcInvocationResponse> {
    const inputData: RpcParameterBinding[] = [{ name: fn.triggerName, data: trigger.data }];
    for (const [name, binding] of Object.entries(fn.metadata.bindings)) {
      if (name === fn.triggerName || binding.direction !== 'in') continue;
      const provide = this.inputProviders.get(binding.type);
      if (!provide) throw new Error(`Function "${fn.name}": the dev host has no provider for input binding type "${binding.type}".`);
      inputData.push({ name, data: await provide(fn, name) });
    }
    return invokeFunction(
      this.core,
      fn,
      {
        inputData,
        triggerMetadata: trigger.triggerMetadata,
        traceContext: traceContextFrom(trigger.traceParent),
        retryContext: trigger.retryContext,
        invocationId: trigger.invocationId,
      },
      this.logger,
    );
  }
}
