declare module '*.css';
declare module 'virtual:readme-examples' {
  /** The README's ```graphql blocks, in order (scripts/build-web.mjs). */
  export const EXAMPLES: { title: string; query: string }[];
}
/** Hashed file names of Monaco's workers (scripts/build-web.mjs). */
declare const __KSR_WORKERS__: Record<'editor.worker' | 'json.worker' | 'graphql.worker', string>;
