// <ksr-members key="…" network="…">: the members of a platform (or any network): name, type,
// sector, locality; a sector filter; link-outs (link="https://example.pl/instytucja/{id}", or
// link="website" for each institution's own site).
import { html, css, type TemplateResult } from 'lit';
import { KsrWidget, baseStyles } from './lib/base';
import { roleLabel, sectorLabel, t, typeLabel } from './lib/i18n';

interface MemberInstitution {
  id: string;
  name: string;
  type: string;
  sector: string;
  locality: string | null;
  website: string | null;
}
interface MembersData {
  network: null | {
    id: string;
    name: string;
    voivodeship: { name: string } | null;
    members: { totalCount: number; edges: { node: { role: string; institution: MemberInstitution } }[] };
  };
}

export class KsrMembers extends KsrWidget<MembersData> {
  static override properties = {
    ...KsrWidget.properties,
    network: { type: String },
    sector: { type: String },
    link: { type: String },
    heading: { type: String },
  };

  static override styles = [
    baseStyles,
    css`
      .bar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        margin-bottom: 0.5rem;
      }
      label {
        font-weight: 600;
      }
    `,
  ];

  declare network: string;
  /** Initial sector filter (a Sector value); the reader can change it. */
  declare sector: string;
  declare link: string;
  declare heading: string;

  constructor() {
    super();
    this.network = '';
    this.sector = '';
    this.link = '';
    this.heading = '';
  }

  protected request() {
    return { document: 'members' as const, variables: { network: this.network } };
  }

  private href(i: MemberInstitution): string | null {
    if (!this.link) return null;
    if (this.link === 'website') return i.website && /^https?:\/\//.test(i.website) ? i.website : null;
    return this.link.replace('{id}', encodeURIComponent(i.id)).replace('{name}', encodeURIComponent(i.name));
  }

  protected renderData(data: MembersData): TemplateResult {
    const lang = this.language;
    const network = data.network;
    if (!network) return html`<p part="status">${t(lang, 'OTHER_ERROR')}</p>`;
    const members = network.members.edges.map((e) => e.node);
    const sectors = [...new Set(members.map((m) => m.institution.sector))].sort((a, b) => sectorLabel(a, lang).localeCompare(sectorLabel(b, lang), lang));
    const shown = this.sector ? members.filter((m) => m.institution.sector === this.sector) : members;
    const id = 'sector-filter';
    return html`<section part="container" aria-labelledby="title">
      <h2 id="title" part="title">${this.heading || t(lang, 'members')}: ${network.name}</h2>
      <div class="bar" part="filter">
        <label for=${id}>${t(lang, 'filterBySector')}</label>
        <select
          id=${id}
          @change=${(e: Event) => {
            this.sector = (e.target as HTMLSelectElement).value;
          }}
        >
          <option value="" ?selected=${!this.sector}>${t(lang, 'allSectors')}</option>
          ${sectors.map((s) => html`<option value=${s} ?selected=${this.sector === s}>${sectorLabel(s, lang)}</option>`)}
        </select>
        <span class="muted" role="status" aria-live="polite">${t(lang, 'shown', { n: shown.length, total: members.length })}</span>
      </div>
      <div class="scroll" tabindex="0" role="region" aria-label=${t(lang, 'members')}>
        <table part="table">
          <thead>
            <tr>
              <th scope="col">${t(lang, 'name')}</th>
              <th scope="col">${t(lang, 'type')}</th>
              <th scope="col" class="hide-narrow">${t(lang, 'sector')}</th>
              <th scope="col">${t(lang, 'locality')}</th>
            </tr>
          </thead>
          <tbody>
            ${shown.map(({ institution: i, role }) => {
              const href = this.href(i);
              return html`<tr data-id=${i.id}>
                <td>
                  ${href ? html`<a part="link" href=${href} target="_top" rel="noopener">${i.name}</a>` : i.name}${role === 'COORDINATOR' ? html` <span class="muted">(${roleLabel(role, lang)})</span>` : ''}
                </td>
                <td>${typeLabel(i.type, lang)}</td>
                <td class="hide-narrow">${sectorLabel(i.sector, lang)}</td>
                <td>${i.locality ?? '–'}</td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
    </section>`;
  }
}

if (!customElements.get('ksr-members')) customElements.define('ksr-members', KsrMembers);
