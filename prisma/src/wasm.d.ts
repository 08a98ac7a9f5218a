// The few WebAssembly APIs the schema-engine loader uses. Node provides them globally, but
// @types/node 20 leaves them to lib.dom, which server code does not include.
declare namespace WebAssembly {
  type Exports = Record<string, unknown>;
  type ModuleImports = Record<string, unknown>;
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, ModuleImports>);
    readonly exports: Exports;
  }
}
