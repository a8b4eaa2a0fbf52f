// Input validation: class-validator rules (with checksum rules from validate-polish, a maintained
// implementation of the official PESEL/REGON/NIP algorithms) and the type-graphql hook that turns
// the first failure into a BAD_USER_INPUT error naming the field.
import { registerDecorator, validate, type ValidationError, type ValidationOptions } from 'class-validator';
import { validatePolish } from 'validate-polish';
import { getMetadataStorage, type ResolverData } from 'type-graphql';
import { badInput } from './errors';

function rule(name: string, test: (value: string) => boolean, message: string) {
  return (options?: ValidationOptions) =>
    (target: object, propertyName: string): void => {
      registerDecorator({
        name,
        target: target.constructor,
        propertyName,
        options: { message, ...options },
        validator: { validate: (value: unknown) => value == null || (typeof value === 'string' && test(value)) },
      });
    };
}

export const IsKrs = rule('isKrs', (v) => /^\d{10}$/.test(v), 'must be 10 digits (KRS number)');
export const IsRegon = rule(
  'isRegon',
  (v) => /^(\d{9}|\d{14})$/.test(v) && validatePolish.regon(v),
  'must be a valid REGON (9 or 14 digits with a correct checksum)',
);
export const IsNip = rule('isNip', (v) => /^\d{10}$/.test(v) && validatePolish.nip(v), 'must be a valid NIP (10 digits with a correct checksum)');
export const IsPostalCode = rule('isPostalCode', (v) => /^\d{2}-\d{3}$/.test(v), 'must be a Polish postal code NN-NNN');
export const IsMunicipalityCode = rule(
  'isMunicipalityCode',
  (v) => /^\d{6}[123]$/.test(v),
  'must be a 7-digit TERYT municipality code WWPPGGR (R = 1, 2 or 3)',
);
export const IsVoivodeshipCode = rule('isVoivodeshipCode', (v) => /^\d{2}$/.test(v), 'must be a 2-digit TERYT voivodeship code');
export const IsCountyCode = rule('isCountyCode', (v) => /^\d{4}$/.test(v), 'must be a 4-digit TERYT county code');

function firstFailure(errors: ValidationError[], path: string[] = []): { field: string; reason: string } | null {
  for (const error of errors) {
    const here = [...path, error.property];
    if (error.constraints) {
      const reason = Object.values(error.constraints)[0];
      return { field: here.join('.'), reason: reason.replace(new RegExp(`^${error.property} `), '') };
    }
    const nested = firstFailure(error.children ?? [], here);
    if (nested) return nested;
  }
  return null;
}

/**
 * Where a failure's field path starts, so it names the field as the services do ("input.regon"):
 * the argument's name for an input-object argument; nothing for an @Args class, whose properties
 * are argument names already ("first", "filter.voivodeship").
 */
function argumentPath(argType: unknown, data: ResolverData | undefined): string[] {
  if (!data || getMetadataStorage().argumentTypes.some((t) => t.target === argType)) return [];
  const objectArgs = Object.entries(data.args ?? {}).filter(([, value]) => value !== null && typeof value === 'object');
  return objectArgs.length === 1 ? [objectArgs[0][0]] : [];
}

/** type-graphql `validateFn`: validates input objects, reports the first failure by field path. */
export async function validateInput(argValue: unknown, argType?: unknown, data?: ResolverData): Promise<void> {
  if (argValue === null || typeof argValue !== 'object') return;
  const values = Array.isArray(argValue) ? argValue : [argValue];
  for (const value of values) {
    if (value === null || typeof value !== 'object') continue;
    const errors = await validate(value as object, { forbidUnknownValues: false, skipMissingProperties: false });
    const failure = firstFailure(errors, argumentPath(argType, data));
    if (failure) throw badInput(failure.field, failure.reason);
  }
}
