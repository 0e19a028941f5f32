// Node's built-in fetch (undici) as a ThroughputBench contender: every URL of the batch fetched at
// once with Promise.all over one undici Agent of MAX_CONNECTIONS keep-alive connections (the
// Agent queues the rest), each body read and checked. Speaks ContenderRun's protocol: one line,
// RESULT node-fetch walls=ms,... ok=n threadsBefore=n threadsPeak=n heapPeakMiB=-1.
// Run: node throughput-fetch.mjs URL_FILE MAX_CONNECTIONS WARMUPS ROUNDS BODY_LENGTH
import { readFileSync } from 'node:fs';

const [urlFile, maxText, warmupsText, roundsText, bodyLengthText] = process.argv.slice(2);
const urls = readFileSync(urlFile, 'utf8').split('\n').filter((u) => u.length > 0);
const bodyLength = Number(bodyLengthText);

function threads() {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('Threads:'));
  return line ? Number(line.replace(/[^0-9]/g, '')) : -1;
}

// One fetch before the Agent's class can be read: the global dispatcher exists once fetch has run.
await fetch(urls[0]).then((r) => r.arrayBuffer());
const Agent = globalThis[Symbol.for('undici.globalDispatcher.1')].constructor;
// connections: the most per origin (none by default); pipelining stays 1, as HTTP/1.1 clients do.
const dispatcher = new Agent({ connections: Number(maxText) });
const threadsBefore = threads();
let threadsPeak = threadsBefore;

async function fetchAll() {
  const answers = urls.map(async (url) => {
    try {
      const response = await fetch(url, { dispatcher });
      const body = await response.arrayBuffer();
      return response.status === 200 && (bodyLength < 0 || body.byteLength === bodyLength);
    } catch (e) {
      return false; // a failed request is a wrong answer, as in every contender
    }
  });
  threadsPeak = Math.max(threadsPeak, threads());
  return (await Promise.all(answers)).filter((ok) => ok).length;
}

for (let i = 0; i < Number(warmupsText); i++) {
  await fetchAll();
}
const walls = [];
let ok = urls.length;
for (let i = 0; i < Number(roundsText); i++) {
  const start = process.hrtime.bigint();
  ok = Math.min(ok, await fetchAll());
  walls.push(Math.round(Number(process.hrtime.bigint() - start) / 1e6));
}
await dispatcher.close();
process.stdout.write(
  `RESULT node-fetch walls=${walls.join(',')} ok=${ok} threadsBefore=${threadsBefore} threadsPeak=${threadsPeak} heapPeakMiB=-1\n`,
);
process.exit(0);
