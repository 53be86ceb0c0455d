import type {
  FunctionCallback,
  FunctionMetadata,
  HookCallback,
  HookName,
  ProgrammingModel,
  RpcBindingInfo,
  RpcLogCategory,
  RpcLogLevel,
} from './core-types.js';

export interface RegisteredFunction {
  name: string;
  metadata: FunctionMetadata;
  handler: FunctionCallback;
  triggerName: string;
  trigger: RpcBindingInfo;
}

class Disposable {
  #dispose?: () => void;
  constructor(dispose: () => void) {
    this.#dispose = dispose;
  }
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((item) => item.dispose()));
  }
  dispose(): void {
    this.#dispose?.();
    this.#dispose = undefined;
  }
}

type SystemLog = (level: RpcLogLevel, category: RpcLogCategory, message: string) => void;

/**
 * What the Azure worker provides as `@azure/functions-core`: the functions
 * libraries hand it every registration, the programming model and hooks.
 */
export class CoreApi {
  readonly version = '3.10.1';
  readonly hostVersion = '4.0.0-devhost';
  readonly Disposable = Disposable;
  readonly functions = new Map<string, RegisteredFunction>();
  readonly hooks = new Map<HookName, Set<HookCallback>>();
  programmingModel?: ProgrammingModel;
  systemLog: SystemLog = () => undefined;

  registerFunction = (metadata: FunctionMetadata, handler: FunctionCallback): Disposable => {
    const entry = Object.entries(metadata.bindings).find(([, binding]) => /trigger$/i.test(binding.type));
    if (!entry) throw new Error(`Function "${metadata.name}" has no trigger binding.`);
    if (this.functions.has(metadata.name)) throw new Error(`A function named "${metadata.name}" is already registered.`);
    const [triggerName, trigger] = entry;
    this.functions.set(metadata.name, { name: metadata.name, metadata, handler, triggerName, trigger });
    return new Disposable(() => this.functions.delete(metadata.name));
  };

  setProgrammingModel = (model: ProgrammingModel): void => {
    this.programmingModel = model;
  };

  getProgrammingModel = (): ProgrammingModel | undefined => this.programmingModel;

  registerHook = (name: HookName, callback: HookCallback): Disposable => {
    const set = this.hooks.get(name) ?? new Set<HookCallback>();
    this.hooks.set(name, set);
    set.add(callback);
    return new Disposable(() => set.delete(callback));
  };

  log = (level: RpcLogLevel, category: RpcLogCategory, message: string): void => this.systemLog(level, category, message);

  async runHooks(name: HookName, context: Record<string, unknown>): Promise<void> {
    for (const hook of this.hooks.get(name) ?? []) await hook(context);
  }
}
