// The plan as PostgreSQL COPY text rows, table by table (tab-separated, \N for null). Pure: the
// tests hash these lines to check determinism without a database.
import { normaliseForSearch } from '../../src/common/text';
import { PartnershipStatus, PartyRole } from '../../src/registry/cooperation/partnership.entities';
import { AREAS, isoDay, KINDS, STATUSES, type NationalPlan } from './build';
import { derivedId, ID_TABLES } from './random';

/** Every generated row carries this creation instant (not the clock: same seed, same rows). */
export const GENERATED_AT = '2026-07-01T00:00:00Z';

export interface CopyTable {
  table: string;
  columns: string[];
  /** Rows as COPY text lines (each ends with a newline), produced lazily. */
  rows(): Iterable<string>;
}

const NULL = '\\N';
const text = (value: string | null | undefined): string =>
  value == null ? NULL : value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
const array = (values: readonly string[]): string => `{${values.join(',')}}`;
const line = (cells: string[]): string => `${cells.join('\t')}\n`;
const instantOn = (d: number, hour: number): string => `${isoDay(d)}T${String(hour).padStart(2, '0')}:00:00Z`;

export function copyTables(plan: NationalPlan): CopyTable[] {
  const { seed } = plan;
  const p = plan.partnerships;
  return [
    {
      table: 'institution',
      columns: [
        'id',
        'type',
        'name',
        'short_name',
        'legal_form',
        'locality',
        'municipality_code',
        'fields',
        'status',
        'created_on',
        'activity_started_on',
        'registered_on',
        'closed_on',
        'founder_id',
        'pilot',
        'synthetic',
        'search_text',
        'created_at',
        'updated_at',
      ],
      *rows() {
        for (const i of plan.institutions) {
          yield line([
            i.id,
            i.type,
            text(i.name),
            text(i.shortName),
            text(i.legalForm),
            text(i.locality),
            i.municipality,
            array(i.fields),
            i.status,
            text(i.createdOn),
            text(i.activityStartedOn),
            text(i.registeredOn),
            text(i.closedOn),
            text(i.founderId),
            'f',
            't',
            // The same normaliser and the same fields as Institution.refreshSearchText().
            text(normaliseForSearch([i.name, i.shortName, i.locality].filter(Boolean).join(' '))),
            GENERATED_AT,
            GENERATED_AT,
          ]);
        }
      },
    },
    {
      table: 'partnership',
      columns: ['id', 'kind', 'areas', 'status', 'valid_from', 'valid_to', 'data_sharing', 'proposed_by_id', 'synthetic', 'created_at'],
      *rows() {
        for (let k = 0; k < p.count; k++) {
          const areas = AREAS.filter((_, bit) => p.areas[k] & (1 << bit));
          yield line([
            derivedId(seed, ID_TABLES.partnership, k),
            KINDS[p.kind[k]],
            array(areas),
            STATUSES[p.status[k]],
            isoDay(p.validFrom[k]),
            p.validTo[k] < 0 ? NULL : isoDay(p.validTo[k]),
            p.dataSharing[k] ? 't' : 'f',
            plan.nodes[p.partyNode[p.partyStart[k]]].id,
            't',
            instantOn(p.createdDay[k], 10),
          ]);
        }
      },
    },
    {
      table: 'partnership_party',
      columns: ['id', 'partnership_id', 'institution_id', 'role', 'confirmed_at', 'declined_at'],
      *rows() {
        for (let k = 0; k < p.count; k++) {
          const partnershipId = derivedId(seed, ID_TABLES.partnership, k);
          const declined = STATUSES[p.status[k]] === PartnershipStatus.DECLINED;
          for (let i = p.partyStart[k]; i < p.partyStart[k + 1]; i++) {
            const delay = p.partyDelay[i];
            const when = delay === 255 ? NULL : instantOn(p.createdDay[k] + delay, 10 + (i % 7));
            const isDecline = declined && i > p.partyStart[k];
            yield line([
              derivedId(seed, ID_TABLES.party, i),
              partnershipId,
              plan.nodes[p.partyNode[i]].id,
              i === p.partyStart[k] ? PartyRole.LEAD : PartyRole.PARTNER,
              isDecline ? NULL : when,
              isDecline ? when : NULL,
            ]);
          }
        }
      },
    },
    {
      table: 'network',
      columns: ['id', 'kind', 'name', 'parent_id', 'voivodeship_code', 'municipality_code', 'established_on', 'synthetic'],
      *rows() {
        for (const n of plan.networks) yield line([n.id, n.kind, text(n.name), text(n.parentId), n.voivodeship, text(n.municipality), n.establishedOn, 't']);
      },
    },
    {
      table: 'membership',
      columns: ['id', 'network_id', 'institution_id', 'role', 'joined_on', 'left_on', 'synthetic'],
      *rows() {
        for (const m of plan.memberships) yield line([m.id, m.networkId, m.institutionId, m.role, m.joinedOn, text(m.leftOn), 't']);
      },
    },
  ];
}
