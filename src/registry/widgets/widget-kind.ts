// The widgets a key may allow. Plain (no imports): the widget build reads documents.ts with it.
export enum WidgetKind {
  MEMBERS = 'MEMBERS',
  PARTNERS = 'PARTNERS',
  NETWORK = 'NETWORK',
  COUNTS = 'COUNTS',
}
