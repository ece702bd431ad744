// Cold loads of the app with the sample as the saved input: navigation start → the first
// result, several times, each in a fresh browser profile (empty cache, no service worker).
// `node e2e/cold-load.mjs [dist] [runs]` (not part of the test run; dist/ by default).
import { readFile } from 'node:fs/promises';
import { browser, coldPage, serve, SAMPLE, DIST } from './support.mjs';

const dist = process.argv[2] ?? DIST;
const runs = Number(process.argv[3] ?? 5);
const site = await serve(dist);
const sample = await readFile(SAMPLE, 'utf8');
const rows = [];
for (let i = 0; i < runs; i++) {
  const b = await browser();
  const page = await coldPage(b, sample);
  await page.goto(site.url);
  await new Promise((ok) => setTimeout(ok, 3000)); // leave the page alone while it loads
  await page.waitForSelector('[data-testid=banner][data-verdict=error]');
  rows.push(await page.evaluate(() => {
    const at = (n) => Math.round(performance.getEntriesByName(n)[0]?.startTime ?? -1);
    return { start: at('juesuan-start'), runner: at('juesuan-runner'), first: at('juesuan-first-result'), fcp: at('first-contentful-paint') };
  }));
  await b.close();
}
await site.close();
const median = (k) => [...rows.map((r) => r[k])].sort((a, b) => a - b)[Math.floor(rows.length / 2)];
console.log(JSON.stringify(rows));
console.log(`median: app started ${median('start')} ms, runner ${median('runner')} ms, first result ${median('first')} ms, FCP ${median('fcp')} ms`);
