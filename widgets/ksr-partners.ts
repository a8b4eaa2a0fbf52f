// <ksr-partners key="…" club="…">: a club's partners by area of the new service profile
// (education, culture, health prevention, sport), with how many of the four areas are covered.
import { html, css, type TemplateResult } from 'lit';
import { KsrWidget, baseStyles } from './lib/base';
import { sectorLabel, t, typeLabel } from './lib/i18n';

interface Partner {
  id: string;
  name: string;
  type: string;
  sector: string;
  locality: string | null;
}
interface Club {
  clubId: string;
  score: number;
  covered: string[];
  missing: string[];
  club: { id: string; name: string; locality: string | null };
  areas: { area: string; partnerCount: number; partners: Partner[] }[];
}
interface PartnersData {
  newProfileCoverage: { asOf: string; areas: string[]; clubs: Club[] };
}

export class KsrPartners extends KsrWidget<PartnersData> {
  static override properties = { ...KsrWidget.properties, club: { type: String } };

  static override styles = [
    baseStyles,
    css`
      .areas {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 14rem), 1fr));
        gap: 0.75rem;
      }
      .area {
        border: 1px solid var(--ksr-color-border, #8a8a8a);
        border-radius: 4px;
        padding: 0.5rem;
      }
      .area h3 {
        font-size: 1em;
        margin: 0 0 0.25rem;
      }
      .badge {
        display: inline-block;
        font-size: 0.85em;
        padding: 0 0.4rem;
        border-radius: 999px;
        border: 1px solid currentColor;
      }
      .covered {
        color: var(--ksr-color-success, #1e6b2f);
      }
      .missing {
        color: var(--ksr-color-error, #b00020);
      }
      ul {
        margin: 0;
        padding-left: 1.1rem;
      }
      meter {
        width: 100%;
        height: 0.8rem;
      }
    `,
  ];

  declare club: string;

  constructor() {
    super();
    this.club = '';
  }

  protected request() {
    return { document: 'partners' as const, variables: { club: this.club } };
  }

  protected renderData(data: PartnersData): TemplateResult {
    const lang = this.language;
    const coverage = data.newProfileCoverage;
    const club = coverage.clubs[0];
    if (!club) return html`<p part="status">${t(lang, 'noClub')}</p>`;
    return html`<section part="container" aria-labelledby="title">
      <h2 id="title" part="title">${t(lang, 'partners')}: ${club.club.name}</h2>
      <p part="summary">
        ${t(lang, 'coverage', { n: club.covered.length, total: coverage.areas.length })}
        <meter min="0" max=${coverage.areas.length} value=${club.covered.length} aria-hidden="true"></meter>
      </p>
      <div class="areas">
        ${club.areas.map((a) => {
          const covered = a.partnerCount > 0;
          return html`<div class="area" part="area" data-area=${a.area}>
            <h3>
              ${sectorLabel(a.area, lang)}
              <span class="badge ${covered ? 'covered' : 'missing'}">${covered ? `✓ ${t(lang, 'covered')}` : `✗ ${t(lang, 'missing')}`}</span>
            </h3>
            ${
              covered
                ? html`<ul>
                    ${a.partners.map((p) => html`<li>${p.name} <span class="muted">(${typeLabel(p.type, lang)}${p.locality ? `, ${p.locality}` : ''})</span></li>`)}
                  </ul>`
                : html`<p class="muted">${t(lang, 'noPartners')}</p>`
            }
          </div>`;
        })}
      </div>
    </section>`;
  }
}

if (!customElements.get('ksr-partners')) customElements.define('ksr-partners', KsrPartners);
