// What a person does on the page, in Debian's headless Chromium (playwright-core), against the
// built site (dist/, served from a sub-path on 127.0.0.1). Run: node --test e2e/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { serve, browser, watch, SAMPLE, SHOTS } from './support.mjs';

let site;
let chrome;
let sample;

before(async () => {
  site = await serve();
  chrome = await browser();
  sample = await readFile(SAMPLE, 'utf8');
  await mkdir(SHOTS, { recursive: true });
});

after(async () => {
  await chrome?.close();
  await site?.close();
});

async function open(path = '') {
  const page = await chrome.context.newPage();
  const errors = watch(page);
  await page.goto(site.url + path);
  await page.waitForFunction(() => window.wasmBindings !== undefined);
  return { page, errors };
}

/** The report the JS API gives for `text` (the CLI's JSON shape), computed in the page. */
function apiReport(page, text) {
  return page.evaluate((t) => window.wasmBindings.check(t, { path: 'e2e.txt' }), text);
}

function countsOf(report) {
  const c = { error: 0, warning: 0, info: 0 };
  for (const f of report.findings) c[f.severity] += 1;
  return c;
}

async function shot(page, name) {
  await page.evaluate(() => document.fonts.ready);
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

test('paste the sample: banner counts, highlighted figures, inspector, language, reload', async () => {
  const { page, errors } = await open();
  await page.getByTestId('input').fill(sample);
  const banner = page.getByTestId('banner');
  await page.waitForSelector('[data-testid=banner][data-verdict=error]');

  const report = await apiReport(page, sample);
  const counts = countsOf(report);
  assert.ok(counts.error > 0, 'the founding sample has errors');
  for (const sev of ['error', 'warning', 'info']) {
    assert.equal(await banner.getByTestId(`count-${sev}`).locator('b').innerText(), String(counts[sev]), sev);
  }
  assert.match(await banner.innerText(), /发现勾稽错误/);

  // Every finding is listed (never capped): "显示 N / 共 N 条".
  const total = report.findings.length;
  assert.match(await page.getByTestId('shown').innerText(), new RegExp(`显示 ${total} / 共 ${total} 条`));
  assert.equal(await page.locator('[data-testid=findings] button.finding').count(), total);

  // A highlighted figure in 公开06表 (the first finding the core reports there).
  const index = report.findings.findIndex((f) => f.table === '06' && f.stated !== null);
  assert.ok(index >= 0, 'the core reports a figure in 公开06表');
  const finding = report.findings[index];
  const mark = page.locator(`figure[data-table="06"] mark.hl.primary[data-p~="${index}"]`).first();
  await mark.waitFor();
  assert.match(await mark.getAttribute('class'), /\bprimary\b/);
  const row = mark.locator('xpath=ancestor::tr[1]');
  assert.match(await row.getAttribute('class'), /tint-/);
  assert.equal(await row.getAttribute('data-line'), String(finding.line));

  // Selecting it opens the calculation inspector.
  await mark.click();
  const inspector = page.getByTestId('inspector');
  await inspector.waitFor();
  assert.equal(await inspector.getByTestId('inspector-message').innerText(), finding.message);
  assert.equal(await inspector.getByTestId('inspector-stated').innerText(), finding.stated);
  if (finding.expected !== null) {
    assert.equal(await inspector.getByTestId('inspector-expected').innerText(), finding.expected);
  }
  assert.match(await inspector.innerText(), new RegExp(finding.rule.replace('.', '\\.')));
  assert.ok(await page.locator(`#finding-${index}.selected`).count() === 1, 'the list shows the selection');
  if (finding.related.length > 0) {
    // Related figures are highlighted and jumpable.
    const related = page.locator(`.doc mark.hl.selected-related[data-r~="${index}.0"]`);
    assert.ok(await related.count() >= 1, 'the first related figure is highlighted');
    await inspector.locator('.related-jump').first().click();
  }
  const zhShot = await shot(page, 'inspector-zh');

  // Switch to English: every label and the finding's message.
  await page.getByTestId('lang').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await banner.innerText(), /Contradictions found/);
  assert.match(await banner.innerText(), /errors/);
  assert.equal(await inspector.getByTestId('inspector-message').innerText(), finding.message_en);
  assert.match(await page.getByTestId('shown').innerText(), new RegExp(`showing ${total} of ${total}`));
  await shot(page, 'inspector-en');

  // Keyboard: Escape closes the inspector; J walks the list.
  await page.locator(`#finding-${index}`).focus();
  await page.keyboard.press('Escape');
  await inspector.waitFor({ state: 'detached' });
  await page.keyboard.press('j');
  assert.equal(await page.locator('button.finding.selected').count(), 1);

  // Reload: the input and the language come back.
  await page.waitForTimeout(700); // the input is saved after a short pause
  await page.reload();
  await page.waitForSelector('[data-testid=banner][data-verdict=error]');
  assert.equal(await page.getByTestId('input').inputValue(), sample);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.getByTestId('lang').click();
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');

  assert.deepEqual(errors, [], 'no console errors (CSP violations show up here)');
  assert.deepEqual(chrome.foreign, [], 'no request to another origin');
  console.log(`screenshots: ${zhShot} …`);
  await page.close();
});

