// Escaping for XML attribute values and text (characters XML 1.0 forbids are dropped).
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export const xml = (value: string | number | boolean): string =>
  String(value)
    .replace(FORBIDDEN, '')
    .replace(/[&<>"']/g, (c) => ENTITIES[c]);

/** ` name="value"` for each attribute that has a value. */
export const attributes = (attrs: Record<string, string | number | boolean | null | undefined>): string =>
  Object.entries(attrs)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => ` ${k}="${xml(v as string | number | boolean)}"`)
    .join('');
