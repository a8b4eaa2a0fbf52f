// What every KSR widget shares: its key and language, the API it talks to (the origin its own
// script came from: nothing is fetched from any other host), live updates by conditional GET
// (the answer's ETag; unchanged answers are 304 and leave the widget as it is), the error shown
// in words, and the theme (CSS custom properties; ::part for everything a page may restyle).
import { css, html, LitElement, type PropertyValues, type TemplateResult } from 'lit';
import { isWord, langOf, t, type Lang } from './i18n';

const API_ORIGIN = new URL(import.meta.url).origin;
const DEFAULT_INTERVAL_SECONDS = 30;

export interface WidgetError {
  code: string;
  message: string;
}

export const baseStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    max-width: 100%;
    min-width: 0;
    font-family: var(--ksr-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--ksr-font-size, 1rem);
    line-height: 1.45;
    color: var(--ksr-color-text, #1b1b1b);
    background: var(--ksr-color-background, #ffffff);
    border: 1px solid var(--ksr-color-border, #8a8a8a);
    border-radius: var(--ksr-radius, 6px);
    padding: var(--ksr-padding, 0.75rem);
  }
  :host([hidden]) {
    display: none;
  }
  * {
    box-sizing: border-box;
  }
  h2 {
    font-size: 1.15em;
    margin: 0 0 0.5rem;
    color: var(--ksr-color-heading, inherit);
  }
  a {
    color: var(--ksr-color-accent, #0a58a8);
  }
  a:focus-visible,
  button:focus-visible,
  select:focus-visible,
  [tabindex]:focus-visible {
    outline: 3px solid var(--ksr-color-focus, #0a58a8);
    outline-offset: 2px;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: left;
    padding: 0.35rem 0.5rem;
    border-bottom: 1px solid var(--ksr-color-border, #8a8a8a);
    vertical-align: top;
  }
  th {
    font-weight: 600;
  }
  td.num,
  th.num {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  .scroll {
    overflow-x: auto;
    max-width: 100%;
  }
  .muted {
    color: var(--ksr-color-muted, #545454);
    font-size: 0.9em;
  }
  .error {
    border-left: 4px solid var(--ksr-color-error, #b00020);
    padding: 0.5rem 0.75rem;
    background: var(--ksr-color-error-background, #fdecee);
    color: var(--ksr-color-text, #1b1b1b);
  }
  button,
  select {
    font: inherit;
    color: inherit;
    background: var(--ksr-color-control, #f2f2f2);
    border: 1px solid var(--ksr-color-border, #8a8a8a);
    border-radius: 4px;
    padding: 0.3rem 0.6rem;
    min-height: 2.25rem;
  }
  button {
    cursor: pointer;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  @media (max-width: 480px) {
    th,
    td {
      padding: 0.3rem 0.3rem;
    }
    .hide-narrow {
      display: none;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      transition: none !important;
      animation: none !important;
    }
  }
`;

export abstract class KsrWidget<D> extends LitElement {
  static override properties = {
    key: { type: String },
    lang: { type: String },
    interval: { type: Number },
    api: { type: String },
    data: { state: true },
    error: { state: true },
    updatedAt: { state: true },
  };

  declare key: string;
  declare lang: string;
  /** Seconds between checks for changes (0: never). */
  declare interval: number;
  /** The API's origin; by default the one this script was loaded from. */
  declare api: string;
  declare data: D | undefined;
  declare error: WidgetError | undefined;
  declare updatedAt: Date | undefined;

  private timer: ReturnType<typeof setTimeout> | undefined;
  private etag: string | null = null;
  private controller: AbortController | undefined;

  constructor() {
    super();
    this.key = '';
    this.lang = '';
    this.interval = DEFAULT_INTERVAL_SECONDS;
    this.api = API_ORIGIN;
  }

  protected get language(): Lang {
    return langOf(this.lang || this.parentElement?.closest('[lang]')?.getAttribute('lang'));
  }

  /** Which stored document, with which variables. */
  protected abstract request(): { document: keyof typeof __KSR_DOCUMENTS__; variables: Record<string, string | null | undefined> };

  protected abstract renderData(data: D): TemplateResult;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
    this.controller?.abort();
  }

  private signature = '';

  protected override updated(_changed: PropertyValues): void {
    // A new key, scope or interval: start over.
    const signature = JSON.stringify([this.key, this.api, this.interval, this.request()]);
    if (this.signature !== '' && signature !== this.signature) {
      this.etag = null;
      void this.refresh();
    }
    this.signature = signature;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.interval > 0 && this.isConnected) this.timer = setTimeout(() => void this.refresh(), this.interval * 1000);
  }

  /** One conditional GET; re-renders only when the answer changed. */
  async refresh(): Promise<void> {
    clearTimeout(this.timer);
    this.controller?.abort();
    const controller = (this.controller = new AbortController());
    const { document, variables } = this.request();
    const given = Object.fromEntries(Object.entries(variables).filter(([, v]) => v !== null && v !== undefined && v !== ''));
    const url = new URL('/widgets/graphql', this.api);
    url.searchParams.set('documentId', __KSR_DOCUMENTS__[document]);
    if (Object.keys(given).length > 0) url.searchParams.set('variables', JSON.stringify(given));
    url.searchParams.set('key', this.key);
    try {
      // no-cache: the browser revalidates its copy with If-None-Match; an unchanged answer is a 304.
      const res = await fetch(url, { cache: 'no-cache', credentials: 'omit', signal: controller.signal, mode: 'cors' });
      const etag = res.headers.get('etag');
      if (res.ok && etag !== null && etag === this.etag && this.data !== undefined && !this.error) {
        this.updatedAt = new Date();
        return;
      }
      const body = (await res.json()) as { data?: D; errors?: { message: string; extensions?: { code?: string } }[] };
      if (!res.ok || body.errors?.length || !body.data) {
        const e = body.errors?.[0];
        this.error = { code: e?.extensions?.code ?? 'OTHER_ERROR', message: e?.message ?? `HTTP ${res.status}` };
        this.data = undefined;
        this.etag = null;
      } else {
        this.error = undefined;
        this.data = body.data;
        this.etag = etag;
        this.updatedAt = new Date();
        this.dispatchEvent(new CustomEvent('ksr-update', { bubbles: true, composed: true }));
      }
    } catch (e) {
      if (controller.signal.aborted) return;
      this.error = { code: 'NETWORK_ERROR', message: e instanceof Error ? e.message : String(e) };
    } finally {
      if (!controller.signal.aborted) this.schedule();
    }
  }

  protected renderError(error: WidgetError): TemplateResult {
    const lang = this.language;
    const words = isWord(error.code) ? t(lang, error.code) : t(lang, 'OTHER_ERROR');
    return html`<div class="error" role="alert" part="error">
      <strong>${t(lang, 'errorTitle')}</strong>
      <p>${words}</p>
      <p class="muted">${error.message} (${error.code})</p>
    </div>`;
  }

  override render(): TemplateResult {
    if (this.error) return this.renderError(this.error);
    if (this.data === undefined) return html`<p class="muted" role="status" part="status">${t(this.language, 'loading')}</p>`;
    return this.renderData(this.data);
  }
}
