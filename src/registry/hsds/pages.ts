// Paged HSDS lists as the HSDS 3.0 API specifies them (openapi.json, `Page`): total_items,
// total_pages, page_number (1-based), size, first_page, last_page, empty, contents. Each page
// costs a fixed number of SQL statements whatever its size (rows.ts).
import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput } from '../../common/errors';
import { organizationOf, organizationsOf, servicesOf, type HsdsObject } from './mapping';
import { loadOne, loadPage } from './rows';

const DEFAULT_PER_PAGE = 50;
export const MAX_PER_PAGE = 500;

export interface HsdsPage<T> {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
}

export interface PageRequest {
  page: number;
  perPage: number;
}

/** `?page&per_page` read strictly: positive integers, per_page at most MAX_PER_PAGE. */
export function pageRequest(params: { page?: unknown; per_page?: unknown }): PageRequest {
  const read = (name: string, value: unknown, fallback: number, max: number): number => {
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || !/^[0-9]{1,9}$/.test(value)) throw badInput(name, 'must be a positive integer');
    const n = Number(value);
    if (n < 1 || n > max) throw badInput(name, `must be between 1 and ${max}`);
    return n;
  };
  return { page: read('page', params.page, 1, 1_000_000_000), perPage: read('per_page', params.per_page, DEFAULT_PER_PAGE, MAX_PER_PAGE) };
}

export function pageOf<T>(contents: T[], total: number, { page, perPage }: PageRequest): HsdsPage<T> {
  const totalPages = Math.ceil(total / perPage);
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: page,
    size: contents.length,
    first_page: page === 1,
    last_page: page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

export type HsdsList = 'organizations' | 'services';

/** A page of full organizations (with partnerships and memberships) or of services. */
export async function hsdsPage(em: EntityManager, list: HsdsList, request: PageRequest): Promise<HsdsPage<HsdsObject>> {
  const rows = await loadPage(em, (request.page - 1) * request.perPage, request.perPage, list === 'organizations');
  return pageOf(list === 'organizations' ? organizationsOf(rows) : servicesOf(rows), rows.total, request);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One full organization by its id (the institution's id); null when there is none. */
export async function hsdsOrganization(em: EntityManager, id: string): Promise<HsdsObject | null> {
  if (!UUID.test(id)) throw badInput('id', 'must be a UUID');
  const rows = await loadOne(em, id.toLowerCase());
  const institution = rows?.institutions[0];
  return rows && institution ? organizationOf(institution, rows.partnerships.get(institution.id) ?? [], rows.memberships.get(institution.id) ?? []) : null;
}
