// Whose budget a request spends: a signed-in caller's own (by role and token subject), a widget
// key's (the hook the widgets work plugs into), or, for the public, the client's address (behind a
// proxy only when TRUST_PROXY names it: Express's `trust proxy`, so X-Forwarded-For is read only
// from proxies trusted to set it).
import { Role, type Caller } from '../auth';
import type { Client, ClientClass } from './budgets';

/**
 * Recognises a widget's key among a public request's headers and returns the widget's id, or
 * undefined (not a widget request). The widgets work supplies it (verifying the key it issued);
 * until then no request is a widget's.
 */
export type WidgetKeyHook = (headers: Headers) => string | undefined;

/** A request's headers by lower-case name (Apollo's HeaderMap). */
export interface Headers {
  get(name: string): string | undefined;
}

const CLASS_OF_ROLE: Record<Exclude<Role, Role.PUBLIC>, ClientClass> = {
  [Role.INSTITUTION_STAFF]: 'institutionStaff',
  [Role.REGIONAL_COORDINATOR]: 'regionalCoordinator',
  [Role.RESEARCHER]: 'researcher',
  [Role.ADMIN]: 'admin',
};

/**
 * The request's client address, kept on the context (serveGraphQL's context factory) under a
 * symbol: Apollo Server hands plugins a shallow copy of the context, which copies it along.
 */
const ADDRESS = Symbol('clientAddress');

export function rememberAddress<C extends object>(context: C, address: string | undefined): C {
  return Object.assign(context, { [ADDRESS]: address ?? 'unknown' });
}

export function identifyClient(context: unknown, headers: Headers, widgetKey?: WidgetKeyHook): Client {
  const caller = typeof context === 'object' && context !== null ? (context as { caller?: Caller }).caller : undefined;
  if (caller && caller.role !== Role.PUBLIC) return { class: CLASS_OF_ROLE[caller.role], id: `${caller.role}:${caller.subject ?? 'unknown'}` };
  const widget = widgetKey?.(headers);
  if (widget !== undefined) return { class: 'widget', id: `widget:${widget}` };
  const address = typeof context === 'object' && context !== null ? (context as { [ADDRESS]?: string })[ADDRESS] : undefined;
  return { class: 'anonymous', id: `ip:${addressKey(address ?? 'unknown')}` };
}

/**
 * IPv4 clients on a dual-stack socket appear as ::ffff:a.b.c.d: one client, one budget. An IPv6
 * client is its /64 (one subscriber's prefix: rotating addresses within it spends one budget).
 */
export function addressKey(address: string): string {
  const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (!plain.includes(':')) return plain;
  const [head, tail] = plain.split('%')[0].split('::') as [string, string?];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
