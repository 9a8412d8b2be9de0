/** The UI ↔ core contract: the only part of native-bridge the renderer may import. */
export * from './domain.js';
export * from './alarm-types.js';
export * from './alarm-methods.js';
export * from './history-methods.js';
export * from './ml-methods.js';
export * from './sync-methods.js';
export * from './method.js';
export * from './methods.js';
export * from './events.js';
export * from './call-errors.js';
export * from './call-timeouts.js';
export * from './envelope.js';
export * from './call-adapter.js';
export * from './schema-check.js';
export * from './pending-calls.js';
export * from './station-api.js';
export * from './station-bridge.js';
