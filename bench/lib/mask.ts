// Masking of run-dependent values in a JSON response, so that two runs can be compared on what the
// code decides. A spec is a dotted path from the root: `*` matches one property name or array
// index, `**` any number of them (`**.sharedParticipants.**.count`). A masked value becomes "<masked>".
const MASKED = '<masked>';

/**
 * The values that differ between two runs of the same build on freshly seeded databases (shown by
 * two runs of one build; bench/README.md, "Responses before and after a change"). `--mask run-dependent`.
 */
const RUN_DEPENDENT: Record<string, string> = {
  // The fair-use budget's window ends a window after the first request: the clock.
  'extensions.cost.resetAt': 'the end of the budget window, from the clock',
  // "<database id>:<version>": the id is gen_random_uuid() of the graph_version row, made by the migration.
  'data.cooperationGraph.graphVersion': 'the database id is random per database',
  // Casework counts come from the statistical release: noise from the CSPRNG (releases/noise.ts),
  // so counts and which cells fall below k change with every release.
  '**.sharedParticipants.**.count': 'released counts carry fresh differential-privacy noise',
  '**.sharedParticipants.**.suppressed': 'suppression follows the noisy count',
};

/** The specs named on the command line, with `run-dependent` standing for RUN_DEPENDENT's paths. */
export const maskSpecs = (list: string): string[] =>
  list
    .split(',')
    .filter(Boolean)
    .flatMap((s) => (s === 'run-dependent' ? Object.keys(RUN_DEPENDENT) : [s]));

function matches(pattern: string[], at: string[]): boolean {
  if (pattern.length === 0) return at.length === 0;
  const [head, ...rest] = pattern;
  if (head === '**') return at.some((_, i) => matches(rest, at.slice(i))) || matches(rest, []);
  return at.length > 0 && (head === '*' || head === at[0]) && matches(rest, at.slice(1));
}

export function maskJson(value: unknown, specs: string[]): unknown {
  const patterns = specs.map((s) => s.split('.'));
  const walk = (v: unknown, at: string[]): unknown => {
    if (at.length > 0 && patterns.some((p) => matches(p, at))) return MASKED;
    if (Array.isArray(v)) return v.map((item, i) => walk(item, [...at, String(i)]));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, [...at, k])]));
    return v;
  };
  return walk(value, []);
}
