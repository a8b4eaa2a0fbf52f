// <ksr-network key="…" network="…"> (or voivodeship="26"): the cooperation network as a picture
// (graphology + sigma.js, ForceAtlas2 layout), hover or keyboard focus names an institution,
// zoom with buttons, keys or the wheel; the same data as a table (the accessible alternative).
import { html, css, type PropertyValues, type TemplateResult } from 'lit';
import Graph from 'graphology';
import circular from 'graphology-layout/circular';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import Sigma from 'sigma';
import { KsrWidget, baseStyles } from './lib/base';
import { sectorLabel, t, typeLabel } from './lib/i18n';

interface GraphNode {
  id: string;
  name: string;
  type: string;
  sector: string;
  degree: number;
  community: number;
}
interface GraphLink {
  sourceId: string;
  targetId: string;
  weight: number;
  crossSector: boolean;
}
interface NetworkData {
  cooperationGraph: {
    graphVersion: string;
    nodeCount: number;
    edgeCount: number;
    nodes: { edges: { node: GraphNode }[] };
    links: { edges: { node: GraphLink }[] };
  };
}

/** Sector colours, each at least 3:1 against white (WCAG 1.4.11 for graphics). */
const SECTOR_COLOURS: Record<string, string> = {
  SOCIAL_EMPLOYMENT: '#0a58a8',
  SOCIAL_ASSISTANCE: '#b3261e',
  LABOUR_MARKET: '#6b4ea2',
  NON_GOVERNMENTAL: '#1e6b2f',
  SOCIAL_ECONOMY: '#8a5a00',
  CULTURE: '#a0207a',
  SPORT_RECREATION: '#00707a',
  EDUCATION: '#c2410c',
  HEALTH: '#7a3b00',
  HEALTH_PREVENTION: '#3f6212',
  BUSINESS: '#4b5563',
  LOCAL_GOVERNMENT: '#1d4ed8',
  NATIONAL_GOVERNMENT: '#374151',
  RESEARCH_COORDINATION: '#5b21b6',
};

const reducedMotion = (): boolean => globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

export class KsrNetwork extends KsrWidget<NetworkData> {
  static override properties = {
    ...KsrWidget.properties,
    network: { type: String },
    voivodeship: { type: String },
    showTable: { type: Boolean, attribute: 'show-table' },
    focused: { state: true },
  };

  static override styles = [
    baseStyles,
    css`
      .stage {
        position: relative;
        width: 100%;
        height: var(--ksr-network-height, 420px);
        border: 1px solid var(--ksr-color-border, #8a8a8a);
        border-radius: 4px;
        background: var(--ksr-color-canvas, #ffffff);
      }
      .stage:focus-visible {
        outline: 3px solid var(--ksr-color-focus, #0a58a8);
        outline-offset: 2px;
      }
      .sigma {
        position: absolute;
        inset: 0;
      }
      .tools {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        margin: 0.5rem 0;
        align-items: center;
      }
      .focus {
        min-height: 1.5em;
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.75rem;
        padding: 0;
        margin: 0.5rem 0 0;
        list-style: none;
        font-size: 0.9em;
      }
      .dot {
        display: inline-block;
        width: 0.75em;
        height: 0.75em;
        border-radius: 50%;
        margin-right: 0.3em;
        vertical-align: middle;
      }
    `,
  ];

  declare network: string;
  declare voivodeship: string;
  declare showTable: boolean;
  declare focused: string | null;

  private renderer: Sigma | undefined;
  private graph: Graph | undefined;
  private hovered: string | null = null;
  private drawnVersion = '';

  constructor() {
    super();
    this.network = '';
    this.voivodeship = '';
    this.showTable = false;
    this.focused = null;
  }

  protected request() {
    return { document: 'network' as const, variables: { network: this.network, voivodeship: this.voivodeship } };
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.renderer?.kill();
    this.renderer = undefined;
    this.drawnVersion = '';
  }

  private nodes(data: NetworkData): GraphNode[] {
    return data.cooperationGraph.nodes.edges.map((e) => e.node).sort((a, b) => b.degree - a.degree || a.name.localeCompare(b.name, 'pl'));
  }

