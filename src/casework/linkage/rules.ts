// class-validator rules for person-level input. Their messages are constant: a rejected value is
// never echoed (it may be a PESEL).
import { registerDecorator, type ValidationOptions } from 'class-validator';
import { redactPersonalNumbers } from '../../common/redaction';
import { PESEL_RULE, readPesel } from './pesel';

function rule(name: string, test: (value: unknown) => boolean, message: string) {
  return (options?: ValidationOptions) =>
    (target: object, propertyName: string): void => {
      registerDecorator({ name, target: target.constructor, propertyName, options: { message, ...options }, validator: { validate: test } });
    };
}

export const IsPesel = rule('isPesel', (v) => readPesel(v) !== null, PESEL_RULE);

/**
 * Any 11-digit run could be a PESEL: free text must not carry one, in any spelling the PESEL
 * reader accepts ("900615 01101", fullwidth digits…), which is what the redaction catches.
 */
export const containsPersonalNumber = (text: string): boolean => /(?<!\d)\d{11}(?!\d)/.test(text) || redactPersonalNumbers(text) !== text;

const FREE_TEXT_RULE = 'must not contain an 11-digit number (a PESEL or other personal number)';

export const IsFreeOfPersonalNumbers = rule(
  'isFreeOfPersonalNumbers',
  (v) =>
    v == null ||
    (typeof v === 'string' && !containsPersonalNumber(v)) ||
    (Array.isArray(v) && v.every((s) => typeof s === 'string' && !containsPersonalNumber(s))),
  FREE_TEXT_RULE,
);