test('the sample button, the findings filter and the severity toggles', async () => {
  const { page, errors } = await open();
  await page.getByTestId('clear').click();
  await page.waitForSelector('[data-testid=banner][data-verdict=empty]');
  await page.getByTestId('sample').click();
  await page.waitForSelector('[data-testid=banner][data-verdict=error]');
  assert.equal(await page.getByTestId('input').inputValue(), sample);
  const report = await apiReport(page, sample);
  const total = report.findings.length;
  const errorsOnly = countsOf(report).error;

  await page.getByTestId('toggle-warning').click();
  await page.getByTestId('toggle-info').click();
  assert.equal(await page.locator('button.finding').count(), errorsOnly);
  assert.match(await page.getByTestId('shown').innerText(), new RegExp(`显示 ${errorsOnly} / 共 ${total} 条`));
  await page.getByTestId('toggle-warning').click();
  await page.getByTestId('toggle-info').click();

  const rule = report.findings[0].rule;
  await page.getByTestId('filter').fill(rule);
  const n = report.findings.filter((f) => f.rule === rule).length;
  await page.waitForFunction((k) => document.querySelectorAll('button.finding').length === k, n);
  await page.getByTestId('filter').fill('');
  await page.waitForFunction((k) => document.querySelectorAll('button.finding').length === k, total);

  // Clicking a finding in the list opens it and scrolls the document to it.
  await page.locator('button.finding').first().click();
  await page.getByTestId('inspector').waitFor();
  await shot(page, 'list-click');

  // Export: the CLI's JSON shape, and CSV.
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  assert.equal(json.suggestedFilename(), '000.juesuan.json');
  const exported = JSON.parse(await readFile(await json.path(), 'utf8'));
  assert.deepEqual(Object.keys(exported), ['path', 'unit', 'year', 'kind', 'tables', 'findings']);
  assert.deepEqual(exported.findings.map((f) => f.rule), report.findings.map((f) => f.rule));
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const csvText = await readFile(await csv.path(), 'utf8');
  assert.ok(csvText.startsWith('\ufeff级别,规则,行,列'));
  assert.equal(csvText.split('\r\n').length - 2, total, 'one CSV record a finding');

  // The print stylesheet: no input, no buttons; the verdict, the findings, the document.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.getByTestId('input').isVisible(), false);
  assert.equal(await page.getByTestId('export-json').isVisible(), false);
  assert.ok(await page.getByTestId('findings').isVisible());
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'print');
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(errors, []);
  await page.close();
});

