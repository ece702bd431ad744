// Shared helpers for the end-to-end tests: a static server for dist/ on 127.0.0.1 and
// Debian's Chromium driven by playwright-core (no browser download, no other origin).
import { createServer } from 'node:http';
import { readFile, stat, mkdtemp, rm } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '..');
export const DIST = join(ROOT, 'dist');
export const SAMPLE = join(ROOT, 'tests/fixtures/samples/000.txt');
export const SHOTS = join(ROOT, 'target/e2e');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serve `dir` under `prefix` (a sub-path, to prove relative URLs) on 127.0.0.1, any free port.
 * `pages` maps other paths to { body, headers } (host pages for the embedding tests). Assets are
 * served with CORS, as a host that lets portals embed the checker would. */
export async function serve(dir = DIST, prefix = '/app/', pages = {}) {
  await stat(join(dir, 'index.html')).catch(() => {
    throw new Error(`${dir}/index.html is missing: run trunk build --release first`);
  });
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const page = pages[url.pathname];
    if (page) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...page.headers });
      res.end(page.body);
      return;
    }
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404).end('not found');
      return;
    }
    let path = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
    path = normalize(path).replace(/^(\.\.[/\\])+/, '');
    try {
      const body = await readFile(join(dir, path));
      res.writeHead(200, {
        'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
        'access-control-allow-origin': '*',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { server, port, pages, url: `http://127.0.0.1:${port}${prefix}`, close: () => new Promise((ok) => server.close(ok)) };
}

/** A fresh headless Chromium profile. Every request to another origin is recorded and refused. */
export async function browser() {
  const profile = await mkdtemp(join(tmpdir(), 'juesuan-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 1000 },
    locale: 'zh-CN',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const foreign = [];
  await context.route((url) => !['127.0.0.1', 'localhost'].includes(url.hostname) && url.protocol.startsWith('http'), (route) => {
    foreign.push(route.request().url());
    return route.abort();
  });
  const close = async () => {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  };
  return { context, foreign, close };
}

/** Collect console errors and page errors (CSP violations show up here). */
export function watch(page) {
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  return errors;
}

/** A new page of the fresh browser `b` whose saved input is `text` (the app restores it): the
 * browser process is warmed first (its first page pays for fonts and process set-up), so a
 * cold load measures the app with an empty HTTP cache and no service worker. */
export async function coldPage(b, text) {
  const warm = await b.context.newPage();
  await warm.setContent('<p lang="zh-CN">预热 warm-up</p>');
  await warm.close();
  await b.context.addInitScript((t) => {
    if (!localStorage.getItem('juesuan.input')) localStorage.setItem('juesuan.input', t);
  }, text);
  return b.context.newPage();
}