  private build(data: NetworkData): Graph {
    const graph = new Graph({ type: 'undirected', multi: false });
    const nodes = this.nodes(data);
    const max = Math.max(1, ...nodes.map((n) => n.degree));
    for (const n of nodes) graph.addNode(n.id, { label: n.name, size: 4 + (10 * n.degree) / max, color: SECTOR_COLOURS[n.sector] ?? '#4b5563', x: 0, y: 0 });
    for (const { node: l } of data.cooperationGraph.links.edges) {
      if (graph.hasNode(l.sourceId) && graph.hasNode(l.targetId) && !graph.hasEdge(l.sourceId, l.targetId))
        graph.addEdge(l.sourceId, l.targetId, { size: Math.min(4, l.weight), color: '#9a9a9a' });
    }
    circular.assign(graph);
    if (graph.order > 1)
      forceAtlas2.assign(graph, { iterations: 200, settings: { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 200 } });
    return graph;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const data = this.data;
    const container = this.renderRoot.querySelector<HTMLElement>('.sigma');
    if (!data || !container) {
      this.renderer?.kill();
      this.renderer = undefined;
      this.drawnVersion = '';
      return;
    }
    const version = data.cooperationGraph.graphVersion + JSON.stringify(data.cooperationGraph.nodes.edges.length);
    if (this.renderer && version === this.drawnVersion && this.renderer.getContainer() === container) {
      this.renderer.refresh();
      return;
    }
    this.renderer?.kill();
    this.graph = this.build(data);
    this.drawnVersion = version;
    this.renderer = new Sigma(this.graph, container, {
      allowInvalidContainer: true,
      labelRenderedSizeThreshold: 9,
      labelFont: 'system-ui, sans-serif',
      labelColor: { color: '#1b1b1b' },
      zIndex: true,
      nodeReducer: (node, attrs) => {
        const active = this.focused ?? this.hovered;
        if (!active) return attrs;
        if (node === active) return { ...attrs, highlighted: true, forceLabel: true, zIndex: 2 };
        if (this.graph?.areNeighbors(node, active)) return { ...attrs, forceLabel: true, zIndex: 1 };
        return { ...attrs, color: '#c8c8c8', label: '' };
      },
      edgeReducer: (edge, attrs) => {
        const active = this.focused ?? this.hovered;
        if (!active || !this.graph) return attrs;
        return this.graph.hasExtremity(edge, active) ? { ...attrs, color: '#1b1b1b' } : { ...attrs, hidden: true };
      },
    });
    this.renderer.on('enterNode', ({ node }) => {
      this.hovered = node;
      this.renderer?.refresh();
      this.announce(node);
    });
    this.renderer.on('leaveNode', () => {
      this.hovered = null;
      this.renderer?.refresh();
      if (!this.focused) this.announce(null);
    });
    this.renderer.on('clickNode', ({ node }) => this.focusNode(node));
  }

  private announced = '';

  private announce(node: string | null): void {
    const data = this.data;
    const el = this.renderRoot.querySelector('.focus');
    if (!el || !data) return;
    const n = node ? this.nodes(data).find((x) => x.id === node) : undefined;
    this.announced = n ? `${n.name} — ${typeLabel(n.type, this.language)}, ${t(this.language, 'degree').toLowerCase()}: ${n.degree}` : '';
    el.textContent = this.announced;
  }

  private focusNode(node: string | null): void {
    this.focused = node;
    this.announce(node);
    this.renderer?.refresh();
    if (node && this.renderer) {
      const pos = this.renderer.getNodeDisplayData(node);
      if (pos) void this.renderer.getCamera().animate({ x: pos.x, y: pos.y }, { duration: reducedMotion() ? 0 : 300 });
    }
  }

  private zoom(direction: 1 | -1 | 0): void {
    const camera = this.renderer?.getCamera();
    if (!camera) return;
    const duration = reducedMotion() ? 0 : 250;
    if (direction === 0) void camera.animatedReset({ duration });
    else if (direction > 0) void camera.animatedZoom({ duration });
    else void camera.animatedUnzoom({ duration });
  }

