// Node's built-in fetch (undici) as a FanOutBench contender: every URL fetched at once with
// Promise.all, each body read and checked. Speaks FanOutChild's protocol on stdin/stdout; see
// that class. Run: node --expose-gc fanout-fetch.mjs URL_FILE PROBE_FILE|- MAX_CONNECTIONS WARMUPS BODY_LENGTH
//
// Fresh connections: a new undici Agent per batch (the same class as the global dispatcher, whose
// default has no limit on connections per origin), closed after it. Warm: that Agent again.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const [urlFile, probeFile, , warmupsText, bodyLengthText] = process.argv.slice(2);
const urls = readFileSync(urlFile, 'utf8').split('\n').filter((u) => u.length > 0);
const probeUrls = probeFile === '-' ? null : readFileSync(probeFile, 'utf8').split('\n').filter((u) => u.length > 0);
const warmups = Number(warmupsText);
const bodyLength = Number(bodyLengthText);
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

async function ready(kind) {
  process.stdout.write(`READY ${kind}\n`);
  const { value } = await lines.next();
  if (value !== 'GO') throw new Error(`the bench did not say GO before ${kind}`);
}

function status(field) {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith(field));
  return line ? Number(line.replace(/[^0-9]/g, '')) : -1;
}

let threads = 0;
async function fetchAll(list, dispatcher) {
  const answers = list.map(async (url) => {
    try {
      const response = await fetch(url, dispatcher ? { dispatcher } : {});
      const body = await response.arrayBuffer();
      return response.status === 200 && (bodyLength < 0 || body.byteLength === bodyLength);
    } catch (e) {
      return false; // a failed request is a wrong answer, as in every contender
    }
  });
  threads = Math.max(threads, status('Threads:'));
  return (await Promise.all(answers)).filter((ok) => ok).length;
}

function done(kind, start, ok, more = '') {
  const wall = Math.round(Number(process.hrtime.bigint() - start) / 1e6);
  process.stdout.write(`DONE ${kind} wall=${wall} ok=${ok}${more}\n`);
}

await ready('cold');
let start = process.hrtime.bigint();
done('cold', start, await fetchAll(urls, null));
// The global dispatcher exists once fetch has run: its class is undici's Agent. Closed now, so
// that its sockets (kept 4 s by undici's keep-alive) do not outlive the batch, as no other
// client's do: the bench waits for the server to see them closed before the next batch.
const globalAgent = globalThis[Symbol.for('undici.globalDispatcher.1')];
const Agent = globalAgent.constructor;
await globalAgent.close();
// Warm-up rounds as FanOutChild's: a new agent's batch on new sockets, then one on its pool.
for (let i = 0; i < warmups; i += 2) {
  const agent = new Agent();
  for (const kind of ['warmup', 'warmup-reuse']) {
    await ready(kind);
    start = process.hrtime.bigint();
    done(kind, start, await fetchAll(urls, agent));
  }
  await agent.close();
}
const agent = new Agent();
global.gc();
await ready('fresh');
threads = 0;
const cpu = process.cpuUsage();
start = process.hrtime.bigint();
let ok = await fetchAll(urls, agent);
const used = process.cpuUsage(cpu);
done('fresh', start, ok, ` cpuMs=${Math.round((used.user + used.system) / 1000)} threads=${threads}`);
await ready('warm');
start = process.hrtime.bigint();
done('warm', start, await fetchAll(urls, agent));
if (probeUrls) {
  global.gc();
  const before = process.memoryUsage().heapUsed;
  let most = before;
  const sampler = setInterval(() => {
    global.gc();
    most = Math.max(most, process.memoryUsage().heapUsed);
  }, 100);
  await ready('probe');
  start = process.hrtime.bigint();
  ok = await fetchAll(probeUrls, agent);
  clearInterval(sampler);
  done('probe', start, ok, ` heapPerRequest=${Math.round((most - before) / probeUrls.length)}`);
}
await agent.close();
process.stdout.write(`END version=node_${process.version}_undici_${process.versions.undici} rssKiB=${status('VmHWM:')}\n`);
process.exit(0);
