// Polish by default, English with lang="en": the widgets' words and the API's enum labels.
export type Lang = 'pl' | 'en';

export const langOf = (value: string | null | undefined): Lang => (value?.toLowerCase().startsWith('en') ? 'en' : 'pl');

const SECTORS: Record<string, [string, string]> = {
  SOCIAL_EMPLOYMENT: ['Zatrudnienie socjalne', 'Social employment'],
  SOCIAL_ASSISTANCE: ['Pomoc społeczna', 'Social assistance'],
  LABOUR_MARKET: ['Rynek pracy', 'Labour market'],
  NON_GOVERNMENTAL: ['Organizacje pozarządowe', 'Non-governmental'],
  SOCIAL_ECONOMY: ['Ekonomia społeczna', 'Social economy'],
  CULTURE: ['Kultura', 'Culture'],
  SPORT_RECREATION: ['Sport i rekreacja', 'Sport and recreation'],
  EDUCATION: ['Edukacja', 'Education'],
  HEALTH: ['Zdrowie', 'Health'],
  HEALTH_PREVENTION: ['Profilaktyka zdrowotna', 'Health prevention'],
  BUSINESS: ['Biznes', 'Business'],
  LOCAL_GOVERNMENT: ['Samorząd', 'Local government'],
  NATIONAL_GOVERNMENT: ['Administracja rządowa', 'National government'],
  RESEARCH_COORDINATION: ['Badania i koordynacja', 'Research and coordination'],
  VOCATIONAL_ACTIVATION: ['Aktywizacja zawodowa', 'Vocational activation'],
  SOCIAL_WORK: ['Praca socjalna', 'Social work'],
  HOUSING: ['Mieszkalnictwo', 'Housing'],
  ADDICTION_THERAPY: ['Terapia uzależnień', 'Addiction therapy'],
  COUNSELLING: ['Poradnictwo', 'Counselling'],
};

const TYPES: Record<string, [string, string]> = {
  KIS: ['Klub Integracji Społecznej', 'Social integration club'],
  CIS: ['Centrum Integracji Społecznej', 'Social integration centre'],
  OPS: ['Ośrodek pomocy społecznej', 'Social assistance centre'],
  PCPR: ['Powiatowe centrum pomocy rodzinie', 'County family support centre'],
  ROPS: ['Regionalny ośrodek polityki społecznej', 'Regional social policy centre'],
  PUP: ['Powiatowy urząd pracy', 'County labour office'],
  WUP: ['Wojewódzki urząd pracy', 'Regional labour office'],
  NGO: ['Organizacja pozarządowa', 'NGO'],
  SOCIAL_COOPERATIVE: ['Spółdzielnia socjalna', 'Social cooperative'],
  CULTURAL_INSTITUTION: ['Instytucja kultury', 'Cultural institution'],
  SPORT_ORGANISATION: ['Organizacja sportowa', 'Sport organisation'],
  SCHOOL: ['Szkoła', 'School'],
  TRAINING_INSTITUTION: ['Instytucja szkoleniowa', 'Training institution'],
  HEALTH_PROVIDER: ['Podmiot leczniczy', 'Health provider'],
  ADDICTION_THERAPY: ['Terapia uzależnień', 'Addiction therapy'],
  GKRPA: ['Gminna komisja rozwiązywania problemów alkoholowych', 'Municipal alcohol commission'],
  EMPLOYER: ['Pracodawca', 'Employer'],
  MUNICIPAL_OFFICE: ['Urząd gminy', 'Municipal office'],
  COUNTY_OFFICE: ['Starostwo powiatowe', 'County office'],
  MINISTRY: ['Ministerstwo', 'Ministry'],
  RESEARCH_INSTITUTE: ['Instytut badawczy', 'Research institute'],
  COORDINATION_CENTRE: ['Ośrodek koordynacji', 'Coordination centre'],
  CONVENTION: ['Konwent', 'Convention'],
};

const ROLES: Record<string, [string, string]> = {
  COORDINATOR: ['koordynator', 'coordinator'],
  MEMBER: ['członek', 'member'],
  OBSERVER: ['obserwator', 'observer'],
  REPRESENTATIVE: ['przedstawiciel', 'representative'],
};

