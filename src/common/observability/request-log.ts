// One log line and one metrics sample per request. The request id is the W3C traceparent's
// trace id, else a well-formed X-Request-Id, else a new UUID; it is sent back as X-Request-Id and
// carried (AsyncLocalStorage) onto every line logged while the request is served.
import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type express from 'express';
import { currentRequest, requestStore, type Logger, type RequestRecord } from './logger';
import { recordRequest } from './metrics';

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function requestIdOf(headers: express.Request['headers']): string {
  const trace = typeof headers.traceparent === 'string' ? TRACEPARENT.exec(headers.traceparent.trim()) : null;
  // An all-zero trace id is invalid by the W3C spec.
  if (trace && !/^0+$/.test(trace[1])) return trace[1];
  const given = headers['x-request-id'];
  if (typeof given === 'string' && REQUEST_ID.test(given)) return given;
  return randomUUID();
}

/** Probes and scrapes are not requests of a client: no line for them. */
const QUIET = new Set(['/livez', '/readyz', '/health', '/metrics']);

/** The request's record, made by requestLog (undefined on routes it skips). */
export const requestRecord = (res: express.Response): RequestRecord | undefined => res.locals.request as RequestRecord | undefined;

/**
 * First in the chain: names the request, and logs it when its response is done (or the client
 * went away). Only the path is logged, never the query string (a GET's variables may be personal).
 */
export function requestLog(log: () => Logger): express.RequestHandler {
  return (req, res, next) => {
    if (QUIET.has(req.path)) return next();
    const record: RequestRecord = { requestId: requestIdOf(req.headers) };
    // Captured now: routers mounted on a path rewrite req.path.
    const path = req.path;
    res.locals.request = record;
    res.set('x-request-id', record.requestId);
    const start = process.hrtime.bigint();
    let logged = false;
    const done = (): void => {
      if (logged) return;
      logged = true;
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const status = res.headersSent ? res.statusCode : 499;
      const outcome = record.outcome ?? (status < 400 ? 'OK' : `HTTP_${status}`);
      if (record.operationName !== undefined || path.endsWith('/graphql')) recordRequest(record.operationName, outcome, seconds);
      log().info(
        {
          requestId: record.requestId,
          method: req.method,
          path,
          status,
          operationName: record.operationName,
          durationMs: Math.round(seconds * 10_000) / 10,
          cost: record.cost,
          clientClass: record.clientClass,
          outcome,
        },
        'request',
      );
    };
    res.once('finish', done);
    res.once('close', done);
    next();
  };
}

/**
 * After the body is parsed (body-parser's stream events would lose the async context): the rest
 * of the request runs with its record as the current one.
 */
export const withRequestContext: express.RequestHandler = (_req, res, next) => {
  const record = requestRecord(res);
  if (!record) return next();
  requestStore.run(record, next);
};

/** Fills the record from Apollo: the operation's name and the response's outcome code. */
export function requestRecordPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    // eslint-disable-next-line @typescript-eslint/require-await
    async requestDidStart({ request }) {
      const record = currentRequest();
      if (record && request.operationName) record.operationName = request.operationName;
      return {
        // eslint-disable-next-line @typescript-eslint/require-await
        async didResolveOperation({ operationName }) {
          if (record && operationName) record.operationName = operationName;
        },
        // eslint-disable-next-line @typescript-eslint/require-await
        async willSendResponse({ response }) {
          if (!record) return;
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const code = errors?.[0]?.extensions?.code;
          record.outcome = errors?.length ? (typeof code === 'string' ? code : 'ERROR') : 'OK';
        },
      };
    },
  };
}
