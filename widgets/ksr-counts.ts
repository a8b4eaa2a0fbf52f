// <ksr-counts key="…" voivodeship="26">: the voivodeship's institutions by sector and by type.
import { html, css, type TemplateResult } from 'lit';
import { KsrWidget, baseStyles } from './lib/base';
import { sectorLabel, t, typeLabel } from './lib/i18n';

interface CountsData {
  voivodeship: null | {
    code: string;
    name: string;
    institutionCounts: { total: number; bySector: { sector: string; count: number }[]; byType: { type: string; sector: string; count: number }[] };
  };
}

export class KsrCounts extends KsrWidget<CountsData> {
  static override properties = { ...KsrWidget.properties, voivodeship: { type: String } };

  static override styles = [
    baseStyles,
    css`
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 16rem), 1fr));
        gap: 1rem;
      }
      h3 {
        font-size: 1em;
        margin: 0.25rem 0;
      }
      .bar {
        display: block;
        height: 0.5rem;
        background: var(--ksr-color-accent, #0a58a8);
        border-radius: 2px;
        min-width: 2px;
      }
      td.barcell {
        width: 35%;
      }
      .total {
        font-size: 1.6em;
        font-weight: 700;
      }
    `,
  ];

  declare voivodeship: string;

  constructor() {
    super();
    this.voivodeship = '';
  }

  protected request() {
    return { document: 'counts' as const, variables: { voivodeship: this.voivodeship } };
  }

  private table(caption: string, rows: { label: string; count: number }[], total: number, part: string): TemplateResult {
    const lang = this.language;
    const max = Math.max(1, ...rows.map((r) => r.count));
    return html`<div class="scroll" tabindex="0" role="region" aria-label=${caption}>
      <table part="table ${part}">
        <caption class="visually-hidden">
          ${caption}
        </caption>
        <thead>
          <tr>
            <th scope="col">${caption}</th>
            <th scope="col" class="num">${t(lang, 'count')}</th>
            <th class="barcell" aria-hidden="true"></th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (r) =>
              html`<tr>
                <th scope="row">${r.label}</th>
                <td class="num">${r.count}</td>
                <td class="barcell" aria-hidden="true"><span class="bar" style="width: ${(100 * r.count) / max}%"></span></td>
              </tr>`,
          )}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">${t(lang, 'total')}</th>
            <td class="num">${total}</td>
            <td></td>
          </tr>
        </tfoot>
      </table>
    </div>`;
  }

  protected renderData(data: CountsData): TemplateResult {
    const lang = this.language;
    const v = data.voivodeship;
    if (!v) return html`<p part="status">${t(lang, 'OTHER_ERROR')}</p>`;
    const c = v.institutionCounts;
    const bySector = c.bySector
      .filter((s) => s.count > 0)
      .map((s) => ({ label: sectorLabel(s.sector, lang), count: s.count }))
      .sort((a, b) => b.count - a.count);
    const byType = c.byType
      .filter((s) => s.count > 0)
      .map((s) => ({ label: typeLabel(s.type, lang), count: s.count }))
      .sort((a, b) => b.count - a.count);
    return html`<section part="container" aria-labelledby="title">
      <h2 id="title" part="title">${t(lang, 'counts')}: ${v.name}</h2>
      <p><span class="total" part="total">${c.total}</span> <span class="muted">${t(lang, 'total')}</span></p>
      <div class="grid">
        <div>
          <h3>${t(lang, 'bySector')}</h3>
          ${this.table(t(lang, 'sector'), bySector, c.total, 'by-sector')}
        </div>
        <div>
          <h3>${t(lang, 'byType')}</h3>
          ${this.table(t(lang, 'type'), byType, c.total, 'by-type')}
        </div>
      </div>
    </section>`;
  }
}

if (!customElements.get('ksr-counts')) customElements.define('ksr-counts', KsrCounts);
