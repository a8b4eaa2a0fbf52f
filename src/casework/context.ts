// What every casework resolver receives: the common request context plus the linkage keys and the
// disclosure threshold. Created per request by server.ts; nothing here outlives the request.
import type { RequestContext } from '../common/context';
import type { Linkage } from './linkage/keys';

export interface CaseworkContext extends RequestContext {
  linkage: Linkage;
  /** Cells below k are suppressed in aggregates that leave an institution. */
  k: number;
}
