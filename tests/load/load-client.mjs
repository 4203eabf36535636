// What both load scripts do as a client: the npm @microsoft/signalr package (from client/node_modules), submitting a
// job, reading Watch's stream of pages as one snapshot, waiting for /readyz, a node's peak memory and percentiles.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../..');
export const serverDll = join(root, 'server/GradientWeb.Server/bin/Release/net10.0/GradientWeb.Server.dll');
const require = createRequire(join(root, 'client', 'package.json'));
export const { HubConnectionBuilder, HttpTransportType, LogLevel } = require('@microsoft/signalr');

// @microsoft/signalr throws this from a WebSocket's close callback, where no promise can catch it, when a loaded server
// cancels the handshake of a connection still starting; that connection's start() rejects too, and the watcher
// connects again. Anything else uncaught still ends the run.
process.on('uncaughtException', (error) => {
  if (String(error?.message).includes('was called while the connection is still in the connecting state')) return;
  console.error(error);
  process.exit(1);
});

/** POSTs one job to `base`; returns its status, id, epochs and when it was sent. */
export async function submit(base, body) {
  const t0 = performance.now();
  const response = await fetch(`${base}/train`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const json = await response.json();
  return { status: response.status, id: json.id, epochs: body.epochs, t0 };
}

/** Watch's stream of pages as one snapshot: the first page's job, every page's records. */
export function readSnapshot(connection, jobId) {
  return new Promise((resolve, reject) => {
    let job = null;
    const records = [];
    connection.stream('Watch', jobId).subscribe({
      next: (page) => {
        job ??= page.job;
        for (const r of page.records) records.push(r);
      },
      complete: () => resolve({ job, records }),
      error: reject,
    });
  });
}

/**
 * One SignalR connection watching one job as the page does: live records that arrive while the snapshot streams are
 * held, then the snapshot's records and the held ones go to `take` in that order, then live ones as they come.
 * `watching(snapshot)` is called once the snapshot is in. Resolves with the job's final status and the job as that
 * status told it (`job`), or with null when the connection failed or closed first, or `until` (a `performance.now()`
 * time) passed (`lastError` says why). A final status can come ahead of records its node never sent (it died after
 * storing them); a caller holding fewer than `job.epochsDone` says watches again, as the page does.
 */
export async function watchOnce(hubUrl, jobId, take, options = {}, watching = () => {}, until = Infinity) {
  const connection = new HubConnectionBuilder().withUrl(hubUrl, options).configureLogging(LogLevel.None).build();
  const held = [];
  let ready = false;
  let lastError = null;
  let finish;
  const finished = new Promise((r) => (finish = r));
  let endedJob = null;
  const ended = (status) => !['queued', 'running'].includes(status);
  connection.on('Epochs', (id, records) => id === jobId && (ready ? take(records) : held.push(records)));
  connection.on('Status', (j) => j.id === jobId && ended(j.status) && ((endedJob ??= j), finish(j.status)));
  connection.onclose((error) => {
    lastError ??= error?.message ?? 'closed';
    finish(null);
  });
  const timer = Number.isFinite(until)
    ? setTimeout(() => ((lastError ??= 'no final status before the deadline'), finish(null)), Math.max(0, until - performance.now()))
    : null;
  try {
    await connection.start();
    const snapshot = await readSnapshot(connection, jobId);
    take(snapshot.records);
    for (const records of held) take(records);
    ready = true;
    watching(snapshot);
    if (ended(snapshot.job.status)) (endedJob ??= snapshot.job), finish(snapshot.job.status);
  } catch (error) {
    lastError = error?.message ?? String(error);
    finish(null);
  }
  const status = await finished;
  clearTimeout(timer);
  await connection.stop().catch(() => {});
  return { status, job: status ? endedJob : null, lastError };
}

/** Waits up to `seconds` for `base`/readyz (a node starting on a loaded machine with two others takes a while). */
export async function waitReady(base, seconds = 180) {
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    try {
      if ((await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5000) })).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${base} did not become ready in ${seconds} s`);
}

/** A process's peak resident memory (VmHWM) in MB. */
export const peakMemoryMb = (pid) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

export const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
