// HTTP exports of the cooperation graph for research tools (Gephi, networkx, igraph, Kumu):
//   GET /export/graph.graphml  /export/graph.gexf  /export/nodes.csv  /export/edges.csv
// with the graph's parameters in the query string, e.g. ?voivodeship=26&asOf=2019-12-31 or
// ?from=2019-01-01&to=2020-12-31&sectors=SOCIAL_EMPLOYMENT,CULTURE. Public data; a bad parameter
// is a 400 with a BAD_USER_INPUT error naming it, shaped like a GraphQL error.
import type { MikroORM } from '@mikro-orm/postgresql';
import cors from 'cors';
import type express from 'express';
import { GraphQLError } from 'graphql';
import { callerFromAuthorization } from '../../common/auth';
import type { RequestContext } from '../../common/context';
import { badInput } from '../../common/errors';
import { Loaders } from '../../common/loaders';
import type { Config } from '../../config';
import { exportGraph } from './analytics.service';
import { EXPORT_FORMATS, type ExportFormat } from './exports/formats';
import { PARAM_FIELDS, scopeFromParams } from './graph-scope';

const STATUS: Record<string, number> = { BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404 };

/** Query parameters as strings (repeated ones as lists); nested objects are refused. */
function stringParams(query: unknown): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'))) out[name] = value;
    else throw badInput(name, 'must be a plain value');
  }
  return out;
}

export function analyticsRoutes(
  orm: MikroORM,
  config: Config,
  log: (message: string, error?: unknown) => void = console.error,
): (app: express.Express) => void {
  const handler = (format: ExportFormat) => async (req: express.Request, res: express.Response) => {
    try {
      const caller = await callerFromAuthorization(req.headers.authorization, config.jwt);
      const scope = scopeFromParams(stringParams(req.query));
      const em = orm.em.fork();
      const ctx: RequestContext = { em, caller, loaders: new Loaders(em, 'read-only') };
      const { body, version } = await exportGraph(ctx, scope, format, PARAM_FIELDS);
      const { file, contentType } = EXPORT_FORMATS[format];
      res
        .status(200)
        .type(contentType)
        .set('Content-Disposition', `attachment; filename="ksr-cooperation-${scope.asOf ?? `${scope.from}_${scope.to}`}-${file}"`)
        .set('X-Graph-Version', version)
        .send(body);
    } catch (e) {
      const code = e instanceof GraphQLError && typeof e.extensions.code === 'string' ? e.extensions.code : '';
      const status = STATUS[code];
      if (!status) {
        log('internal error while exporting the cooperation graph', e);
        res.status(500).json({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
        return;
      }
      const error = e as GraphQLError;
      res.status(status).json({ errors: [{ message: error.message, extensions: error.extensions }] });
    }
  };
  return (app) => {
    for (const format of Object.keys(EXPORT_FORMATS) as ExportFormat[]) {
      app.get(`/export/${EXPORT_FORMATS[format].file}`, cors<cors.CorsRequest>(), handler(format));
    }
  };
}