  private onKey(e: KeyboardEvent): void {
    const data = this.data;
    if (!data) return;
    const nodes = this.nodes(data);
    if (nodes.length === 0) return;
    const index = this.focused ? nodes.findIndex((n) => n.id === this.focused) : -1;
    const go = (i: number) => {
      e.preventDefault();
      this.focusNode(nodes[(i + nodes.length) % nodes.length].id);
    };
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') go(index + 1);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') go(index <= 0 ? nodes.length - 1 : index - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(nodes.length - 1);
    else if (e.key === '+' || e.key === '=') {
      e.preventDefault();
      this.zoom(1);
    } else if (e.key === '-') {
      e.preventDefault();
      this.zoom(-1);
    } else if (e.key === 'Escape') {
      this.focusNode(null);
      this.zoom(0);
    }
  }

  protected renderData(data: NetworkData): TemplateResult {
    const lang = this.language;
    const g = data.cooperationGraph;
    const nodes = this.nodes(data);
    const names = new Map(nodes.map((n) => [n.id, n.name]));
    const partners = new Map<string, string[]>();
    for (const { node: l } of g.links.edges) {
      partners.set(l.sourceId, [...(partners.get(l.sourceId) ?? []), names.get(l.targetId) ?? l.targetId]);
      partners.set(l.targetId, [...(partners.get(l.targetId) ?? []), names.get(l.sourceId) ?? l.sourceId]);
    }
    const sectors = [...new Set(nodes.map((n) => n.sector))];
    const summary = t(lang, 'pictureSummary', { nodes: g.nodeCount, edges: g.edgeCount });
    return html`<section part="container" aria-labelledby="title">
      <h2 id="title" part="title">${t(lang, 'picture')}</h2>
      <p class="muted" part="summary">${summary}</p>
      <div class="tools" part="tools">
        <button type="button" @click=${() => this.zoom(1)} aria-label=${t(lang, 'zoomIn')}>+</button>
        <button type="button" @click=${() => this.zoom(-1)} aria-label=${t(lang, 'zoomOut')}>−</button>
        <button
          type="button"
          @click=${() => {
            this.focusNode(null);
            this.zoom(0);
          }}
        >
          ${t(lang, 'zoomReset')}
        </button>
        <button
          type="button"
          aria-expanded=${this.showTable ? 'true' : 'false'}
          aria-controls="table"
          @click=${() => {
            this.showTable = !this.showTable;
          }}
        >
          ${this.showTable ? t(lang, 'hideTable') : t(lang, 'showTable')}
        </button>
      </div>
      <div
        class="stage"
        part="canvas"
        tabindex="0"
        role="img"
        aria-roledescription="graph"
        aria-label="${t(lang, 'picture')}: ${summary}. ${t(lang, 'graphHelp')}"
        @keydown=${(e: KeyboardEvent) => this.onKey(e)}
      >
        <div class="sigma"></div>
      </div>
      <p class="focus" part="focus" role="status" aria-live="polite">${this.announced}</p>
      <ul class="legend" part="legend">
        ${sectors.map((s) => html`<li><span class="dot" style="background:${SECTOR_COLOURS[s] ?? '#4b5563'}"></span>${sectorLabel(s, lang)}</li>`)}
      </ul>
      <div id="table" class="scroll" tabindex="0" role="region" aria-label=${t(lang, 'picture')} ?hidden=${!this.showTable}>
        <table part="table">
          <caption class="visually-hidden">
            ${t(lang, 'picture')}
          </caption>
          <thead>
            <tr>
              <th scope="col">${t(lang, 'name')}</th>
              <th scope="col" class="hide-narrow">${t(lang, 'type')}</th>
              <th scope="col" class="num">${t(lang, 'degree')}</th>
              <th scope="col">${t(lang, 'partnersOf')}</th>
            </tr>
          </thead>
          <tbody>
            ${nodes.map(
              (n) =>
                html`<tr data-id=${n.id}>
                  <th scope="row">${n.name}</th>
                  <td class="hide-narrow">${typeLabel(n.type, lang)}</td>
                  <td class="num">${n.degree}</td>
                  <td>${(partners.get(n.id) ?? []).sort((a, b) => a.localeCompare(b, 'pl')).join(', ') || '–'}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>`;
  }
}

if (!customElements.get('ksr-network')) customElements.define('ksr-network', KsrNetwork);
