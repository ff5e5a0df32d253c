/**
 * The pure statistics shared by the API and the web (SPEC §3, §4.3): no I/O, no Node-only imports.
 * One import path for callers; each file holds one topic.
 */
export * from './distributions.ts';
export * from './funnel.ts';
export * from './intervals.ts';
export * from './suppression.ts';
