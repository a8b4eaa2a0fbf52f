// Every disclosure-controlled cell ({ count, suppressed, … }) of a response, however deep, so an
// attacker-side test can check each one: a suppressed cell has no number, a shown one is at least k.
export type Cell = Record<string, unknown> & { suppressed: boolean; count?: number | null };

export function disclosedCells(value: unknown, found: Cell[] = []): Cell[] {
  if (Array.isArray(value)) value.forEach((v) => disclosedCells(v, found));
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('suppressed' in o) found.push(o as Cell);
    Object.values(o).forEach((v) => disclosedCells(v, found));
  }
  return found;
}

/** Objects with a string `label` anywhere in a response (reintegration paths). */
export function labelsIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => labelsIn(v, found));
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.label === 'string') found.add(o.label);
    Object.values(o).forEach((v) => labelsIn(v, found));
  }
  return found;
}
