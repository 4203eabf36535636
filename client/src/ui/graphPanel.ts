import dagre from '@dagrejs/dagre';
import { t } from '../i18n/i18n';
import { formatNumber } from '../format/numbers';
import { toNumber, type GraphNode } from '../types';

const SVG = 'http://www.w3.org/2000/svg';
const NODE_W = 212;
const NODE_H = 78;
/** Text in the graph's own units: the graph is scaled to fit its box, at most a little larger than this. */
const FONT = 16;
const MAX_SCALE = 1.25;
/** Characters that fit a node's width at FONT. */
const FITS = 22;
/** A digit's width at FONT (system-ui), and the node's side padding: a one-value node is only as wide as its text. */
const CHAR_W = 0.56 * FONT;
const PAD = 16;
/** "∂L/∂· -0.0012345": the longest line a one-value node writes; "= -0.0012345" for a node without a gradient. */
const SCALAR_CHARS = 17;
const VALUE_CHARS = 12;
/** Below this the whole graph is not squeezed into the box's height: it fits the width and scrolls down instead. */
const MIN_FONT_PX = 14;

/** The first values (as many as fit the node), then "…". */
const short = (values: readonly (number | string)[] | null, total: number) => {
  if (!values) return '';
  let text = '';
  for (let i = 0; i < values.length; i++) {
    const next = `${i > 0 ? ', ' : ''}${formatNumber(toNumber(values[i]), 4)}`;
    if (text.length + next.length > FITS - 6) return `${text}, …`;
    text += next;
  }
  return total > values.length ? `${text}, …` : text;
};

const clip = (text: string) => (text.length > FITS ? `${text.slice(0, FITS - 1)}…` : text);

const nodeName = (n: GraphNode) => `${n.label}${n.kind === 'op' && n.op !== n.label ? ` (${n.op})` : ''} [${n.shape.join('×')}]`;

/** A node's width: a one-value node as wide as its longest line, a tensor's as wide as FITS characters. */
const nodeWidth = (n: GraphNode) => {
  if (n.shape[0] * n.shape[1] !== 1) return NODE_W;
  const lines = n.kind === 'constant' || n.kind === 'input' ? VALUE_CHARS : SCALAR_CHARS;
  return Math.min(NODE_W, Math.ceil(Math.max(clip(nodeName(n)).length, lines) * CHAR_W) + PAD);
};

interface Placed {
  width: number;
  height: number;
  nodes: Map<number, { x: number; y: number; w: number }>;
  edges: { x: number; y: number }[][];
}

/** dagre's layout of the graph in one direction: top to bottom (as make_dot draws it) or left to right. */
function place(nodes: readonly GraphNode[], rankdir: 'TB' | 'LR'): Placed {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir, nodesep: 20, ranksep: 30, marginx: 6, marginy: 6 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(String(n.id), { width: nodeWidth(n), height: NODE_H });
  for (const n of nodes) for (const i of n.inputs) g.setEdge(String(i), String(n.id));
  dagre.layout(g);
  const { width = 0, height = 0 } = g.graph();
  const placed = new Map(nodes.map((n) => {
    const { x, y, width: w } = g.node(String(n.id));
    return [n.id, { x, y, w }] as const;
  }));
  return { width, height, nodes: placed, edges: g.edges().map((e) => g.edge(e).points ?? []) };
}

/**
 * The computation graph of ŷ and the loss (lecture 002's make_dot): data, parameters and ops, each with its shape,
 * value and gradient at the player's epoch. dagre lays it out once per job, both top to bottom and left to right;
 * the graph is drawn in whichever direction is larger once scaled to its box: whole where its text stays readable,
 * else as wide as the box and scrolled down (never sideways); again when the box changes size. Later epochs only
 * change the numbers.
 */
export class GraphPanel {
  private layoutKey = '';
  private nodes: readonly GraphNode[] = [];
  private total = 0;
  private placed: Record<'TB' | 'LR', Placed> | null = null;
  private drawn: 'TB' | 'LR' | null = null;
  private svg: SVGSVGElement | null = null;
  private last: { nodes: readonly GraphNode[]; epoch: number } | null = null;
  private texts = new Map<number, { value: SVGTextElement; grad: SVGTextElement; title: string }>();

  constructor(private readonly root: HTMLElement) {
    new ResizeObserver(() => this.fit()).observe(root);
    // A graph too big for its card reads at full size over the page: a click on it enlarges it, another puts it back.
    const figure = root.closest('figure');
    root.addEventListener('click', () => {
      if (!this.svg || !figure) return;
      const on = figure.classList.toggle('enlarged');
      root.title = on ? t('graph.shrink') : t('graph.enlarge');
    });
  }

  clear(): void {
    this.root.closest('figure')?.classList.remove('enlarged');
    this.root.title = '';
    this.layoutKey = '';
    this.placed = null;
    this.drawn = null;
    this.svg = null;
    this.last = null;
    this.texts.clear();
    this.root.replaceChildren();
  }

