/** Stored document ids by widget (scripts/build-widgets.mjs, from src/registry/widgets/documents.ts). */
declare const __KSR_DOCUMENTS__: Record<'members' | 'partners' | 'network' | 'counts', string>;
