// docker/cluster-test.sh's client. POSTs one job through the proxy, then watches it over SignalR through the proxy as
// the page does: negotiate first (the proxy's cookie pins the connection to a node), the snapshot, then live records.
// When the connection drops (its node was killed) it connects through the proxy again and watches again, keeping
// records by epoch as the page does. Prints `job ID` once it watches; at the end checks every epoch arrived once and
// in order and matches GET /jobs/{id}/history, prints what it saw and exits 0, or exits 1 saying what went wrong.
//
//   node docker/cluster/watch-job.mjs http://127.0.0.1:18090 '{"dataset":…,"epochs":…}'
import { submit, watchOnce } from '../../tests/load/load-client.mjs';

const [url, requestJson] = process.argv.slice(2);
const request = JSON.parse(requestJson);
const fail = (message) => {
  console.log(`FAILED: ${message}`);
  process.exit(1);
};

const job = await submit(url, request);
if (job.status !== 202) fail(`POST /train through the proxy answered ${job.status}`);

const kept = [];
let repeated = 0;
let gap = null;
const take = (records) => {
  for (const r of records) {
    if (r.epoch < kept.length) repeated++;
    else if (r.epoch > kept.length) gap ??= `epoch ${r.epoch} after ${kept.length - 1}`;
    else kept.push(r);
  }
};

const deadline = performance.now() + 900_000; // a loaded machine trains the job twice (killed, rerun from epoch 0)
let status = null;
let connections = 0;
while (!status && performance.now() < deadline) {
  connections++;
  const once = await watchOnce(
    `${url}/hubs/training`,
    job.id,
    take,
    {},
    (snapshot) => console.log(connections === 1 ? `job ${job.id}` : `watching again (connection ${connections}): the snapshot had ${snapshot.records.length} records`),
    deadline,
  );
  if (once.status && (kept.at(-1)?.epoch ?? -1) < once.job.epochsDone) {
    // Its node stored the last records and died before sending them: the finished job's snapshot has them.
    console.log(`told the job ended ${once.status} at epoch ${once.job.epochsDone} with ${kept.length} records here; watching again for the rest`);
    continue;
  }
  status = once.status;
  if (!status) {
    console.log(`connection ${connections} ended after ${kept.length} records (${once.lastError}); connecting through the proxy again`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const history = (await (await fetch(`${url}/jobs/${job.id}/history`)).json()).records;
if (status !== 'completed') fail(`the job ended ${status ?? 'not at all in 900 s'}`);
if (gap) fail(`the watcher saw a gap: ${gap}`);
if (kept.length !== job.epochs + 1) fail(`the watcher kept ${kept.length} records, not ${job.epochs + 1}`);
if (history.length !== kept.length || history.some((r, k) => r.epoch !== k || r.loss !== kept[k].loss)) fail('the watched records differ from GET /jobs/{id}/history');
console.log(`watched ${job.id}: ${kept.length} records (epochs 0..${job.epochs}) once and in order over ${connections} connection(s), ${repeated} repeated records dropped by epoch, the same as its stored history; final loss ${kept.at(-1).loss}`);
