// Where /metrics is served: on its own listener (METRICS_PORT, on METRICS_HOST, 127.0.0.1 by
// default), or on the API's port behind a bearer token (METRICS_TOKEN), or, with neither, on the
// API's port to loopback clients only. Operation names and pool sizes are not public.
import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import express from 'express';
import { metricsContentType, metricsText } from './metrics';

export interface MetricsExposure {
  port?: number;
  host?: string;
  token?: string;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** `token` undefined: loopback only on the API's port, anyone on a port of its own. */
function allowed(req: express.Request, token: string | undefined, ownPort: boolean): boolean {
  if (token === undefined) return ownPort || LOOPBACK.test(req.socket.remoteAddress ?? '');
  const given = Buffer.from(req.headers.authorization ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function handler(token: string | undefined, ownPort: boolean, log: (message: string) => void): express.RequestHandler {
  return (req, res) => {
    if (!allowed(req, token, ownPort)) {
      res
        .status(token === undefined ? 403 : 401)
        .set('cache-control', 'no-store')
        .json({
          errors: [
            {
              message:
                token === undefined
                  ? 'metrics are served to loopback clients only (set METRICS_TOKEN or METRICS_PORT)'
                  : 'metrics need the METRICS_TOKEN bearer token',
              extensions: { code: token === undefined ? 'FORBIDDEN' : 'UNAUTHENTICATED' },
            },
          ],
        });
      return;
    }
    metricsText().then(
      (text) => res.status(200).set('content-type', metricsContentType).set('cache-control', 'no-store').send(text),
      (e: unknown) => {
        log(`metrics could not be collected: ${e instanceof Error ? e.name : typeof e}`);
        res.status(500).end();
      },
    );
  };
}

/** Mounts /metrics on `app`, or starts its own listener (returned, to be closed with the server). */
export async function metricsRoute(app: express.Express, exposure: MetricsExposure, log: (message: string) => void): Promise<http.Server | undefined> {
  if (exposure.port === undefined) {
    app.get('/metrics', handler(exposure.token, false, log));
    return undefined;
  }
  const own = express();
  // On its own port every client that reaches it may read (the port is the protection), unless a token is set too.
  own.get('/metrics', handler(exposure.token, true, log));
  const server = http.createServer(own);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(exposure.port, exposure.host ?? '127.0.0.1', resolve);
  });
  return server;
}