const pick = (table: Record<string, [string, string]>, value: string, lang: Lang): string => table[value]?.[lang === 'pl' ? 0 : 1] ?? value;
export const sectorLabel = (v: string, lang: Lang): string => pick(SECTORS, v, lang);
export const typeLabel = (v: string, lang: Lang): string => pick(TYPES, v, lang);
export const roleLabel = (v: string, lang: Lang): string => pick(ROLES, v, lang);

const WORDS = {
  loading: ['Wczytywanie…', 'Loading…'],
  members: ['Członkowie platformy', 'Members of the platform'],
  name: ['Nazwa', 'Name'],
  type: ['Typ', 'Type'],
  sector: ['Sektor', 'Sector'],
  locality: ['Miejscowość', 'Locality'],
  role: ['Rola', 'Role'],
  allSectors: ['Wszystkie sektory', 'All sectors'],
  filterBySector: ['Filtruj według sektora', 'Filter by sector'],
  shown: ['Pokazano {n} z {total}', 'Showing {n} of {total}'],
  partners: ['Partnerzy klubu', "The club's partners"],
  coverage: ['Pokrycie nowego profilu usług: {n} z {total} obszarów', 'New service profile coverage: {n} of {total} areas'],
  area: ['Obszar', 'Area'],
  noPartners: ['Brak partnerów w tym obszarze', 'No partners in this area'],
  covered: ['pokryty', 'covered'],
  missing: ['brak', 'missing'],
  noClub: ['Nie znaleziono klubu w zakresie tego klucza', "No club found within this key's scope"],
  picture: ['Sieć współpracy', 'Cooperation network'],
  pictureSummary: ['{nodes} instytucji, {edges} powiązań', '{nodes} institutions, {edges} links'],
  showTable: ['Pokaż jako tabelę', 'Show as a table'],
  hideTable: ['Ukryj tabelę', 'Hide the table'],
  zoomIn: ['Przybliż', 'Zoom in'],
  zoomOut: ['Oddal', 'Zoom out'],
  zoomReset: ['Widok całości', 'Reset view'],
  partnersOf: ['Partnerzy', 'Partners'],
  degree: ['Liczba partnerów', 'Number of partners'],
  graphHelp: ['Strzałki: kolejna instytucja; +/−: przybliżenie', 'Arrow keys: next institution; +/−: zoom'],
  counts: ['Instytucje według sektora i typu', 'Institutions by sector and type'],
  bySector: ['Według sektora', 'By sector'],
  byType: ['Według typu', 'By type'],
  count: ['Liczba', 'Count'],
  total: ['Razem', 'Total'],
  updated: ['Zaktualizowano {time}', 'Updated {time}'],
  errorTitle: ['Nie można wyświetlić widżetu', 'The widget cannot be shown'],
  WIDGET_KEY_MISSING: ['Brak klucza widżetu (atrybut key).', 'The widget has no key (key attribute).'],
  WIDGET_KEY_INVALID: ['Nieznany klucz widżetu.', 'Unknown widget key.'],
  WIDGET_KEY_REVOKED: ['Klucz widżetu został unieważniony.', 'This widget key has been revoked.'],
  WIDGET_ORIGIN_NOT_ALLOWED: ['Ta strona nie może używać tego klucza widżetu.', 'This site may not use this widget key.'],
  WIDGET_ORIGIN_REQUIRED: ['Widżet działa tylko na stronach internetowych.', 'The widget works only on web pages.'],
  WIDGET_NOT_ALLOWED: ['Klucz nie obejmuje tego widżetu.', 'The key does not cover this widget.'],
  WIDGET_OUT_OF_SCOPE: ['Te dane są poza zakresem klucza.', "These data are outside the key's scope."],
  NETWORK_ERROR: ['Brak połączenia z serwerem danych.', 'The data server cannot be reached.'],
  OTHER_ERROR: ['Serwer danych odmówił.', 'The data server refused.'],
} satisfies Record<string, [string, string]>;

export type Word = keyof typeof WORDS;

export function t(lang: Lang, word: Word, values: Record<string, string | number> = {}): string {
  const text = WORDS[word][lang === 'pl' ? 0 : 1];
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
}

export const isWord = (w: string): w is Word => w in WORDS;
