// The one request of the mission, through the gateway over both subgraphs: a voivodeship's
// platform → members → their partnerships → partners, and the shared participants of each
// partnership, as aggregates only (small cells suppressed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistryApp, type TestApp } from '../support/registry-app';
import { edgesOf } from '../support/requests';

let app: TestApp;
beforeAll(async () => {
  app = await startRegistryApp();
});
afterAll(() => app?.close());

const MISSION = `{
  voivodeship(code: "26") {
    name
    participantsServed { total { count suppressed } }
    platform {
      name
      members(first: 100) {
        edges { node { institution {
          id name
          partnerships(first: 50) {
            edges { node {
              id status
              parties { institution { id name } }
              sharedParticipants { total { count suppressed } }
            } }
          }
          partners(first: 50) { edges { node { name sector } } }
        } } }
      }
    }
  }
}`;

describe('the mission query through the gateway', () => {
  it('answers in one request, crossing both subgraphs, with counts that are shown only at or above k', async () => {
    const res = await app.gql(MISSION);
    expect(res.errors).toBeUndefined();
    const v = res.data?.voivodeship;
    expect(v.name).toBe('świętokrzyskie');
    const partnerships = v.platform.members.edges.flatMap((m: any) => edgesOf(m.node.institution.partnerships));
    expect(partnerships.length).toBeGreaterThan(10);
    const k = app.config.casework.disclosureK;
    const cells = partnerships.map((p: any) => p.sharedParticipants.total);
    for (const cell of cells) {
      if (cell.suppressed) expect(cell.count).toBeNull();
      else expect(cell.count).toBeGreaterThanOrEqual(k);
    }
    // The synthetic casework seed overlaps enough that some pairs are shown and some suppressed.
    expect(cells.some((c: any) => !c.suppressed)).toBe(true);
    expect(cells.some((c: any) => c.suppressed)).toBe(true);
  });
});
