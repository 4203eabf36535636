import { toNumber, type Job } from '../types';

/** Status, progress (epoch k of E) and, for a diverged run, where it left. */
export class StatusBar {
  constructor(
    private readonly root: HTMLElement,
    private readonly label: HTMLElement,
    private readonly progress: HTMLProgressElement,
    private readonly progressText: HTMLElement,
    private readonly detail: HTMLElement,
  ) {}

  show(job: Job | null, epochsReceived: number): void {
    if (!job) {
      this.root.dataset.status = 'idle';
      this.label.textContent = 'Start a job, or open one with ?job=…';
      return;
    }
    const done = Math.max(0, epochsReceived - 1);
    this.root.dataset.status = job.status;
    this.root.dataset.epoch = String(done);
    this.label.textContent = job.status;
    this.progress.max = job.epochsTotal;
    this.progress.value = done;
    this.progressText.textContent = `epoch ${done} of ${job.epochsTotal}`;
    this.detail.textContent = describe(job) + gradientCheck(job);
  }
}

function describe(job: Job): string {
  switch (job.status) {
    case 'diverged':
      return `Diverged at epoch ${job.divergedAt}: the loss became ${job.result ? String(toNumber(job.result.finalLoss)) : 'non-finite'}. α = ${job.request.lr}${bound(job)}: try a smaller learning rate.`;
    case 'failed':
      return `Failed: ${job.error ?? 'unknown error'}`;
    case 'cancelled':
      return `Cancelled at epoch ${job.epochsDone}; its history is kept.`;
    case 'interrupted':
      return `Interrupted at epoch ${job.epochsDone} when the server stopped; POST /jobs/${job.id}/restart runs it again.`;
    case 'completed':
      return job.result ? `final loss ${toNumber(job.result.finalLoss).toPrecision(6)}, weights [${job.result.finalWeights.map((w) => toNumber(w).toFixed(4)).join(', ')}]${bound(job)}` : '';
    default:
      return `job ${job.id}`;
  }
}

/** Lecture 000's point: plain gradient descent is stable only for α < 2/λmax. */
function bound(job: Job): string {
  const limit = job.diagnostics?.stableLrBound;
  if (limit == null) return '';
  return ` · stable for α < ${limit.toPrecision(5)}${job.diagnostics!.boundIsEstimate ? ' (estimated)' : ''}`;
}

/** The start's gradient check: autograd against central differences. */
function gradientCheck(job: Job): string {
  const d = job.diagnostics;
  if (!d) return '';
  const ok = d.maxRelativeDifference < 1e-2;
  return ` · gradient check ${ok ? '✓' : '✗'} (autograd vs finite differences: max relative difference ${d.maxRelativeDifference.toExponential(1)})`;
}
