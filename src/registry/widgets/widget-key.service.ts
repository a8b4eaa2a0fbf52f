// Widget keys: created by an admin, or by a regional coordinator within their voivodeship; shown
// once, stored as a SHA-256, listed and revoked. `findWidgetKey` is what the widget endpoint
// (widget-endpoint.ts) checks every request against.
import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { deny, requireSignedIn, Role, type Caller } from '../../common/auth';
import type { RequestContext } from '../../common/context';
import { badInput, notFound } from '../../common/errors';
import { Network } from '../networks/network.entities';
import { networkById } from '../networks/network.service';
import { Voivodeship } from '../places/place.entities';
import { CreatedWidgetKey, WidgetKey } from './widget-key.entities';
import type { CreateWidgetKeyInput } from './widget-key.inputs';

/** `ksrw_` and 32 random bytes (base64url): unguessable, so a plain SHA-256 is a sound stored form. */
const SECRET_PREFIX = 'ksrw_';

const hashSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/** `https://Example.pl/` → `https://example.pl`; anything but a bare http(s) origin is refused. */
function normalizeOrigin(value: string, field: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw badInput(field, `"${value.slice(0, 100)}" is not an origin (scheme://host[:port])`);
  }
  const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !bare) {
    throw badInput(field, `"${value.slice(0, 100)}" is not an origin: give only scheme://host[:port], e.g. https://rpw.example.pl`);
  }
  return url.origin;
}

/** The voivodeship a key's scope lies in (a network's own, or the voivodeship itself). */
async function scopeVoivodeship(ctx: RequestContext, key: Pick<WidgetKey, 'network' | 'voivodeship'>): Promise<string | null> {
  if (key.voivodeship) return key.voivodeship.code;
  if (!key.network) return null;
  const network = await networkById(ctx, key.network.id);
  return network?.voivodeship?.code ?? null;
}

function mayManage(caller: Caller, voivodeship: string | null): boolean {
  return caller.role === Role.ADMIN || (caller.role === Role.REGIONAL_COORDINATOR && voivodeship !== null && caller.voivodeship === voivodeship);
}

export async function createWidgetKey(ctx: RequestContext, input: CreateWidgetKeyInput): Promise<CreatedWidgetKey> {
  requireSignedIn(ctx.caller, 'createWidgetKey');
  if ((input.networkId == null) === (input.voivodeship == null)) throw badInput('input.networkId', 'give exactly one scope: networkId or voivodeship');
  let voivodeship: string | null = input.voivodeship ?? null;
  if (input.networkId) {
    const network = await networkById(ctx, input.networkId);
    if (!network) throw notFound('network', input.networkId, 'input.networkId');
    voivodeship = network.voivodeship?.code ?? null;
  } else if (voivodeship && !(await ctx.em.findOne(Voivodeship, { code: voivodeship }))) {
    throw badInput('input.voivodeship', `no voivodeship with TERYT code ${voivodeship}`);
  }
  if (!mayManage(ctx.caller, voivodeship))
    deny('createWidgetKey', 'only an admin, or a regional coordinator for a network or voivodeship of their own voivodeship, may create a widget key');
  const origins = [...new Set(input.allowedOrigins.map((o, i) => normalizeOrigin(o, `input.allowedOrigins.${i}`)))];
  const secret = SECRET_PREFIX + randomBytes(32).toString('base64url');
  const key = ctx.em.create(WidgetKey, {
    name: input.name.trim(),
    network: input.networkId ? ctx.em.getReference(Network, input.networkId, { wrapped: true }) : null,
    voivodeship: input.networkId ? null : ctx.em.getReference(Voivodeship, voivodeship!, { wrapped: true }),
    allowedOrigins: origins,
    allowedWidgets: [...new Set(input.allowedWidgets)],
    secretHash: hashSecret(secret),
    prefix: secret.slice(0, SECRET_PREFIX.length + 6),
    createdBy: ctx.caller.subject ?? null,
  });
  await ctx.em.flush();
  return { key, secret };
}

/** An admin sees every key; a regional coordinator those scoped within their voivodeship. */
export async function listWidgetKeys(ctx: RequestContext, includeRevoked: boolean): Promise<WidgetKey[]> {
  const where = includeRevoked ? {} : { revokedAt: null };
  const keys = await ctx.em.find(WidgetKey, where, { orderBy: { createdAt: 'asc', id: 'asc' } });
  if (ctx.caller.role === Role.ADMIN) return keys;
  const mine: WidgetKey[] = [];
  for (const key of keys) if (mayManage(ctx.caller, await scopeVoivodeship(ctx, key))) mine.push(key);
  return mine;
}

export async function revokeWidgetKey(ctx: RequestContext, id: string): Promise<WidgetKey> {
  requireSignedIn(ctx.caller, 'revokeWidgetKey');
  const key = await ctx.em.findOne(WidgetKey, { id });
  if (!key) throw notFound('widget key', id);
  if (!mayManage(ctx.caller, await scopeVoivodeship(ctx, key)))
    deny('revokeWidgetKey', 'only an admin, or the regional coordinator of its voivodeship, may revoke a widget key');
  key.revokedAt ??= new Date();
  await ctx.em.flush();
  return key;
}

export interface StoredWidgetKey {
  id: string;
  name: string;
  networkId: string | null;
  voivodeship: string | null;
  allowedOrigins: string[];
  allowedWidgets: string[];
  revokedAt: Date | null;
}

/** The key a widget request presents, revoked or not; undefined when no key has this secret. */
export async function findWidgetKey(em: EntityManager, secret: string): Promise<StoredWidgetKey | undefined> {
  const rows = await em.getConnection().execute<
    {
      id: string;
      name: string;
      network_id: string | null;
      voivodeship_code: string | null;
      allowed_origins: string[];
      allowed_widgets: string | string[];
      revoked_at: Date | string | null;
    }[]
  >(
    `select k.id, k.name, k.network_id, coalesce(k.voivodeship_code, n.voivodeship_code) as voivodeship_code, k.allowed_origins, k.allowed_widgets::text[] as allowed_widgets, k.revoked_at
       from widget_key k left join network n on n.id = k.network_id where k.secret_hash = ?`,
    [hashSecret(secret)],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    networkId: row.network_id,
    voivodeship: row.voivodeship_code,
    allowedOrigins: row.allowed_origins,
    allowedWidgets: Array.isArray(row.allowed_widgets) ? row.allowed_widgets : [],
    // The driver may hand timestamptz over as text.
    revokedAt: row.revoked_at ? new Date(row.revoked_at) : null,
  };
}