  show(nodes: readonly GraphNode[], total: number, epoch: number): void {
    const key = nodes.map((n) => `${n.id}:${n.label}:${n.inputs.join('.')}`).join('|');
    if (key !== this.layoutKey) {
      this.layoutKey = key;
      this.nodes = nodes;
      this.total = total;
      this.placed = { TB: place(nodes, 'TB'), LR: place(nodes, 'LR') };
      this.drawn = null;
    }
    this.last = { nodes, epoch };
    this.fit();
    this.fill();
  }

  /** Scales the graph to its box, in the direction that draws it larger; redraws it if the direction changes. */
  private fit(): void {
    const placed = this.placed;
    if (!placed) return;
    const hint = this.root.querySelector('.hint') as HTMLElement | null;
    const width = this.root.clientWidth;
    // In the run grid the box has a height (the figure's row); on a phone it grows with the graph.
    const boxed = this.root.closest('#run-grid[data-rows]:not([data-rows=""])') !== null && this.root.clientHeight > 0;
    const height = boxed ? this.root.clientHeight - (hint?.offsetHeight ?? 0) - 4 : Infinity;
    if (width <= 0) return;
    // The whole graph in view where its text stays readable; else as wide as the box, scrolled down (never sideways).
    const minScale = MIN_FONT_PX / FONT;
    const scale = (p: Placed) => {
      const across = Math.min(MAX_SCALE, width / p.width);
      const whole = Math.min(across, height / p.height);
      return whole >= minScale ? whole : Math.min(across, minScale);
    };
    const dir = scale(placed.LR) > scale(placed.TB) * 1.05 ? 'LR' : 'TB';
    if (dir !== this.drawn) this.draw(dir);
    const p = placed[dir];
    const s = scale(p);
    this.svg!.style.width = `${Math.floor(p.width * s)}px`;
    this.svg!.style.height = `${Math.floor(p.height * s)}px`;
    this.root.dataset.scale = s.toFixed(3);
    this.root.dataset.fontPx = (FONT * s).toFixed(1);
    this.root.dataset.direction = dir;
  }

  private fill(): void {
    const last = this.last;
    if (!last) return;
    for (const n of last.nodes) {
      const t = this.texts.get(n.id);
      if (!t) continue;
      const size = n.shape[0] * n.shape[1];
      t.value.textContent = `= ${short(n.value, size)}`;
      t.grad.textContent = n.grad ? `∂L/∂· ${short(n.grad, size)}` : '';
      t.value.parentElement!.querySelector('title')!.textContent = `${t.title}\n= ${n.value?.map((v) => formatNumber(toNumber(v), 6)).join(', ') ?? ''}`;
    }
    this.root.dataset.epoch = String(last.epoch);
    this.root.dataset.nodes = String(last.nodes.length);
  }

  private draw(dir: 'TB' | 'LR'): void {
    const p = this.placed![dir];
    const nodes = this.nodes;
    this.drawn = dir;
    this.texts.clear();
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', `0 0 ${p.width} ${p.height}`);
    svg.setAttribute('preserveAspectRatio', 'xMidYMin meet');
    svg.classList.add('graph');
    for (const points of p.edges) {
      const path = document.createElementNS(SVG, 'polyline');
      path.setAttribute('points', points.map((q) => `${q.x},${q.y}`).join(' '));
      path.setAttribute('class', 'edge');
      svg.append(path);
    }
    for (const n of nodes) {
      const { x, y, w } = p.nodes.get(n.id)!;
      const group = document.createElementNS(SVG, 'g');
      group.setAttribute('class', `node ${n.kind}${n.id === nodes.length - 1 ? ' root' : ''}`);
      group.setAttribute('transform', `translate(${x - w / 2},${y - NODE_H / 2})`);
      const rect = document.createElementNS(SVG, 'rect');
      rect.setAttribute('width', String(w));
      rect.setAttribute('height', String(NODE_H));
      rect.setAttribute('rx', '5');
      const name = nodeName(n);
      const title = text(8, 21, clip(name), 'title');
      const value = text(8, 45, '', 'value');
      const grad = text(8, 68, '', 'grad');
      // The full name and values on hover: the node shows what fits.
      const tip = document.createElementNS(SVG, 'title');
      tip.textContent = name;
      group.append(tip, rect, title, value, grad);
      svg.append(group);
      this.texts.set(n.id, { value, grad, title: name });
    }
    this.svg = svg;
    if (!this.root.closest('figure')?.classList.contains('enlarged')) this.root.title = t('graph.enlarge');
    this.root.replaceChildren();
    if (this.total > nodes.length) {
      const note = document.createElement('p');
      note.className = 'hint';
      note.textContent = t('graph.nearest', { shown: nodes.length, total: this.total });
      this.root.append(note);
    }
    this.root.append(svg);
    this.fill();
  }
}

function text(x: number, y: number, content: string, cls: string): SVGTextElement {
  const t = document.createElementNS(SVG, 'text');
  t.setAttribute('x', String(x));
  t.setAttribute('y', String(y));
  t.setAttribute('class', cls);
  t.setAttribute('font-size', String(FONT));
  t.textContent = content;
  return t;
}
