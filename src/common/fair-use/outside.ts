// Charging requests that Apollo does not run: a widget's stored document (its own endpoint) and a
// request refused before its context exists (a bad token: 401). They spend the same budgets and
// answer the same headers as a GraphQL request.
import type { Budgets, Client } from './budgets';
import { budgetHeaders, noteCharge, retryAfterSeconds } from './plugin';

export interface OutsideCharge {
  admitted: boolean;
  headers: [string, string][];
  /** When not admitted: the refusal's message and when to retry. */
  message?: string;
  retryAfterSeconds?: number;
}

export async function chargeOutside(budgets: Budgets, client: Client, points: number): Promise<OutsideCharge> {
  const admission = await budgets.take(client, points);
  const headers = budgetHeaders(admission, client, budgets.windowSeconds);
  noteCharge(client, admission.admitted ? points : 0, !admission.admitted);
  if (admission.admitted) return { admitted: true, headers };
  const seconds = retryAfterSeconds(admission);
  return {
    admitted: false,
    headers: [...headers, ['retry-after', String(seconds)]],
    retryAfterSeconds: seconds,
    message: `Cost budget exhausted: this request costs ${points} points and ${admission.remaining} of ${admission.limit} are left until ${new Date(admission.resetAt).toISOString()}; retry after ${seconds} s`,
  };
}

/** The widget endpoint's budget hook: each key spends its own "widget" budget, with the same headers. */
export function widgetAdmission(budgets: Budgets) {
  return async (caller: { keyId: string }, points: number, res: { set(name: string, value: string): unknown }) => {
    const charge = await chargeOutside(budgets, { class: 'widget', id: `widget:${caller.keyId}` }, points);
    for (const [name, value] of charge.headers) res.set(name, value);
    return charge.admitted
      ? undefined
      : { status: 429, code: 'THROTTLED', message: charge.message ?? 'Cost budget exhausted', retryAfterSeconds: charge.retryAfterSeconds };
  };
}
