// Load test across three nodes: one PostgreSQL and one Redis (Debian's, started here on loopback ports), three
// servers (Release build) on one database and one backplane. Submits LOAD_JOBS jobs spread over the nodes while
// LOAD_WATCHERS @microsoft/signalr clients watch them from the nodes in turn, SIGKILLs one node mid-run, and checks
// that every job ends completed with its whole history and every watcher got every record once, in order (a watcher
// whose node died watches again on the next node and drops the records it already has, as the page does).
//
//   ./tests/load/run.sh cluster       (builds the server in Release, then runs this with node)
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpTransportType, peakMemoryMb, pct, root, serverDll as dll, submit as submitTo, waitReady, watchOnce } from './load-client.mjs';

const JOBS = Number(process.env.LOAD_JOBS ?? 1000);
const WATCHERS = Math.min(JOBS, Number(process.env.LOAD_WATCHERS ?? 500));
const FIRST_PORT = Number(process.env.LOAD_PORT ?? 5150); // nodes on the first three, PostgreSQL and Redis on the next two
const PORTS = [FIRST_PORT, FIRST_PORT + 1, FIRST_PORT + 2];
const PG_PORT = Number(process.env.LOAD_PG_PORT ?? FIRST_PORT + 3);
const REDIS_PORT = Number(process.env.LOAD_REDIS_PORT ?? FIRST_PORT + 4);
const LEASE_SECONDS = 6;
const bases = PORTS.map((p) => `http://127.0.0.1:${p}`);
const work = mkdtempSync(join(tmpdir(), 'gradientweb-cluster-'));
chmodSync(work, 0o777);
const asRoot = process.getuid?.() === 0;

function run(cmd, args) {
  const r = asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' }) : spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stdout}${r.stderr}`);
}

