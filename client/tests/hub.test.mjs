// The real @microsoft/signalr client under node's test runner, against a running server (GW_URL).
// Run by tests/GradientWeb.Server.Tests (NodeSignalRClientTests), which starts the server on a free port.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HubConnectionBuilder, HttpTransportType, LogLevel } from '@microsoft/signalr';

const base = process.env.GW_URL;
if (!base) throw new Error('Set GW_URL to the server, e.g. http://127.0.0.1:5080');

async function startJob(body) {
  const response = await fetch(new URL('/train', base), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(response.status, 202);
  return (await response.json()).id;
}

/** Watches a job as the page does: holds live messages until the snapshot is in, then checks the sequence. */
async function watchToTheEnd(jobId, transport) {
  const connection = new HubConnectionBuilder().withUrl(new URL('/hubs/training', base).toString(), { transport }).configureLogging(LogLevel.Error).build();
  const live = [];
  let done;
  const finished = new Promise((resolve) => (done = resolve));
  connection.on('Epochs', (id, records) => id === jobId && live.push(...records.map((r) => r.epoch)));
  connection.on('Status', (job) => job.id === jobId && !['queued', 'running'].includes(job.status) && done(job.status));
  await connection.start();
  const snapshot = await readSnapshot(connection, jobId);
  if (!['queued', 'running'].includes(snapshot.job.status)) done(snapshot.job.status);
  const status = await finished;
  await connection.stop();
  return { epochs: [...snapshot.records.map((r) => r.epoch), ...live], snapshotCount: snapshot.records.length, status };
}

/** Watch's stream of pages as one snapshot, the way the page reads it (client/src/transport/hub.ts). */
function readSnapshot(connection, jobId) {
  return new Promise((resolve, reject) => {
    let job = null;
    const records = [];
    let pages = 0;
    connection.stream('Watch', jobId).subscribe({
      next: (page) => {
        pages++;
        job ??= page.job;
        records.push(...page.records);
      },
      complete: () => resolve({ job, records, pages }),
      error: reject,
    });
  });
}

const lecture000 = { dataset: { name: 'icecream' }, model: { type: 'linear' }, loss: 'sse', optimizer: { type: 'sgd' }, lr: 0.001, epochs: 30, init: { weights: [-5, 10] } };
const range = (n) => Array.from({ length: n }, (_, i) => i);

for (const [name, transport] of [['WebSockets', HttpTransportType.WebSockets], ['Server-Sent Events', HttpTransportType.ServerSentEvents], ['long polling', HttpTransportType.LongPolling]]) {
  test(`every record of lecture 000 arrives once, in order, over ${name}`, async () => {
    const id = await startJob(lecture000);
    const seen = await watchToTheEnd(id, transport);
    assert.equal(seen.status, 'completed');
    assert.deepEqual(seen.epochs, range(31));
  });
}

test('a watcher joining mid-run misses nothing and sees nothing twice', async () => {
  const n = 20000;
  const x = range(n).map((i) => i / 10000);
  const id = await startJob({ dataset: { x, y: x.map((v) => 1 + 2 * v) }, loss: 'mse', lr: 0.01, epochs: 20000 });
  const early = watchToTheEnd(id, HttpTransportType.WebSockets);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const late = await watchToTheEnd(id, HttpTransportType.WebSockets);
  const first = await early;
  assert.deepEqual(first.epochs, range(20001));
  assert.deepEqual(late.epochs, range(20001));
  assert.equal(late.status, 'completed');
  console.log(`late watcher joined with ${late.snapshotCount} of 20001 records in its snapshot`);
});
