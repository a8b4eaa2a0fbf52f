// Where each seeded fact comes from: the seed document (by file name, in ../shared/seed-documents/)
// and the passage that states it. Rows marked synthetic say so instead. Pure; index.ts writes the
// result to record_source. A fact with no passage here is an error: every fact names its source.
import type { PilotPlan } from './plan';

/** The KSR test report (seed 000), the source of every pilot fact. */
export const KSR_REPORT = '000_2b59e71a66199715.txt';

type SourceKind = 'SOURCE_DOCUMENT' | 'SYNTHETIC';

export interface SeedSource {
  recordType: 'INSTITUTION' | 'PARTNERSHIP' | 'NETWORK' | 'MEMBERSHIP' | 'MEETING' | 'PROGRAMME' | 'GRANT' | 'FUNDING_SOURCE';
  key: string;
  kind: SourceKind;
  document: string | null;
  reference: string;
}

/** Passages of seed 000, quoted as written (Polish original). */
const PASSAGES = {
  project:
    'Projekt pn.: *Krajowa Sieć Reintegracji – wzmocnienie instytucji zatrudnienia socjalnego w działaniach polityki społecznej wobec wykluczenia społecznego*, w ramach Działania 2.5 Skuteczna pomoc społeczna',
  leadAndPartner:
    'realizowany był przez Departament Pomocy i Integracji Społecznej, Ministerstwa Rodziny Pracy i Polityki Społecznej – LIDER, we współpracy z Instytutem Pracy i Spraw Socjalnych w Warszawie – PARTNER.',
  regions: 'W projekcie wzięły udział instytucje z sześciu województw, tj. Regionalne Ośrodki Polityki Społecznej województw',
  nationalBody:
    'powołana została reprezentacja krajowa KSR w skład której poza przedstawicielami sześciu Regionalnych Ośrodków Polityki Społecznej weszły podmioty zatrudnienia socjalnego (w tym Konwenty Klubów i Centrów Integracji Społecznej) oraz organizacje pozarządowe.',
  osar: 'Ponadto został utworzony Ośrodek Sektorowej Animacji Reintegracji (OSAR) działający przy Instytucie Pracy i Spraw Socjalnych w Warszawie.',
  cap: 'W ramach konkursu maksymalna kwota dofinansowania na utworzenie jednego KIS wynosiła 60 600,00 zł',
  clubTable: 'REGION ŚWIĘTOKRZYSKI LICZBA KIS - 9.',
  rsr: 'oraz Regionalnej Sieci Reintegracji (RSR - przedstawiciele lokalnych LSR, a także organizacje/instytucje działające ponadlokalnie).',
  platform: 'a także działalność Regionalnej Platformy Współpracy na obszarze danego województwa.',
  ropsTasks: 'Najważniejsze zadania Regionalnych Ośrodków Polityki Społecznej w projekcie:',
} as const;

const fromReport = (passage: string, where?: string): Pick<SeedSource, 'kind' | 'document' | 'reference'> => ({
  kind: 'SOURCE_DOCUMENT',
  document: KSR_REPORT,
  reference: where ? `${where}: "${passage}"` : `"${passage}"`,
});

const SYNTHETIC = {
  kind: 'SYNTHETIC' as const,
  document: null,
  reference: 'Generated stand-in (seeds/pilot): the source documents do not state this record; see seeds/README.md, "What is fact and what is synthetic".',
};

/** The passage behind a fact, by its plan key; undefined when none is known. */
function passageOf(recordType: SeedSource['recordType'], key: string): Pick<SeedSource, 'kind' | 'document' | 'reference'> | undefined {
  let m: RegExpExecArray | null;
  switch (recordType) {
    case 'INSTITUTION':
      if (key === 'institution:ministry:mrpips' || key === 'institution:research-institute:ipiss') return fromReport(PASSAGES.leadAndPartner);
      if (key === 'institution:coordination-centre:osar') return fromReport(PASSAGES.osar);
      if (key.startsWith('institution:convention:')) return fromReport(PASSAGES.nationalBody);
      if (key.startsWith('institution:rops:')) return fromReport(PASSAGES.regions);
      if ((m = /^institution:kis:26:(\d)$/.exec(key))) return fromReport(PASSAGES.clubTable, `table, row Lp. ${m[1]}`);
      if (key.startsWith('institution:ngo:') && !key.includes(':founder-of:'))
        return fromReport(PASSAGES.clubTable, 'table, column "Instytucja tworząca/ organizacja pozarządowa"');
      return undefined;
    case 'NETWORK':
      if (key === 'network:national-body') return fromReport(PASSAGES.nationalBody);
      if (key.startsWith('network:rsr:')) return fromReport(PASSAGES.rsr);
      if (key.startsWith('network:platform:')) return fromReport(PASSAGES.platform);
      return undefined;
    case 'MEMBERSHIP':
      if (/^membership:national-body\|(rops|convention):/.test(key)) return fromReport(PASSAGES.nationalBody);
      if (/^membership:(rsr|platform):\d\d\|rops:/.test(key)) return fromReport(PASSAGES.ropsTasks);
      return undefined;
    case 'PROGRAMME':
      if (key === 'programme:POWR.02.05.00-00-0114/17') return fromReport(`${PASSAGES.project} … ${PASSAGES.cap}`);
      if (key.startsWith('programme:')) return fromReport(PASSAGES.project);
      return undefined;
    default:
      return undefined;
  }
}

function sourceOf(recordType: SeedSource['recordType'], row: { key: string; synthetic?: boolean }): SeedSource {
  if (row.synthetic) return { recordType, key: row.key, ...SYNTHETIC };
  const found = passageOf(recordType, row.key);
  if (!found) throw new Error(`pilot seed: the fact ${row.key} names no passage of a source document (seeds/pilot/sources.ts)`);
  return { recordType, key: row.key, ...found };
}

/** The source of every record of the plan that the API shows one for. */
export function planSources(plan: PilotPlan): SeedSource[] {
  return [
    ...plan.institutions.map((r) => sourceOf('INSTITUTION', r)),
    ...plan.partnerships.map((r) => sourceOf('PARTNERSHIP', r)),
    ...plan.networks.map((r) => sourceOf('NETWORK', r)),
    ...plan.memberships.map((r) => sourceOf('MEMBERSHIP', r)),
    ...plan.meetings.map((r) => sourceOf('MEETING', r)),
    ...plan.programmes.map((r) => sourceOf('PROGRAMME', r)),
    ...plan.grants.map((r) => sourceOf('GRANT', r)),
    ...plan.fundingSources.map((r) => sourceOf('FUNDING_SOURCE', r)),
  ];
}
