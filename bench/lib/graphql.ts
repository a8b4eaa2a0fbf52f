// One GraphQL request as the bench sends it: the workload's committed document and variables,
// POSTed as JSON. Shared by the runner (run.ts) and the response capture (responses.ts), so both
// send the very same bytes.
import type { Workload } from '../workloads';

export const graphqlBody = (w: Workload): string => JSON.stringify({ query: w.document, variables: w.variables });

export async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string; json: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) };
}
