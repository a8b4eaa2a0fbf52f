// HSDS 3.0 export of the registry over HTTP (public data, no token needed; CORS open):
//   GET /export/hsds/                        { version: "3.0" } (the profile is documented in ./README.md)
//   GET /export/hsds/organizations           paged full organizations (?page&per_page)
//   GET /export/hsds/organizations/{id}      one full organization (404 when unknown)
//   GET /export/hsds/services                paged services with their service_at_locations
//   GET /export/hsds/taxonomies              paged (one page holds them all by default)
//   GET /export/hsds/taxonomy_terms          paged
// A bad parameter is a 400 with a BAD_USER_INPUT error naming it, as the graph exports answer.
import type { MikroORM } from '@mikro-orm/postgresql';
import cors from 'cors';
import type express from 'express';
import { GraphQLError } from 'graphql';
import { hsdsOrganization, hsdsPage, pageOf, pageRequest, type HsdsList, type PageRequest } from './pages';
import { allTaxonomies, allTaxonomyTerms } from './taxonomy';

const STATUS: Record<string, number> = { BAD_USER_INPUT: 400, NOT_FOUND: 404 };

const staticPage = <T>(items: T[], request: PageRequest) => {
  const from = (request.page - 1) * request.perPage;
  return pageOf(items.slice(from, from + request.perPage), items.length, request);
};

export function hsdsRoutes(orm: MikroORM, log: (message: string, error?: unknown) => void = console.error): (app: express.Express) => void {
  const handle = (answer: (req: express.Request) => Promise<unknown>) => async (req: express.Request, res: express.Response) => {
    try {
      const body = await answer(req);
      if (body === null) {
        res.status(404).json({ errors: [{ message: 'No organization with this id', extensions: { code: 'NOT_FOUND', field: 'id' } }] });
        return;
      }
      res.status(200).json(body);
    } catch (e) {
      const code = e instanceof GraphQLError && typeof e.extensions.code === 'string' ? e.extensions.code : '';
      const status = STATUS[code];
      if (!status) {
        log('internal error while exporting HSDS', e);
        res.status(500).json({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
        return;
      }
      const error = e as GraphQLError;
      res.status(status).json({ errors: [{ message: error.message, extensions: error.extensions }] });
    }
  };
  const list = (which: HsdsList) => handle((req) => hsdsPage(orm.em.fork(), which, pageRequest(req.query)));
  return (app) => {
    const open = cors<cors.CorsRequest>();
    app.get(
      '/export/hsds/',
      open,
      handle(() => Promise.resolve({ version: '3.0' })),
    );
    app.get('/export/hsds/organizations', open, list('organizations'));
    app.get(
      '/export/hsds/organizations/:id',
      open,
      handle((req) => hsdsOrganization(orm.em.fork(), String(req.params.id))),
    );
    app.get('/export/hsds/services', open, list('services'));
    app.get(
      '/export/hsds/taxonomies',
      open,
      handle((req) => Promise.resolve().then(() => staticPage(allTaxonomies(), pageRequest(req.query)))),
    );
    app.get(
      '/export/hsds/taxonomy_terms',
      open,
      handle((req) => Promise.resolve().then(() => staticPage(allTaxonomyTerms(), pageRequest(req.query)))),
    );
  };
}
