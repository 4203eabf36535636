// Load test: a lecture hall on one server. Starts the real server (Release build) on loopback, submits 200 jobs as
// fast as it can (mixed models, 30 to 10 000 epochs) while 200 SignalR clients (npm @microsoft/signalr) watch them,
// then kills the server mid-run, restarts it and checks that every finished job's history is intact.
//
//   ./tests/load/run.sh            (builds the server in Release, then runs this with node)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpTransportType, HubConnectionBuilder, LogLevel, peakMemoryMb, pct, readSnapshot, root, serverDll as dll, submit as submitTo, waitReady } from './load-client.mjs';

const JOBS = Number(process.env.LOAD_JOBS ?? 200);
const PORT = Number(process.env.LOAD_PORT ?? 5391);
const base = `http://127.0.0.1:${PORT}`;
const dataDir = mkdtempSync(join(tmpdir(), 'gradientweb-load-'));

function startServer() {
  const server = spawn('dotnet', [dll, '--urls', base], {
    cwd: join(root, 'server/GradientWeb.Server'),
    env: {
      ...process.env,
      Storage__Path: join(dataDir, 'load.db'),
      Limits__CreateBurst: '100000', // one client stands in for a whole class; the limiter is per IP
      Limits__CreatePerMinute: '100000',
      Training__QueueCapacity: '256',
      Logging__LogLevel__Default: 'Warning',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return server;
}

const mixes = [
  (i) => ({ dataset: { name: 'icecream' }, loss: 'sse', lr: 0.001, epochs: 30 + (i % 5) * 100, init: { weights: [-5, 10] } }),
  (i) => ({ dataset: { name: 'linear30' }, loss: 'mse', lr: 0.001, epochs: 10000 }),
  (i) => ({ dataset: { name: 'logistic' }, model: { type: 'logistic' }, loss: 'bce', optimizer: { type: 'adam' }, lr: 0.05, epochs: 500 + (i % 3) * 500, init: { seed: 43052 } }),
  (i) => ({ dataset: { name: 'dnnex0' }, model: { type: 'mlp', layers: [{ linear: 2 }, 'relu', { linear: 1 }, 'sigmoid'] }, loss: 'bce', optimizer: { type: 'adam' }, lr: 0.1, epochs: 1000, init: { seed: i } }),
  (i) => ({ model: { type: 'function', expression: '3*u^2 + 3*v^2 - u*v + 7*u - 7*v + 10' }, lr: 0.05, epochs: 2000, init: { weights: [4, 4] } }),
];

const submit = (body) => submitTo(base, body);

/** Watches one job as the page does and checks every record's loss and weights arrive once, in order. */
async function watch(job) {
  const connection = new HubConnectionBuilder().withUrl(`${base}/hubs/training`, { transport: HttpTransportType.WebSockets }).configureLogging(LogLevel.None).build();
  const live = [];
  let finish;
  const finished = new Promise((r) => (finish = r));
  connection.on('Epochs', (id, records) => id === job.id && live.push(...records));
  // The final status comes after the job's last records; the watcher listens 3 s more to catch any that come late.
  let atStatus = null;
  connection.on('Status', (j) => { if (j.id === job.id && !['queued', 'running'].includes(j.status)) { atStatus ??= live.length; setTimeout(() => finish(j.status), 3000); } });
  await connection.start();
  const snapshot = await readSnapshot(connection, job.id);
  if (!['queued', 'running'].includes(snapshot.job.status)) finish(snapshot.job.status);
  const status = await finished;
  const doneAt = performance.now();
  await connection.stop();
  const records = [...snapshot.records, ...live];
  const inOrder = records.every((r, k) => r.epoch === k && r.loss !== undefined && Array.isArray(r.weights));
  const firstBreak = records.findIndex((r, k) => r.epoch !== k);
  const detail = `snapshot ${snapshot.records.length} (epochs ${snapshot.records[0]?.epoch ?? '-'}..${snapshot.records.at(-1)?.epoch ?? '-'}, job ${snapshot.job.status} at ${snapshot.job.epochsDone}), live ${live.length} (epochs ${live[0]?.epoch ?? '-'}..${live.at(-1)?.epoch ?? '-'}), first out of order at ${firstBreak}, ${atStatus} live records when the status came`;
  return { status, received: records.length, expected: job.epochs + 1, inOrder, latencyMs: doneAt - job.t0, detail, job, lateRecords: atStatus === null ? 0 : live.length - atStatus };
}

let server = startServer();
await waitReady(base);
console.log(`GradientWeb load test: ${JOBS} jobs, ${JOBS} SignalR watchers, server pid ${server.pid}, ${base}`);

// Phase 1: everything at once.
const t0 = performance.now();
const submitted = await Promise.all(Array.from({ length: JOBS }, (_, i) => submit(mixes[i % mixes.length](i))));
const accepted = submitted.filter((s) => s.status === 202);
console.log(`submitted in ${(performance.now() - t0).toFixed(0)} ms: ${accepted.length} accepted, ${submitted.length - accepted.length} rejected (${[...new Set(submitted.filter((s) => s.status !== 202).map((s) => s.status))].join(', ') || 'none'})`);
const watched = await Promise.all(accepted.map(watch));
const complete = watched.filter((w) => w.status === 'completed' && w.inOrder && w.received === w.expected);
for (const w of watched.filter((w) => !(w.status === 'completed' && w.inOrder && w.received === w.expected)).slice(0, 5)) {
  console.log(`  watcher of ${w.job.id} (${w.job.epochs} epochs): ${w.status}, ${w.received}/${w.expected} records; ${w.detail}`);
}
const late = watched.filter((w) => w.lateRecords > 0);
console.log(`${late.length} watchers got records after the job's final status (${late.reduce((s, w) => s + w.lateRecords, 0)} records)`);
const latencies = watched.map((w) => w.latencyMs);
const seconds = (performance.now() - t0) / 1000;
console.log(`finished in ${seconds.toFixed(1)} s (${(accepted.length / seconds).toFixed(1)} jobs/s); submit → completion p50 ${pct(latencies, 50).toFixed(0)} ms, p99 ${pct(latencies, 99).toFixed(0)} ms`);
console.log(`watchers: ${complete.length}/${watched.length} got every record (loss and weights) once and in order; records received ${watched.reduce((s, w) => s + w.received, 0)} of ${watched.reduce((s, w) => s + w.expected, 0)} expected`);
console.log(`server peak memory (VmHWM): ${peakMemoryMb(server.pid).toFixed(0)} MB`);
// A student is one job and one watcher; LOAD_JOBS raises the class size to find where delivery stops being whole.
console.log(complete.length === JOBS
  ? `one ${(await import('node:os')).availableParallelism()}-core node held all ${JOBS} students (a job and a watcher each) with every record delivered`
  : `one node did NOT deliver every record to ${JOBS} students: ${complete.length} complete`);

// Phase 2: long jobs, killed mid-run. A 1→64→64→1 net (~0.6 ms an epoch): the 1→2→1 net's 100 000 epochs now take
// ~0.6 s, and four of twenty once finished before the kill.
const longJob = (i) => ({ dataset: { name: 'dnnex0' }, model: { type: 'mlp', layers: [{ linear: 64 }, 'relu', { linear: 64 }, 'relu', { linear: 1 }, 'sigmoid'] }, loss: 'bce', optimizer: { type: 'adam' }, lr: 0.01, epochs: 100000, init: { seed: i } });
const long = await Promise.all(Array.from({ length: 20 }, (_, i) => submit(longJob(i))));
await new Promise((r) => setTimeout(r, 1500));
server.kill('SIGKILL');
await new Promise((r) => server.once('exit', r));
console.log('server killed (SIGKILL) with 20 long jobs queued or running; restarting');
server = startServer();
await waitReady(base);

let intact = 0;
for (const job of accepted) {
  const history = await (await fetch(`${base}/jobs/${job.id}/history`)).json();
  const ok = history.records.length === job.epochs + 1 && history.records.every((r, k) => r.epoch === k);
  if (ok) intact++;
}
const states = {};
let consistent = 0;
for (const job of long) {
  const j = await (await fetch(`${base}/jobs/${job.id}`)).json();
  states[j.status] = (states[j.status] ?? 0) + 1;
  const history = await (await fetch(`${base}/jobs/${job.id}/history`)).json();
  // Every kept epoch from 0 up to the last one done (a job past Limits:MaxStoredValues keeps every k-th: recordEvery).
  const every = j.recordEvery ?? 1;
  if (history.records.every((r, k) => r.epoch === k * every) && (history.records.length === 0 || history.records.at(-1).epoch === j.epochsDone)) consistent++;
}
console.log(`after restart: ${intact}/${accepted.length} finished jobs have their whole history; killed jobs: ${JSON.stringify(states)}, ${consistent}/${long.length} with a consistent partial history`);
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
rmSync(dataDir, { recursive: true, force: true });
const ok = complete.length === watched.length && late.length === 0 && intact === accepted.length && consistent === long.length && (states.interrupted ?? 0) === long.length;
console.log(ok ? 'LOAD TEST PASSED' : 'LOAD TEST FAILED');
process.exit(ok ? 0 : 1);
