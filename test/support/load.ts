// Client load for the operational tests: a connection per request (node:http, no keep-alive), so
// a request is either refused by a closed server or accepted and answered; every outcome is kept
// with its start and end time.
import http from 'node:http';

export interface Outcome {
  started: number;
  ended: number;
  status?: number;
  code?: string;
  /** Network error (ECONNREFUSED, ECONNRESET, …) when no response came. */
  error?: string;
  body?: string;
}

export function post(url: string, body: string, headers: Record<string, string> = {}): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        let code: string | undefined;
        try {
          code = (JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code;
        } catch {
          code = 'NOT_JSON';
        }
        resolve({ started, ended: Date.now(), status: res.statusCode, code, body: text });
      });
      res.on('error', (e: NodeJS.ErrnoException) => resolve({ started, ended: Date.now(), error: e.code ?? e.message }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ started, ended: Date.now(), error: e.code ?? e.message }));
    req.end(body);
  });
}

export interface Load {
  outcomes: Outcome[];
  /** Stops issuing requests and waits for those in flight. */
  stop(): Promise<Outcome[]>;
}

/** `clients` loops, each sending `body()` to `url` one after another until stopped. */
export function startLoad(url: string, clients: number, body: (i: number) => string, headers: Record<string, string> = {}, pauseMs = 0): Load {
  const outcomes: Outcome[] = [];
  let running = true;
  let n = 0;
  const loops = Array.from({ length: clients }, async () => {
    while (running) {
      outcomes.push(await post(url, body(n++), headers));
      if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
    }
  });
  return {
    outcomes,
    async stop() {
      running = false;
      await Promise.all(loops);
      return outcomes;
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