test('files: .csv is read as a table, other formats get a polite message', async () => {
  const { page, errors } = await open();
  const dir = tmpdir();
  const csv = join(dir, 'table.csv');
  await writeFile(csv, '科目编码,科目名称,合计\n201,一般公共服务支出,"1,234.50"\n');
  await page.getByTestId('file').setInputFiles(csv);
  await page.waitForFunction(() => document.querySelector('[data-testid=input]').value.includes('\t'));
  assert.equal(await page.getByTestId('input').inputValue(), '科目编码\t科目名称\t合计\n201\t一般公共服务支出\t1,234.50\n');
  assert.match(await page.getByTestId('notice').innerText(), /已读取 table\.csv/);

  const xlsx = join(dir, '决算.xlsx');
  await writeFile(xlsx, 'PK\u0003\u0004 not really a workbook');
  await page.getByTestId('file').setInputFiles(xlsx);
  await page.waitForSelector('[data-testid=notice].error');
  assert.match(await page.getByTestId('notice').innerText(), /暂不支持读取 决算\.xlsx（\.xlsx 格式），后续版本会支持/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('pasting an Excel table (text/html) reads its cells as tab-separated lines', async () => {
  const { page, errors } = await open();
  await page.getByTestId('clear').click();
  await page.getByTestId('input').focus();
  await page.evaluate(() => {
    const area = document.querySelector('[data-testid=input]');
    const data = new DataTransfer();
    data.setData('text/plain', '科目 合计');
    data.setData('text/html', '<table><tr><td>科目</td><td>合计</td></tr><tr><td>一般公共服务支出</td><td>1.00</td></tr><tr><td>&lt;b&gt;x&lt;/b&gt;</td><td></td></tr></table>');
    area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction(() => document.querySelector('[data-testid=input]').value.length > 0);
  assert.equal(await page.getByTestId('input').inputValue(), '科目\t合计\n一般公共服务支出\t1.00\n<b>x</b>\n');
  // Pasted markup stays text: no <b> element appears in the rendered document.
  await page.waitForSelector('[data-testid=document]');
  assert.equal(await page.locator('[data-testid=document] b').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the check runs in a Web Worker', async () => {
  const { page } = await open();
  await page.getByTestId('sample').click();
  await page.waitForSelector('[data-testid=banner][data-verdict=error]');
  const workers = page.workers().map((w) => w.url());
  assert.ok(workers.some((u) => u.endsWith('juesuan-worker_loader.js')), `workers: ${workers}`);
  await page.close();
});

test('offline after the first visit (service worker precache)', async () => {
  const { page } = await open();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload(); // now controlled by the service worker
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await chrome.context.setOffline(true);
  try {
    await page.reload();
    await page.waitForFunction(() => window.wasmBindings !== undefined);
    await page.getByTestId('sample').click();
    await page.waitForSelector('[data-testid=banner][data-verdict=error]');
    await page.goto(`${site.url}embed.html`);
    await page.locator('juesuan-check [data-testid=banner]').waitFor();
  } finally {
    await chrome.context.setOffline(false);
  }
  await page.close();
});

test('embed.html: <juesuan-check> in a shadow root, styles kept apart, and the JS API', async () => {
  const page = await chrome.context.newPage();
  const errors = watch(page);
  await page.goto(`${site.url}embed.html`);
  const host = page.locator('juesuan-check');
  await host.locator('[data-testid=sample]').click();
  await host.locator('[data-testid=banner][data-verdict=error]').waitFor();
  const inShadow = await page.evaluate(() => {
    const root = document.querySelector('juesuan-check').shadowRoot;
    const button = root.querySelector('[data-testid=sample]');
    return { shadow: root !== null, bg: getComputedStyle(button).backgroundColor };
  });
  assert.ok(inShadow.shadow);
  assert.notEqual(inShadow.bg, 'rgb(0, 255, 0)', "the host's lime buttons do not reach inside");
  const h1 = await page.evaluate(() => getComputedStyle(document.querySelector('h1')).fontFamily);
  assert.match(h1, /Georgia/, "the app's styles do not leak out");
  await host.locator('mark.hl.primary.error').first().click();
  await host.locator('[data-testid=inspector]').waitFor();
  await shot(page, 'embed');

  await page.locator('#api-form button').click();
  await page.waitForFunction(() => document.getElementById('api-out').textContent.length > 0);
  const out = JSON.parse(await page.locator('#api-out').innerText());
  assert.ok('counts' in out && 'tables' in out);
  assert.deepEqual(errors, []);
  await page.close();
});
