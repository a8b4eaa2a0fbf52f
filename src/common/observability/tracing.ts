// OpenTelemetry tracing, off by default (TRACING=otlp turns it on). One server span per HTTP
// request (continuing the caller's W3C traceparent), under it @apollo/gateway's own spans
// (gateway.request, gateway.plan, gateway.fetch per subgraph fetch), and one span per SQL
// statement. Spans carry no personal data: a statement's span names its operation and database,
// never its text or parameters; a request's span its method, route and status.
import { context, propagation, SpanKind, SpanStatusCode, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type express from 'express';

export interface TracingSettings {
  /** "off" (default) or "otlp": export spans over OTLP/HTTP (OTEL_EXPORTER_OTLP_ENDPOINT or …_TRACES_ENDPOINT). */
  exporter: 'off' | 'otlp';
  serviceName: string;
}

export function tracingSettings(env: NodeJS.ProcessEnv): TracingSettings {
  const exporter = (env.TRACING?.trim() || 'off').toLowerCase();
  if (exporter !== 'off' && exporter !== 'otlp') throw new Error(`TRACING: expected off or otlp, got "${env.TRACING}"`);
  return { exporter, serviceName: env.OTEL_SERVICE_NAME?.trim() || 'ksr-api' };
}

let provider: NodeTracerProvider | undefined;

/** Registers the global tracer provider once per process; a no-op when tracing is off. */
export function startTracing(settings: TracingSettings): void {
  if (settings.exporter === 'off' || provider) return;
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName }),
    // The exporter reads OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT and _HEADERS itself.
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter(), { scheduledDelayMillis: 500 })],
  });
  // Also the AsyncLocalStorage context manager and the W3C trace-context propagator.
  provider.register();
}

/** Sends the spans still buffered (at shutdown). */
export async function stopTracing(): Promise<void> {
  const p = provider;
  provider = undefined;
  await p?.shutdown().catch(() => undefined);
}

const tracer = (): Tracer => trace.getTracer('ksr-api');
const tracingOn = (): boolean => provider !== undefined;

/** The request's server span, continuing the caller's traceparent; the rest of the chain runs in it. */
export function traceRequests(): express.RequestHandler {
  return (req, res, next) => {
    if (!tracingOn()) return next();
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer().startSpan(
      `${req.method} ${req.path === '/graphql' || req.path.startsWith('/widgets') ? req.path : 'other'}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': req.path } },
      parent,
    );
    res.on('close', () => {
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}

/** Adds the active trace context to outgoing headers (the gateway's subgraph fetches). */
export function injectTraceContext(set: (name: string, value: string) => void): void {
  if (!tracingOn()) return;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  for (const [name, value] of Object.entries(carrier)) set(name, value);
}

const OPERATIONS = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'WITH', 'BEGIN', 'COMMIT', 'ROLLBACK', 'SAVEPOINT', 'RELEASE', 'SET', 'CALL', 'LOCK']);

/** A span for one SQL statement, under whatever span is active when it starts. */
export function startStatementSpan(database: string, sql: string | undefined): Span | undefined {
  if (!tracingOn()) return undefined;
  // The statement's first keyword only (MikroORM sends everything as knex raw statements).
  const keyword = /^\s*\(?\s*([a-z]+)/i.exec(sql ?? '')?.[1]?.toUpperCase() ?? '';
  const operation = OPERATIONS.has(keyword) ? keyword : 'QUERY';
  const active: Context = context.active();
  return tracer().startSpan(
    `${operation} ${database}`,
    { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql', 'db.namespace': database, 'db.operation.name': operation } },
    active,
  );
}