// PostgreSQL: Debian's binaries, a cluster of our own in the work folder.
const pgBin = spawnSync('sh', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort | tail -n 1'], { encoding: 'utf8' }).stdout.trim();
const pgData = join(work, 'pg');
run(join(pgBin, 'initdb'), ['-D', pgData, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
run(join(pgBin, 'pg_ctl'), ['-D', pgData, '-o', `-p ${PG_PORT} -k ${pgData} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=300`, '-l', join(pgData, 'log'), '-w', 'start']);
const redis = spawn('redis-server', ['--port', String(REDIS_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
const connectionString = `Host=127.0.0.1;Port=${PG_PORT};Username=postgres;Database=postgres;Maximum Pool Size=40`;

function startNode(i) {
  return spawn('dotnet', [dll, '--urls', bases[i]], {
    cwd: join(root, 'server/GradientWeb.Server'),
    env: {
      ...process.env,
      Storage__Provider: 'postgres',
      Storage__ConnectionString: connectionString,
      Storage__LeaseSeconds: String(LEASE_SECONDS),
      Storage__PollMilliseconds: '500',
      Storage__NodeId: `node${i}`,
      SignalR__Redis: `127.0.0.1:${REDIS_PORT}`,
      Limits__CreateBurst: '100000',
      Limits__CreatePerMinute: '100000',
      Training__QueueCapacity: '5000',
      Logging__LogLevel__Default: 'Warning',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

const mixes = [
  (i) => ({ dataset: { name: 'icecream' }, loss: 'sse', lr: 0.001, epochs: 30 + (i % 5) * 100, init: { weights: [-5, 10] } }),
  (i) => ({ dataset: { name: 'logistic' }, model: { type: 'logistic' }, loss: 'bce', optimizer: { type: 'adam' }, lr: 0.05, epochs: 500 + (i % 3) * 500, init: { seed: 43052 } }),
  (i) => ({ dataset: { name: 'dnnex0' }, model: { type: 'mlp', layers: [{ linear: 2 }, 'relu', { linear: 1 }, 'sigmoid'] }, loss: 'bce', optimizer: { type: 'adam' }, lr: 0.1, epochs: 1000, init: { seed: i } }),
  (i) => ({ model: { type: 'function', expression: '3*u^2 + 3*v^2 - u*v + 7*u - 7*v + 10' }, lr: 0.05, epochs: 2000, init: { weights: [4, 4] } }),
];

let nodes = PORTS.map((_, i) => startNode(i));
// If this script dies (an error, a SIGKILL) a watchdog in its own session stops the servers it started and removes
// their folder, so no node, PostgreSQL or Redis outlives it.
spawn('bash', ['-c', `tail --pid=${process.pid} -f /dev/null; kill -9 ${[redis, ...nodes].map((p) => p.pid).join(' ')} 2>/dev/null; ${asRoot ? 'runuser -u postgres -- ' : ''}${join(pgBin, 'pg_ctl')} -D ${pgData} -m immediate stop; rm -rf ${work}`], { detached: true, stdio: 'ignore' }).unref();
await Promise.all(bases.map((b) => waitReady(b)));
const dead = new Set();
console.log(`GradientWeb cluster load test: ${JOBS} jobs, ${WATCHERS} watchers, 3 nodes (${bases.join(', ')}), PostgreSQL :${PG_PORT}, Redis :${REDIS_PORT}`);

// The checker's own reads: a node this loaded may drop a slow reader's connection (a 750 KB job list read at nice 10);
// that is the checker's problem, not the cluster's, so it reads again.
async function getJson(url) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await (await fetch(url)).json();
    } catch (error) {
      if (attempt === 5) throw error;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

// A node that cannot take a job right now (429 with the queue full, 503 while its database pool is exhausted) stores
// nothing and says so: the client tries again a second later, as a lecturer's script would.
let retries = 0;
async function submit(i) {
  let first;
  for (let attempt = 0; ; attempt++) {
    const sent = await submitTo(bases[(i + attempt) % 3], mixes[i % mixes.length](i));
    first ??= sent;
    if (![429, 503].includes(sent.status) || attempt === 20) return { ...sent, t0: first.t0 };
    retries++;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * Watches a job on node `n`; if the connection fails or drops (its node died, or a node too busy to finish the
 * handshake in time) it waits as the page's automatic reconnect does and watches again on the next live node, keeping
 * records by epoch as the page keeps them.
 */
async function watch(job, n) {
  const kept = [];
  let duplicates = 0;
  let gap = false;
  let attempt = 0;
  let lastError = null;
  const take = (records) => {
    for (const r of records) {
      if (r.epoch < kept.length) duplicates++;
      else if (r.epoch > kept.length) gap ||= `epoch ${r.epoch} after ${kept.length - 1} (attempt ${attempt}, node ${n})`;
      else kept.push(r);
    }
  };
  const result = (status) => ({ status, received: kept.length, expected: job.epochs + 1, duplicates, gap, doneAt: performance.now(), job, node: n, attempts: attempt + 1, lastError });
  for (; attempt < 10; attempt++, n = (n + 1) % 3) {
    if (dead.has(n)) n = (n + 1) % 3;
    if (dead.has(n)) n = (n + 1) % 3;
    watchingOn.set(job.id, n);
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(2 ** attempt, 10) * 1000));
    const once = await watchOnce(`${bases[n]}/hubs/training`, job.id, take, { transport: HttpTransportType.WebSockets });
    lastError = once.lastError;
    // Told it ended ahead of records its node stored but never sent (it died): the finished job's snapshot has them.
    if (once.status && (kept.at(-1)?.epoch ?? -1) < once.job.epochsDone) continue;
    if (once.status) return result(once.status);
  }
  return result('lost');
}

const t0 = performance.now();
const submitted = await Promise.all(Array.from({ length: JOBS }, (_, i) => submit(i)));
const accepted = submitted.filter((s) => s.status === 202);
console.log(`submitted in ${(performance.now() - t0).toFixed(0)} ms: ${accepted.length} accepted (${retries} tries again after a 429 or 503), ${submitted.length - accepted.length} refused (${[...new Set(submitted.filter((s) => s.status !== 202).map((s) => s.status))].join(', ') || 'none'})`);
// Watchers spread over the whole run (every n-th job), so some are still watching on the node that is killed.
const watchedJobs = accepted.filter((_, i) => i % Math.max(1, Math.floor(accepted.length / WATCHERS)) === 0).slice(0, WATCHERS);
const watchingOn = new Map(); // a watcher's node while it is still watching
const watching = watchedJobs.map((job, i) => watch(job, i % 3).then((w) => (watchingOn.delete(job.id), w)));

// Kill node 2 once a third of the jobs are done.
const victim = 2;
let killedAt = 0;
let runningAtKill = [];
for (;;) {
  await new Promise((r) => setTimeout(r, 500));
  const done = await getJson(`${bases[0]}/jobs?status=completed&limit=500`);
  const count = Array.isArray(done) ? done.length : (done.jobs ?? done.items ?? []).length;
  if (count >= JOBS / 3) break;
}
const peaks = nodes.map((n) => peakMemoryMb(n.pid));
{
  const running = await getJson(`${bases[0]}/jobs?status=running&limit=500`);
  runningAtKill = (Array.isArray(running) ? running : (running.jobs ?? running.items ?? [])).map((j) => j.id);
}
const watchersOnVictim = [...watchingOn.values()].filter((n) => n === victim).length;
nodes[victim].kill('SIGKILL');
dead.add(victim);
killedAt = performance.now();
console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s: a third of the jobs completed`);
console.log(`node ${victim} killed (SIGKILL) at ${((killedAt - t0) / 1000).toFixed(1)} s with ${runningAtKill.length} jobs running across the nodes and ${watchersOnVictim} watchers connected to it`);

// Every job must end completed, the dead node's too (rerun elsewhere once its lease runs out).
const finishedAt = new Map();
for (;;) {
  let pending = 0;
  for (const job of accepted) {
    if (finishedAt.has(job.id)) continue;
    const j = await getJson(`${bases[job.id.charCodeAt(0) % 2]}/jobs/${job.id}`);
    if (['queued', 'running'].includes(j.status)) pending++;
    else finishedAt.set(job.id, { status: j.status, at: performance.now() });
  }
  if (pending === 0) break;
  if (performance.now() - t0 > 30 * 60_000) break;
  await new Promise((r) => setTimeout(r, 1000));
}
const elapsed = (performance.now() - t0) / 1000;
const recoveredBy = Math.max(...runningAtKill.map((id) => finishedAt.get(id)?.at ?? performance.now())) - killedAt;
console.log(`jobs ended ${((performance.now() - t0) / 1000).toFixed(1)} s after the first submit; waiting for the watchers`);
// A watcher still waiting 60 s after every job ended has lost something: it counts as failed, never hangs the test.
const watched = await Promise.all(watching.map((w, i) => Promise.race([w, new Promise((r) => setTimeout(() => r({ status: 'timeout', received: 0, expected: watchedJobs[i].epochs + 1, duplicates: 0, gap: false, job: watchedJobs[i] }), 60_000))])));
for (const w of watched.filter((w) => w.status !== 'completed' || w.gap || w.received !== w.expected).slice(0, 5)) {
  console.log(`  watcher of ${w.job.id} (${w.job.epochs} epochs): ${w.status}, ${w.received}/${w.expected} records${w.gap ? `, a gap: ${w.gap}` : ''}${w.lastError ? ` (${w.attempts} connections, the last error: ${w.lastError})` : ''}`);
}

let whole = 0;
for (const job of accepted) {
  const history = await getJson(`${bases[job.id.charCodeAt(1) % 2]}/jobs/${job.id}/history`);
  if (finishedAt.get(job.id)?.status === 'completed' && history.records.length === job.epochs + 1 && history.records.every((r, k) => r.epoch === k)) whole++;
}
const good = watched.filter((w) => w.status === 'completed' && !w.gap && w.received === w.expected);
const latencies = accepted.map((j) => (finishedAt.get(j.id)?.at ?? performance.now()) - j.t0);
const survivors = nodes.filter((_, i) => i !== victim).map((n) => peakMemoryMb(n.pid));
console.log(`all ${accepted.length} jobs ended in ${elapsed.toFixed(1)} s (${(accepted.length / elapsed).toFixed(1)} jobs/s); submit → end p50 ${(pct(latencies, 50) / 1000).toFixed(1)} s, p99 ${(pct(latencies, 99) / 1000).toFixed(1)} s`);
console.log(`jobs: ${whole}/${accepted.length} completed with their whole history`);
console.log(`watchers: ${good.length}/${watched.length} got every record once and in order (${watched.filter((w) => w.node !== undefined).length} watched; ${watched.filter((w) => w.attempts > 1).length} connected more than once; ${watched.reduce((s, w) => s + w.duplicates, 0)} repeated records dropped by epoch)`);
console.log(`peak memory (VmHWM) per node: ${survivors.map((m) => m.toFixed(0)).join(' MB, ')} MB (survivors), ${peaks[victim].toFixed(0)} MB (node ${victim} before the kill)`);
console.log(`the jobs running at the kill all ended ${(recoveredBy / 1000).toFixed(1)} s after it (lease ${LEASE_SECONDS} s)`);

for (const [i, n] of nodes.entries()) if (i !== victim) n.kill('SIGTERM');
await Promise.all(nodes.filter((_, i) => i !== victim).map((n) => new Promise((r) => n.once('exit', r))));
redis.kill('SIGTERM');
spawnSync('runuser', ['-u', 'postgres', '--', join(pgBin, 'pg_ctl'), '-D', pgData, '-m', 'immediate', 'stop']);
rmSync(work, { recursive: true, force: true });
const ok = whole === accepted.length && good.length === watched.length && accepted.length === JOBS;
console.log(ok ? 'CLUSTER LOAD TEST PASSED' : 'CLUSTER LOAD TEST FAILED');
process.exit(ok ? 0 : 1);
