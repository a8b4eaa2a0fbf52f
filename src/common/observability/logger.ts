// Structured logs (pino): JSON lines in production, human-readable in development. Every line
// written while a request is served carries its request id (AsyncLocalStorage, request-log.ts),
// so an error logged deep in a resolver is found next to its request's line.
// What may be logged: ids, names of operations, durations, costs, codes, and errors described by
// describeInternalError (class, SQLSTATE, constraint names, stack frames). Never a request body,
// a variable, an SQL parameter or a message that may quote input.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogSettings {
  level: LogLevel;
  /** JSON lines (default) or pino-pretty's text (development). */
  format: 'json' | 'pretty';
}

/** What a request's log line is made of, filled in as the request goes (request-log.ts, the plugins). */
export interface RequestRecord {
  requestId: string;
  operationName?: string;
  /** The first error's extensions.code, or "OK". */
  outcome?: string;
  /** Actual cost charged (fair-use). */
  cost?: number;
  clientClass?: string;
}

export const requestStore = new AsyncLocalStorage<RequestRecord>();

/** The request being served, if any (for plugins that add to its log line and metrics). */
export const currentRequest = (): RequestRecord | undefined => requestStore.getStore();

function prettyStream(): DestinationStream | undefined {
  try {
    // A development dependency: a production install without it logs JSON.
    const pretty = createRequire(__filename)('pino-pretty') as (options: object) => DestinationStream;
    return pretty({ sync: true, colorize: process.stdout.isTTY, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
  } catch {
    return undefined;
  }
}

export function createLogger(settings: LogSettings, destination?: DestinationStream): Logger {
  const stream = destination ?? (settings.format === 'pretty' ? prettyStream() : undefined) ?? pino.destination({ dest: 1, sync: true });
  return pino(
    {
      level: settings.level,
      base: { pid: process.pid },
      // The request id of the request being served, on every line written while serving it.
      mixin: () => {
        const request = requestStore.getStore();
        return request ? { requestId: request.requestId } : {};
      },
      // Bodies, headers and SQL never reach a log through an object either.
      redact: { paths: ['req.body', 'req.headers.authorization', 'variables', 'sql', 'bindings', 'params'], remove: true },
    },
    stream,
  );
}

/** LOG_LEVEL and LOG_FORMAT (config.ts): pretty by default on a terminal outside production. */
export function logSettings(env: NodeJS.ProcessEnv, isTerminal = process.stdout.isTTY === true): LogSettings {
  const level = (env.LOG_LEVEL?.trim() || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(level)) throw new Error(`LOG_LEVEL: expected one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  const format = env.LOG_FORMAT?.trim() || (isTerminal && env.NODE_ENV !== 'production' ? 'pretty' : 'json');
  if (format !== 'json' && format !== 'pretty') throw new Error(`LOG_FORMAT: expected json or pretty, got "${env.LOG_FORMAT}"`);
  return { level, format };
}

let root: Logger | undefined;

/** The process's logger (main.ts configures it from LOG_LEVEL / LOG_FORMAT; tests get LOG_LEVEL's default). */
export function logger(): Logger {
  return (root ??= createLogger(logSettings(process.env)));
}

export function setLogger(next: Logger): void {
  root = next;
}
