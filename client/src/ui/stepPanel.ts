import { t } from '../i18n/i18n';
import { formatNumber } from '../format/numbers';
import { toNumber, type Step, type TrainRequest } from '../types';

/** A number as written on the board: up to 6 decimals, powers of ten as powers (5.4715 × 10⁻⁸), never "-0". */
const fmt = (v: number) => {
  if (!Number.isFinite(v) || v === 0 || Math.abs(v) >= 1e5 || Math.abs(v) < 1e-4) return formatNumber(v, 5);
  const text = v.toFixed(6).replace(/\.?0+$/, '');
  return text === '-0' ? '0' : text;
};

/** A factor inside a product or under a power: negative or scientific values in parentheses, "0.1·(-5.47 × 10⁻⁸)". */
const factor = (v: number) => {
  const text = fmt(v);
  return v < 0 || text.includes('×') ? `(${text})` : text;
};

/**
 * The step in numbers (lecture 000 checks one by hand): per weight θ, ∂L/∂θ, the optimizer's state and the
 * update, and the update rule written out with the numbers of the chosen weight.
 */
export class StepPanel {
  private selected = 0;
  private step: Step | null = null;
  private request: TrainRequest | null = null;

  constructor(private readonly root: HTMLElement) {
    root.addEventListener('click', (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>('tr[data-index]');
      if (row && this.step) {
        this.selected = Number(row.dataset.index);
        this.render();
      }
    });
  }

  clear(): void {
    this.step = null;
    this.selected = 0;
    this.root.replaceChildren();
    delete this.root.dataset.epoch;
    delete this.root.dataset.waiting;
  }

  /** While the player follows a running job: the step is computed once the player stops on an epoch. */
  waiting(): void {
    if (this.root.dataset.waiting) return;
    this.root.dataset.waiting = 'true';
    const hint = document.createElement('p');
    hint.className = 'hint';
    hint.textContent = t('step.following');
    this.root.replaceChildren(hint);
  }

  show(step: Step, request: TrainRequest): void {
    delete this.root.dataset.waiting;
    this.step = step;
    this.request = request;
    if (this.selected >= step.paramNames.length) this.selected = 0;
    this.render();
  }

  private render(): void {
    const s = this.step!;
    // Adam's bias-corrected m̂ and v̂ are written out in the rule for the chosen weight; the table keeps the state the
    // optimizer stores, so its columns fit a card without breaking a number.
    const columns = s.stateAfter.filter((b) => b.name !== 'm_hat' && b.name !== 'v_hat');
    const stateNames = columns.map((b) => b.name);
    const rows = s.paramNames.slice(0, 50).map((name, i) => {
      // The table is the overview (4 significant digits, so a column fits); the rule below writes the chosen weight in full.
      const cell = (v: number | string, kind = '') => `<td${kind ? ` class="${kind}"` : ''}>${unbreakable(formatNumber(toNumber(v), 4))}</td>`;
      const state = columns.map((b) => cell(b.values[i], 'state')).join('');
      return `<tr data-index="${i}" class="${i === this.selected ? 'selected' : ''}"><th>${escape(name)}</th>${cell(s.weights[i])}${cell(s.gradient[i])}${state}${cell(s.update[i])}${cell(s.weightsAfter[i], 'after')}</tr>`;
    });
    const more = s.paramNames.length > 50 ? `<p class="hint">${t('step.first50', { count: s.paramNames.length })}</p>` : '';
    const head = `<tr><th>${t('step.weight')}</th><th>θ</th><th>∂L/∂θ</th>${stateNames.map((n) => `<th class="state">${escape(n)}</th>`).join('')}<th>Δθ</th><th class="after">${t('step.after')}</th></tr>`;
    this.root.innerHTML = `
      <p class="step-title">${s.stepTaken ? t('step.title', { step: s.step, from: s.epoch, to: s.epoch + 1 }) : t('step.last', { epoch: s.epoch })} · L = ${fmt(toNumber(s.loss))}</p>
      <div class="table-scroll"><table class="numbers"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div>${more}
      <pre class="rule" data-rule>${numbersWhole(escape(rule(s, this.selected, this.request!)))}</pre>`;
    this.root.dataset.epoch = String(s.epoch);
  }
}

