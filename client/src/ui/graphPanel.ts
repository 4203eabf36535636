import dagre from '@dagrejs/dagre';
import { toNumber, type GraphNode } from '../types';

const SVG = 'http://www.w3.org/2000/svg';
const NODE_W = 150;
const NODE_H = 54;

const short = (values: readonly (number | string)[] | null, total: number) =>
  values ? `${values.map((v) => toNumber(v).toPrecision(4)).join(', ')}${total > values.length ? ', …' : ''}` : '';

/**
 * The computation graph of ŷ and the loss (lecture 002's make_dot): data, parameters and ops top to bottom,
 * each with its shape, value and gradient at the player's epoch. dagre lays it out once per job; later
 * epochs only change the numbers.
 */
export class GraphPanel {
  private layoutKey = '';
  private texts = new Map<number, { value: SVGTextElement; grad: SVGTextElement }>();

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
    }
    this.root.dataset.epoch = String(epoch);
    this.root.dataset.nodes = String(nodes.length);
  }

  private layout(nodes: readonly GraphNode[], total: number, key: string): void {
    this.layoutKey = key;
    this.texts.clear();
    const g = new dagre.graphlib.Graph();
    g.setGraph({ rankdir: 'TB', nodesep: 18, ranksep: 26, marginx: 6, marginy: 6 });
    g.setDefaultEdgeLabel(() => ({}));
    for (const n of nodes) g.setNode(String(n.id), { width: NODE_W, height: NODE_H });
    for (const n of nodes) for (const i of n.inputs) g.setEdge(String(i), String(n.id));
    dagre.layout(g);
    const { width = 0, height = 0 } = g.graph();

    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
    svg.classList.add('graph');
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
      const title = text(7, 14, `${n.label}${n.kind === 'op' && n.op !== n.label ? ` (${n.op})` : ''} [${n.shape.join('×')}]`, 'title');
      const value = text(7, 30, '', 'value');
      const grad = text(7, 45, '', 'grad');
      group.append(rect, title, value, grad);
      svg.append(group);
      this.texts.set(n.id, { value, grad });
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
  t.textContent = content;
  return t;
}
