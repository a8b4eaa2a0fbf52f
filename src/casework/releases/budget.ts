// The privacy budget of a release, in zero-concentrated differential privacy (zCDP, Bun and
// Steinke 2016), which composes by addition: a release spends ρ = Σ over its tables of
// Δ²/(2σ²), where Δ² bounds how much one person can change the table (the sum of squares of their
// contributions after bounding) and σ is the table's noise. Releases in a calendar year add up
// the same way; the year's ρ is capped. For a data-protection officer the ρ is converted to the
// usual (ε, δ) reading: ε = ρ + 2·√(ρ·ln(1/δ)).

export interface ContributionBounds {
  /** Records (institutions) of one person that count; the earliest ones. */
  maxInstitutions: number;
  /** Shared groups (partner pairs, partnerships, networks) one person counts in. */
  maxSharedGroups: number;
  /** Eligibility categories of one person that count, in each group. */
  maxCategories: number;
}

export interface TablePlan {
  name: string;
  description: string;
  /** One person's largest possible L2² change of the table, after bounding. */
  sensitivity2: number;
  /** Share of the release's ρ. */
  share: number;
  sigma: number;
  rho: number;
}

/** In one group a person adds to the total, to at most maxCategories categories and to one outcome. */
const groupCells = (b: ContributionBounds): number => 1 + b.maxCategories + 1;

/** The tables of a release, their sensitivities and the noise that spends `rho` among them by `shares`. */
export function planTables(rho: number, bounds: ContributionBounds, shares: Record<TableName, number>): TablePlan[] {
  const perGroup = groupCells(bounds);
  const sensitivity: Record<TableName, number> = {
    // At most maxInstitutions institutions, each a group of its own.
    institution: bounds.maxInstitutions * perGroup,
    // At most one voivodeship per kept institution.
    voivodeship: bounds.maxInstitutions * perGroup,
    // At most maxSharedGroups groups.
    shared: bounds.maxSharedGroups * perGroup,
    // One person is on one path of each scope: the scope's total, the path's total and one end state.
    paths: 3,
    // The same in one voivodeship and year (of the first episode).
    pathsRegional: 3,
    // One per institution and one per voivodeship of a kept record.
    overdue: 2 * bounds.maxInstitutions,
  };
  const total = Object.values(shares).reduce((s, x) => s + x, 0);
  return TABLES.map((name) => {
    const tableRho = (rho * shares[name]) / total;
    return {
      name,
      description: TABLE_DESCRIPTIONS[name],
      sensitivity2: sensitivity[name],
      share: shares[name] / total,
      rho: tableRho,
      sigma: Math.sqrt(sensitivity[name] / (2 * tableRho)),
    };
  });
}

const TABLES = ['institution', 'voivodeship', 'shared', 'paths', 'pathsRegional', 'overdue'] as const;
export type TableName = (typeof TABLES)[number];

const TABLE_DESCRIPTIONS: Record<TableName, string> = {
  institution: 'people served by each institution (total, by category, by outcome)',
  voivodeship: 'people served by the institutions seated in each voivodeship, counted once',
  shared: 'people served by two or more institutions of each group: partner pairs and parties of active partnerships, members of each network',
  paths: 'people by reintegration path and end state, whole country and all periods',
  pathsRegional: 'people by reintegration path and end state, by voivodeship and calendar year of the first episode',
  overdue: 'graduates with a graduate-monitoring contact past its due date, by institution and by voivodeship',
};

/** (ε, δ)-DP implied by ρ-zCDP (Bun and Steinke 2016, Proposition 1.3). */
export const epsilonOf = (rho: number, delta: number): number => rho + 2 * Math.sqrt(rho * Math.log(1 / delta));

/** A path (partition) is published only if its noisy total reaches this: the chance that a path one person creates shows is below δ. */
export function partitionThreshold(sigma: number, delta: number): number {
  // Gaussian tail bound P(Z ≥ z·σ) ≤ exp(-z²/2) (the discrete Gaussian's tail is no heavier).
  return Math.ceil(1 + sigma * Math.sqrt(2 * Math.log(1 / delta)));
}