/** The update of weight i written out with its numbers, per torch.optim's algorithm. */
export function rule(s: Step, i: number, request: TrainRequest): string {
  const o = request.optimizer ?? { type: 'sgd' };
  const lr = request.lr;
  const name = s.paramNames[i];
  const θ = toNumber(s.weights[i]);
  const g = toNumber(s.gradient[i]);
  const after = toNumber(s.weightsAfter[i]);
  const state = (list: Step['stateAfter'], key: string) => {
    const b = list.find((x) => x.name === key);
    return b ? toNumber(b.values[i]) : 0;
  };
  const wd = Number(o.weightDecay ?? 0);
  const decay = wd ? `g = ∂L/∂θ + λθ = ${fmt(g)} + ${wd}·${factor(θ)} (weight decay)\n` : '';
  switch (o.type) {
    case 'adam':
    case 'adamw': {
      const [b1, b2] = (o.betas as number[] | undefined) ?? [0.9, 0.999];
      const eps = Number(o.eps ?? 1e-8);
      const m0 = state(s.stateBefore, 'exp_avg');
      const v0 = state(s.stateBefore, 'exp_avg_sq');
      const m = state(s.stateAfter, 'exp_avg');
      const v = state(s.stateAfter, 'exp_avg_sq');
      const mh = state(s.stateAfter, 'm_hat');
      const vh = state(s.stateAfter, 'v_hat');
      return `${decay}t = ${s.step}
m ← β₁·m + (1 − β₁)·g = ${b1}·${factor(m0)} + ${fmt(1 - b1)}·${factor(g)} = ${fmt(m)}
v ← β₂·v + (1 − β₂)·g² = ${b2}·${factor(v0)} + ${fmt(1 - b2)}·${factor(g)}² = ${fmt(v)}
m̂ = m / (1 − β₁ᵗ) = ${fmt(mh)}    v̂ = v / (1 − β₂ᵗ) = ${fmt(vh)}
${name} ← ${name} − α·m̂ / (√v̂ + ε) = ${fmt(θ)} − ${lr}·${factor(mh)} / (${fmt(Math.sqrt(vh))} + ${fmt(eps)}) = ${fmt(after)}`;
    }
    case 'rmsprop': {
      const alpha = Number(o.alpha ?? 0.99);
      const eps = Number(o.eps ?? 1e-8);
      const s0 = state(s.stateBefore, 'square_avg');
      const s1 = state(s.stateAfter, 'square_avg');
      const first = `${decay}s ← α·s + (1 − α)·g² = ${alpha}·${factor(s0)} + ${fmt(1 - alpha)}·${factor(g)}² = ${fmt(s1)}\n`;
      if (Number(o.momentum ?? 0) || o.centered) {
        return `${first}${name} ← ${name} − lr·(momentum buffer of g / (√s + ε), centred if asked) = ${fmt(after)}   (Δ = ${fmt(after - θ)})`;
      }
      return `${first}${name} ← ${name} − lr·g / (√s + ε) = ${fmt(θ)} − ${lr}·${factor(g)} / (${fmt(Math.sqrt(s1))} + ${fmt(eps)}) = ${fmt(after)}`;
    }
    case 'adagrad': {
      const s1 = state(s.stateAfter, 'sum');
      return `${decay}sum ← sum + g² = ${fmt(state(s.stateBefore, 'sum'))} + ${factor(g)}² = ${fmt(s1)}
${name} ← ${name} − lr·g / (√sum + ε) = ${fmt(θ)} − ${lr}·${factor(g)} / ${fmt(Math.sqrt(s1))} = ${fmt(after)}`;
    }
    default: {
      const momentum = Number(o.momentum ?? 0);
      if (momentum) {
        const b = state(s.stateAfter, 'momentum_buffer');
        const b0 = state(s.stateBefore, 'momentum_buffer');
        const first = s.stateBefore.length === 0;
        return `${decay}${first ? `b ← g = ${fmt(g)} (first step)` : `b ← μ·b + (1 − dampening)·g = ${momentum}·${factor(b0)} + ${factor(g)} = ${fmt(b)}`}
${name} ← ${name} − α·b = ${fmt(θ)} − ${lr}·${factor(b)} = ${fmt(after)}`;
      }
      return `${decay}${name} ← ${name} − α·∂L/∂${name} = ${fmt(θ)} − ${lr}·${factor(g)} = ${fmt(after)}`;
    }
  }
}

/** A number's own spaces ("5.47 × 10⁻⁸") as narrow no-break spaces: a line may break between numbers, never inside one. */
const unbreakable = (text: string) => text.replace(/ × /g, '\u202f×\u202f');

/** Every number of the rule in a span that never breaks (the browser otherwise splits "5.4715 × 10⁻⁸" at 1280 px). */
function numbersWhole(html: string): string {
  return html.replace(/-?\d[\d.]*(?: × 10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?/g, (n) => `<span class="n">${unbreakable(n)}</span>`);
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
