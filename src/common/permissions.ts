// Who may call what, declared on every operation and enforced in one place.
//
// How to declare a new field's permission: put one of these decorators next to its @Query,
// @Mutation or @FieldResolver:
//   @Public()                       anyone, the public included (no runtime check: hot public fields pay nothing)
//   @SignedIn()                     any signed-in caller; the service takes the data-dependent decision
//   @Allow([Role.ADMIN], 'reason')  only these roles; others get FORBIDDEN "<field>: reason"
//   @StaffOnly()                    (casework, access/personal.ts) staff of an institution, for person-level data
// A field whose class you cannot edit is declared with `declarePermission(Class, 'method', Public())`
// before the schema is built. The declaration is copied onto the built schema's field
// (`extensions.permission`), where test/common/permissions.test.ts checks that every root field has one.
// Enforcement is `permissionChecker`, the authChecker of every subgraph (common/federation.ts):
// type-graphql runs it before the resolver (and before argument validation) on declared fields only.
// A @Mutation also declares its transaction, next to its permission (common/transaction.ts):
//   @Mutation(() => Grant)
//   @Allow([Role.ADMIN], 'only an admin may record grants')
//   @Transaction()
// The permission is checked first: a refused caller opens no transaction.
import { Authorized, Extensions, type AuthCheckerFn } from 'type-graphql';
import { deny, requireSignedIn, Role, type Caller } from './auth';

export interface Permission {
  /** Roles allowed through; `public` lets everyone in without a check. */
  readonly roles: 'public' | readonly Role[];
  /** Throws the refusal (UNAUTHENTICATED for the public, FORBIDDEN otherwise) for `field`. */
  readonly refuse: (caller: Caller, field: string) => never;
}

const SIGNED_IN = Object.values(Role).filter((r) => r !== Role.PUBLIC);

/** The registry's wording: "<field> requires a signed-in caller …", then "<field>: <why>". */
const refuseWith =
  (why: string) =>
  (caller: Caller, field: string): never => {
    requireSignedIn(caller, field);
    deny(field, why);
  };

const PUBLIC: Permission = {
  roles: 'public',
  refuse: () => {
    throw new Error('a public field refuses nobody');
  },
};

/** A permission as a method decorator: metadata for the test, `@Authorized` for the checker. */
export function permissionDecorator(permission: Permission): MethodDecorator {
  return (target, key, descriptor) => {
    Extensions({ permission })(target, key, descriptor);
    // Public fields get no middleware: type-graphql wraps only fields with roles.
    if (permission.roles !== 'public') Authorized<Permission>(permission)(target, key, descriptor);
  };
}

export const Public = (): MethodDecorator => permissionDecorator(PUBLIC);

export const SignedIn = (): MethodDecorator => permissionDecorator({ roles: SIGNED_IN, refuse: refuseWith('sign in') });

export const Allow = (roles: readonly Role[], why: string): MethodDecorator => permissionDecorator({ roles, refuse: refuseWith(why) });

/** Declares a permission on a resolver method from outside its class (before the schema is built). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function declarePermission(resolverClass: Function, method: string, decorator: MethodDecorator): void {
  const prototype = resolverClass.prototype as object;
  const descriptor = Object.getOwnPropertyDescriptor(prototype, method);
  if (!descriptor) throw new Error(`${resolverClass.name} has no method ${method}`);
  decorator(prototype, method, descriptor);
}

/** The one enforcement point: type-graphql calls it for every field declared with roles. */
export const permissionChecker: AuthCheckerFn<{ caller: Caller }, Permission> = ({ context, info }, permissions) => {
  for (const permission of permissions) {
    if (permission.roles === 'public') continue;
    if (!permission.roles.includes(context.caller.role)) permission.refuse(context.caller, info.fieldName);
  }
  return true;
};

/** The declaration of a built schema's field, if any (copied there by buildFederatedSchema). */
export const permissionOf = (field: { extensions?: Readonly<Record<string, unknown>> | null }): Permission | undefined =>
  field.extensions?.permission as Permission | undefined;
