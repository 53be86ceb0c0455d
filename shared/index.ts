/**
 * Code shared by the browser and the functions: contracts (zod schemas), the
 * sheet model, the query engine and the tool catalogue. No Node built-ins and
 * no SDK imports here (tests/architecture.test.ts enforces it).
 */
export * from './sheet/smartsheet-json.js';
export * from './sheet/values.js';
export * from './sheet/model.js';
