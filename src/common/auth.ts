// Callers and their roles. Tokens are JWTs verified with jose: the algorithm is pinned (HS256),
// issuer and audience are checked, and the role's required claims must be present.
import { isUuid } from './ids';
import { jwtVerify, SignJWT, errors as joseErrors, type JWTPayload } from 'jose';
import { registerEnumType } from 'type-graphql';
import { forbidden, rejectedCredentials, unauthenticated } from './errors';

export enum Role {
  PUBLIC = 'PUBLIC',
  INSTITUTION_STAFF = 'INSTITUTION_STAFF',
  REGIONAL_COORDINATOR = 'REGIONAL_COORDINATOR',
  RESEARCHER = 'RESEARCHER',
  ADMIN = 'ADMIN',
}
registerEnumType(Role, { name: 'Role' });

export interface Caller {
  role: Role;
  /** Token subject (a user id in the identity provider); absent for the public. */
  subject?: string;
  /** The institution a staff member works for. */
  institutionId?: string;
  /** The voivodeship (TERYT code) a regional coordinator is responsible for. */
  voivodeship?: string;
}

export const PUBLIC_CALLER: Caller = Object.freeze({ role: Role.PUBLIC });

export interface JwtSettings {
  secret: Uint8Array;
  issuer: string;
  audience: string;
  /** Longest accepted lifetime, hours (JWT_MAX_LIFETIME_HOURS; default 24): exp − iat, and the age since iat. */
  maxLifetimeHours?: number;
}

const DEFAULT_MAX_LIFETIME_HOURS = 24;

const ALGORITHM = 'HS256';

/** Reads the caller from an `Authorization: Bearer …` header; no header means the public. */
export async function callerFromAuthorization(header: string | undefined, jwt: JwtSettings): Promise<Caller> {
  if (!header) return PUBLIC_CALLER;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw rejectedCredentials('Authorization header must be "Bearer <token>"');
  return verifyToken(match[1], jwt);
}

const parseRole = (value: unknown): Role | undefined => Object.values(Role).find((r) => r === value);

async function verifyToken(token: string, jwt: JwtSettings, allowPublic = false): Promise<Caller> {
  let payload: JWTPayload;
  const maxLifetime = jwt.maxLifetimeHours ?? DEFAULT_MAX_LIFETIME_HOURS;
  try {
    ({ payload } = await jwtVerify(token, jwt.secret, {
      algorithms: [ALGORITHM],
      issuer: jwt.issuer,
      audience: jwt.audience,
      requiredClaims: ['sub', 'exp', 'iat'],
      maxTokenAge: `${Math.round(maxLifetime * 3600)}s`,
      clockTolerance: 30,
    }));
  } catch (e) {
    const reason =
      e instanceof joseErrors.JWTExpired
        ? 'token expired'
        : e instanceof joseErrors.JWTClaimValidationFailed && e.claim === 'iat'
          ? e.reason === 'missing'
            ? 'token has no "iat" (issued at) claim'
            : `token issued in the future or more than ${maxLifetime} h ago`
          : e instanceof joseErrors.JOSEError
            ? e.code
            : 'invalid token';
    throw rejectedCredentials(`invalid token: ${reason}`);
  }
  // A token valid for decades is a standing credential: its whole lifetime is capped too.
  if (typeof payload.exp === 'number' && typeof payload.iat === 'number' && payload.exp - payload.iat > maxLifetime * 3600) {
    throw rejectedCredentials(`invalid token: lifetime (exp − iat) over ${maxLifetime} h`);
  }
  const role = parseRole(payload.role);
  if (!role || (role === Role.PUBLIC && !allowPublic)) throw rejectedCredentials('invalid token: unknown role');
  const caller: Caller = { role, subject: payload.sub };
  if (role === Role.PUBLIC) return PUBLIC_CALLER;
  if (role === Role.INSTITUTION_STAFF) {
    if (typeof payload.institution !== 'string' || !isUuid(payload.institution)) {
      throw rejectedCredentials('invalid token: INSTITUTION_STAFF needs an "institution" claim (uuid)');
    }
    caller.institutionId = payload.institution;
  }
  if (role === Role.REGIONAL_COORDINATOR) {
    if (typeof payload.voivodeship !== 'string' || !/^\d{2}$/.test(payload.voivodeship)) {
      throw rejectedCredentials('invalid token: REGIONAL_COORDINATOR needs a "voivodeship" claim (2-digit TERYT code)');
    }
    caller.voivodeship = payload.voivodeship;
  }
  return caller;
}

/** The one claims builder: the caller's role and scope (institution, voivodeship) as a signed JWT; `verifyToken` reads them back. */
function signCaller(caller: Caller, subject: string, jwt: JwtSettings, expiresIn: string): Promise<string> {
  const claims: Record<string, string> = { role: caller.role };
  if (caller.institutionId) claims.institution = caller.institutionId;
  if (caller.voivodeship) claims.voivodeship = caller.voivodeship;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: ALGORITHM })
    .setSubject(subject)
    .setIssuer(jwt.issuer)
    .setAudience(jwt.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(jwt.secret);
}

export function issueToken(caller: Omit<Caller, 'subject'> & { subject: string }, jwt: JwtSettings, expiresIn = '12h'): Promise<string> {
  return signCaller(caller, caller.subject, jwt, expiresIn);
}

/** Mutations need a signed-in caller; the message says which roles may do it. */
export function requireSignedIn(caller: Caller, action: string): void {
  if (caller.role === Role.PUBLIC) throw unauthenticated(`${action} requires a signed-in caller (Authorization: Bearer <token>)`);
}

export function deny(action: string, why: string): never {
  throw forbidden(`${action}: ${why}`);
}

/**
 * Identity forwarded by the gateway to subgraphs: a short-lived JWT under a key only the gateway
 * and the subgraphs hold, in the `x-ksr-caller` header. A client that sets the header itself
 * cannot sign it, so subgraphs trust nothing else.
 */
export const CALLER_HEADER = 'x-ksr-caller';
const INTERNAL = { issuer: 'ksr-gateway', audience: 'ksr-subgraphs' };

export function issueForwardedIdentity(caller: Caller, subgraphSecret: Uint8Array): Promise<string> {
  return signCaller(caller, caller.subject ?? 'public', { secret: subgraphSecret, ...INTERNAL }, '60s');
}

/** The caller of a subgraph request; without a valid forwarded identity the request is refused. */
export async function callerFromGateway(header: string | string[] | undefined, subgraphSecret: Uint8Array): Promise<Caller> {
  if (typeof header !== 'string' || header === '') throw rejectedCredentials(`subgraph requests must carry the gateway's ${CALLER_HEADER} identity`);
  const caller = await verifyToken(header, { secret: subgraphSecret, ...INTERNAL }, true).catch(() => {
    throw rejectedCredentials(`invalid ${CALLER_HEADER} identity`);
  });
  return caller;
}
