import dagre from '@dagrejs/dagre';
import { formatNumber } from '../format/numbers';
import { toNumber, type GraphNode } from '../types';

const SVG = 'http://www.w3.org/2000/svg';
const NODE_W = 230;
const NODE_H = 78;
/** Text in the graph's own units; the graph scales to its box but never below 14 px text (it scrolls instead). */
const FONT = 16;
const MIN_FONT_PX = 14;
/** Characters that fit a node's width at FONT. */
const FITS = 24;

/** The first values (as many as fit the node), then "…". */
const short = (values: readonly (number | string)[] | null, total: number) => {
  if (!values) return '';
  let text = '';
  for (let i = 0; i < values.length; i++) {
    const next = `${i > 0 ? ', ' : ''}${formatNumber(toNumber(values[i]), 4)}`;
    if (text.length + next.length > FITS - 3) return `${text}, …`;
    text += next;
  }
  return total > values.length ? `${text}, …` : text;
};

const clip = (text: string) => (text.length > FITS ? `${text.slice(0, FITS - 1)}…` : text);

/**
 * The computation graph of ŷ and the loss (lecture 002's make_dot): data, parameters and ops top to bottom,
 * each with its shape, value and gradient at the player's epoch. dagre lays it out once per job; later
 * epochs only change the numbers.
 */
export class GraphPanel {
  private layoutKey = '';
  private texts = new Map<number, { value: SVGTextElement; grad: SVGTextElement; title: string }>();

  constructor(private readonly root: HTMLElement) {}

  clear(): void {
    this.layoutKey = '';
    this.texts.clear();
    this.root.replaceChildren();
  }

  show(nodes: readonly GraphNode[], total: number, epoch: number): void {
    const key = nodes.map((n) => `${n.id}:${n.label}:${n.inputs.join('.')}`).join('|');
    if (key !== this.layoutKey) this.layout(nodes, total, key);
    for (const n of nodes) {
      const t = this.texts.get(n.id);
      if (!t) continue;
      const size = n.shape[0] * n.shape[1];
      t.value.textContent = `= ${short(n.value, size)}`;
      t.grad.textContent = n.grad ? `∂L/∂· ${short(n.grad, size)}` : '';
      t.value.parentElement!.querySelector('title')!.textContent = `${t.title}\n= ${n.value?.map((v) => formatNumber(toNumber(v), 6)).join(', ') ?? ''}`;
    }
    this.root.dataset.epoch = String(epoch);
    this.root.dataset.nodes = String(nodes.length);
  }

  private layout(nodes: readonly GraphNode[], total: number, key: string): void {
    this.layoutKey = key;
    this.texts.clear();
    const g = new dagre.graphlib.Graph();
    g.setGraph({ rankdir: 'TB', nodesep: 20, ranksep: 30, marginx: 6, marginy: 6 });
    g.setDefaultEdgeLabel(() => ({}));
    for (const n of nodes) g.setNode(String(n.id), { width: NODE_W, height: NODE_H });
    for (const n of nodes) for (const i of n.inputs) g.setEdge(String(i), String(n.id));
    dagre.layout(g);
    const { width = 0, height = 0 } = g.graph();

    const svg = document.createElementNS(SVG, 'svg');
    // Scaled to the box's width (the whole graph in view), but no narrower than keeps its text at 14 px.
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('preserveAspectRatio', 'xMidYMin meet');
    svg.classList.add('graph');
    svg.style.minWidth = `${Math.ceil((width * MIN_FONT_PX) / FONT)}px`;
    svg.style.maxWidth = `${Math.ceil(width * 1.25)}px`;
    for (const e of g.edges()) {
      const points = g.edge(e).points ?? [];
      const path = document.createElementNS(SVG, 'polyline');
      path.setAttribute('points', points.map((p: { x: number; y: number }) => `${p.x},${p.y}`).join(' '));
      path.setAttribute('class', 'edge');
      svg.append(path);
    }
    for (const n of nodes) {
      const { x, y } = g.node(String(n.id));
      const group = document.createElementNS(SVG, 'g');
      group.setAttribute('class', `node ${n.kind}${n.id === nodes.length - 1 ? ' root' : ''}`);
      group.setAttribute('transform', `translate(${x - NODE_W / 2},${y - NODE_H / 2})`);
      const rect = document.createElementNS(SVG, 'rect');
      rect.setAttribute('width', String(NODE_W));
      rect.setAttribute('height', String(NODE_H));
      rect.setAttribute('rx', '5');
      const name = `${n.label}${n.kind === 'op' && n.op !== n.label ? ` (${n.op})` : ''} [${n.shape.join('×')}]`;
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
    const note = total > nodes.length ? `<p class="hint">The ${nodes.length} nodes nearest the loss of ${total}.</p>` : '';
    this.root.innerHTML = note;
    this.root.append(svg);
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
