/**
 * The public adapter contract: the only module an adapter imports from the core.
 */
export * from './adapter.js';
export * from './conversation-detail.js';
export * from './exchange.js';
export * from './imported-copies.js';
export * from './adapter-module.js';
export * from './binding-schema.js';
export * from './mapping-helpers.js';
export * from './monitor.js';
export * from './push-down-filters.js';
export * from './row.js';
export * from './simulator.js';
export * from './vendor-events.js';
