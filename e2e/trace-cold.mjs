// A Chromium performance trace of a cold load with the sample as the saved input, summarised:
// the main thread's tasks from navigation to the first result, and what each spent its time on.
// `node e2e/trace-cold.mjs [out.json]` (needs dist/; not part of the test run).
import { readFile, writeFile } from 'node:fs/promises';
import { browser, coldPage, serve, SAMPLE } from './support.mjs';

const out = process.argv[2] ?? 'target/e2e/trace-cold.json';
const site = await serve();
const sample = await readFile(SAMPLE, 'utf8');
const b = await browser();
const page = await coldPage(b, sample);
const cdp = await b.context.newCDPSession(page);
const events = [];
cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
const done = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
await cdp.send('Tracing.start', {
  categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8,v8.execute,blink.user_timing,loading,disabled-by-default-v8.compile,v8.wasm',
  transferMode: 'ReportEvents',
});
await page.goto(site.url);
await new Promise((ok) => setTimeout(ok, 3000)); // no Playwright script on the page meanwhile
await page.waitForSelector('[data-testid=banner][data-verdict=error]');
await page.waitForTimeout(300);
const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)])));
await cdp.send('Tracing.end');
await done;
await writeFile(out, JSON.stringify(events));
await b.close();
await site.close();

// Summarise: navigation start = the first 'navigationStart' mark.
const nav = events.find((e) => e.name === 'navigationStart' && e.args?.data?.isLoadingMainFrame)?.ts
  ?? Math.min(...events.filter((e) => e.ts > 0).map((e) => e.ts));
const ms = (ts) => ((ts - nav) / 1000).toFixed(1);
console.log('marks', JSON.stringify(marks));
const threads = {};
for (const e of events) if (e.name === 'thread_name') threads[`${e.pid}:${e.tid}`] = e.args.name;
const tasks = events.filter((e) => e.ph === 'X' && e.name === 'RunTask' && e.dur > 3000 && e.ts > nav);
tasks.sort((a, b) => a.ts - b.ts);
for (const t of tasks) {
  const thread = threads[`${t.pid}:${t.tid}`] ?? t.tid;
  const inner = events.filter((e) => e.ph === 'X' && e.pid === t.pid && e.tid === t.tid && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + t.dur && e !== t && e.dur > 1000);
  const by = {};
  for (const e of inner) by[e.name] = (by[e.name] ?? 0) + e.dur;
  const top = Object.entries(by).sort((a, b) => b[1] - a[1]).slice(0, 6).map(([n, d]) => `${n} ${(d / 1000).toFixed(1)}`).join(', ');
  console.log(`${ms(t.ts).padStart(7)} +${(t.dur / 1000).toFixed(1).padStart(6)} ms  ${thread}: ${top}`);
}
