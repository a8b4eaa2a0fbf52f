// The one-request navigation of a regional dashboard (used by the navigation and N+1 tests):
// voivodeship → platform → members → institution → partnerships → parties → institution → networks,
// and → partners filtered by sector and area, with the voivodeship's counts by type and sector.
export const NAVIGATION = `query Navigation($code: ID!, $partnerSectors: [Sector!], $partnerAreas: [ActivityField!]) {
  voivodeship(code: $code) {
    code
    name
    institutionCounts { total byType { type sector count } bySector { sector count } }
    platform {
      id
      kind
      name
      members(first: 100) {
        totalCount
        edges { node {
          id
          role
          joinedOn
          institution {
            id
            name
            type
            sector
            partnerships(first: 50) {
              totalCount
              edges { node {
                id
                kind
                status
                areas
                validFrom
                parties { role confirmedAt institution { id name networks(first: 20) { totalCount edges { node { id kind name } } } } }
              } }
            }
            partners(first: 50, sectors: $partnerSectors, areas: $partnerAreas) { totalCount edges { node { id name sector } } }
          }
        } }
      }
    }
  }
}`;
