// Places from the TERYT register, and Polish names for stand-in local institutions built from them.
import type { TercCounty, TercMunicipality, TercRegister } from '../../src/registry/places/teryt';

export interface Place {
  municipality: TercMunicipality;
  county: TercCounty;
}

const indexes = new WeakMap<TercRegister, { municipalities: Map<string, TercMunicipality>; counties: Map<string, TercCounty> }>();

function indexOf(terc: TercRegister) {
  let index = indexes.get(terc);
  if (!index) {
    index = {
      municipalities: new Map(terc.municipalities.map((m) => [m.code, m])),
      counties: new Map(terc.counties.map((c) => [c.code, c])),
    };
    indexes.set(terc, index);
  }
  return index;
}

/** The municipality with this TERYT code and its county; throws when the register lacks it. */
export function placeOf(terc: TercRegister, municipalityCode: string): Place {
  const { municipalities, counties } = indexOf(terc);
  const municipality = municipalities.get(municipalityCode);
  if (!municipality) throw new Error(`TERYT: no municipality ${municipalityCode}`);
  const county = counties.get(municipality.countyCode);
  if (!county) throw new Error(`TERYT: no county ${municipality.countyCode}`);
  return { municipality, county };
}

export const municipalitiesOf = (terc: TercRegister, voivodeshipCode: string): TercMunicipality[] =>
  terc.municipalities.filter((m) => m.code.startsWith(voivodeshipCode));

/**
 * How a stand-in local unit of a municipality is named. Declining arbitrary place names into the
 * locative is unreliable, so names say "w gminie Górno" / "w mieście Kielce", which keeps the
 * official name in the nominative.
 */
export function localUnit(m: TercMunicipality): { masculine: string; feminine: string; abbreviation: string; where: string } {
  switch (m.kind) {
    case 'URBAN':
      return { masculine: 'Miejski', feminine: 'Miejska', abbreviation: 'M', where: `w mieście ${m.name}` };
    case 'RURAL':
      return { masculine: 'Gminny', feminine: 'Gminna', abbreviation: 'G', where: `w gminie ${m.name}` };
    case 'URBAN_RURAL':
      return { masculine: 'Miejsko-Gminny', feminine: 'Miejsko-Gminna', abbreviation: 'MG', where: `w gminie ${m.name}` };
  }
}

/** "kielecki" → "powiatu kieleckiego"; a city with county rights → "miasta Kielce". All TERC county
 * names are masculine adjectives ending in -i, whose genitive adds -ego. */
export function countyGenitive(c: TercCounty): string {
  if (c.cityWithCountyRights) return `miasta ${c.name}`;
  if (!c.name.endsWith('i')) throw new Error(`countyGenitive: unexpected county name "${c.name}"`);
  return `powiatu ${c.name}ego`;
}
