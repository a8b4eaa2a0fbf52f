// The load generator, in its own process so that it does not share the server's event loop:
// runs autocannon for one cell (a warm-up, then the measured run) and sends the result back to the
// runner. Latency percentiles come from every response's time (autocannon reports no p95).
import autocannon from 'autocannon';
import type { LoadJob, LoadResult } from './load';

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN; // no request completed within the cell
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Iterations of the write workload so far (warm-up included): each gets its own day. */
let next = 0;

type Context = Record<string, unknown>;

function requestsOf(job: LoadJob, errors: { graphql: number; sample?: string }): autocannon.Request[] {
  const onResponse = (status: number, body: string): void => {
    if (status === 200 && !body.includes('"errors"')) return;
    errors.graphql++;
    errors.sample ??= `${status} ${body.slice(0, 300)}`;
  };
  if (job.kind === 'fixed') return [{ method: 'POST', body: job.body, onResponse }];
  // propose → confirm: each iteration takes the next pair and the next day (see workloads/7-…).
  const w = job.write;
  return [
    {
      method: 'POST',
      setupRequest: (req, ctx) => {
        const context = ctx as Context;
        const k = next++;
        const [proposer, partner] = w.pairs[k % w.pairs.length];
        const day = new Date(Date.parse(`${w.firstDay}T00:00:00Z`) + (w.dayOffset + k) * 86_400_000).toISOString().slice(0, 10);
        context.partner = partner;
        return {
          ...req,
          body: JSON.stringify({
            query: w.document,
            operationName: 'Propose',
            variables: {
              input: { proposerId: proposer, partnerIds: [partner], kind: 'LETTER_OF_INTENT', areas: ['CULTURE'], validFrom: day, validTo: day, note: w.note },
            },
          }),
        };
      },
      onResponse: (status, body, ctx) => {
        const context = ctx as Context;
        onResponse(status, body);
        const id = /"proposePartnership":\{"id":"([0-9a-f-]{36})"/.exec(body)?.[1];
        context.partnershipId = id ?? '00000000-0000-7000-8000-000000000000';
      },
    },
    {
      method: 'POST',
      setupRequest: (req, ctx) => ({
        ...req,
        body: JSON.stringify({
          query: w.document,
          operationName: 'Confirm',
          variables: { input: { partnershipId: (ctx as Context).partnershipId, institutionId: (ctx as Context).partner } },
        }),
      }),
      onResponse,
    },
  ];
}

async function run(job: LoadJob, durationSec: number, measure: boolean): Promise<LoadResult> {
  const errors = { graphql: 0, sample: undefined as string | undefined };
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: job.url,
        connections: job.connections,
        duration: durationSec,
        headers: { 'content-type': 'application/json', ...job.headers },
        requests: requestsOf(job, errors),
        timeout: 60,
      },
      (error, done) => (error ? reject(error as Error) : resolve(done)),
    );
    if (measure) instance.on('response', (_client, _status, _bytes, time) => times.push(time));
  });
  const sorted = Float64Array.from(times).sort();
  const seconds = result.duration;
  return {
    requests: result.requests.total,
    rps: result.requests.total / seconds,
    latencyMs: {
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      mean: sorted.length ? sorted.reduce((s, t) => s + t, 0) / sorted.length : NaN,
      max: sorted.at(-1) ?? NaN,
    },
    bytesPerRequest: result.throughput.total / Math.max(1, result.requests.total),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    graphqlErrors: errors.graphql,
    errorSample: errors.sample,
    durationSec: seconds,
  };
}

// When the runner goes away (Ctrl-C), stop generating load.
process.on('disconnect', () => process.exit(0));

process.on('message', (job: LoadJob) => {
  void (async () => {
    try {
      const warmup = job.warmupSec > 0 ? await run(job, job.warmupSec, false) : undefined;
      const result = await run(job, job.durationSec, true);
      process.send?.({ ok: true, result: { ...result, warmupRequests: warmup?.requests ?? 0, iterations: next } });
    } catch (e) {
      process.send?.({ ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  })();
});
