// The widgets' own stored documents (trusted documents): the only operations a widget key runs.
// A widget names one by its id (`sha256:` of the text); the widget bundle gets the ids at build
// time (scripts/build-widgets.mjs), so client and server cannot drift apart.
import { createHash } from 'node:crypto';
import { WidgetKind } from './widget-kind';

export interface WidgetDocument {
  widget: WidgetKind;
  /** Variables the document takes; the endpoint fills and checks each against the key's scope. */
  variables: readonly ('network' | 'voivodeship' | 'club')[];
  query: string;
}

const WIDGET_DOCUMENTS = {
  members: {
    widget: WidgetKind.MEMBERS,
    variables: ['network'],
    query: `query KsrWidgetMembers($network: ID!) {
  network(id: $network) {
    id name kind
    voivodeship { code name }
    members(first: 100) { totalCount edges { node { role institution { id name type sector locality website } } } }
  }
}`,
  },
  partners: {
    widget: WidgetKind.PARTNERS,
    variables: ['voivodeship'],
    query: `query KsrWidgetPartners($voivodeship: String!) {
  newProfileCoverage(voivodeship: $voivodeship) {
    asOf areas
    clubs { clubId score covered missing club { id name locality } areas { area partnerCount partners { id name type sector locality } } }
  }
}`,
  },
  network: {
    widget: WidgetKind.NETWORK,
    variables: ['network', 'voivodeship'],
    query: `query KsrWidgetNetwork($network: ID, $voivodeship: String) {
  cooperationGraph(filter: { networkId: $network, voivodeship: $voivodeship }) {
    graphVersion nodeCount edgeCount communityCount
    nodes(first: 100, orderBy: DEGREE) { totalCount edges { node { id name type sector degree community } } }
    links(first: 100) { totalCount edges { node { sourceId targetId weight crossSector } } }
  }
}`,
  },
  counts: {
    widget: WidgetKind.COUNTS,
    variables: ['voivodeship'],
    query: `query KsrWidgetCounts($voivodeship: String!) {
  voivodeship(code: $voivodeship) {
    code name
    institutionCounts { total bySector { sector count } byType { type sector count } }
  }
}`,
  },
} satisfies Record<string, WidgetDocument>;

export type WidgetDocumentName = keyof typeof WIDGET_DOCUMENTS;

const documentId = (query: string): string => `sha256:${createHash('sha256').update(query, 'utf8').digest('hex')}`;

/** id → document, and name → id (for the widget bundle). */
export const DOCUMENTS_BY_ID = new Map<string, WidgetDocument & { name: WidgetDocumentName }>(
  (Object.entries(WIDGET_DOCUMENTS) as [WidgetDocumentName, WidgetDocument][]).map(([name, d]) => [documentId(d.query), { ...d, name }]),
);

export const documentIds = (): Record<WidgetDocumentName, string> =>
  Object.fromEntries(Object.entries(WIDGET_DOCUMENTS).map(([name, d]) => [name, documentId(d.query)])) as Record<WidgetDocumentName, string>;
