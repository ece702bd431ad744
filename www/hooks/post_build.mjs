// Trunk post_build hook (Trunk.toml [[hooks]]), run in the staged dist before it is published.
//
// 1. Trunk 0.21 writes its wasm loader as an inline <script type="module"> (trunk issue #288);
//    the page's CSP allows no inline script. Move it to boot-<hash>.js with Subresource
//    Integrity, and strip any build-time nonce.
// 2. Fill embed.js with the hashed asset names (and embed.html with embed.js's integrity).
// 3. Write the service worker's precache list (every staged file) and a version hash into sw.js.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const stage = process.env.TRUNK_STAGING_DIR;
if (!stage) {
  console.error('post_build.mjs: TRUNK_STAGING_DIR is not set (run by Trunk only)');
  process.exit(1);
}
const file = (name) => join(stage, name);
const read = (name) => readFileSync(file(name), 'utf8');
const sri = (data) => `sha384-${createHash('sha384').update(data).digest('base64')}`;
const short = (data) => createHash('sha256').update(data).digest('hex').slice(0, 16);
const fail = (msg) => {
  console.error(`post_build.mjs: ${msg}`);
  process.exit(1);
};

// 1. The loader.
let html = read('index.html');
html = html.replace(/\s+nonce="[^"]*"/g, '');
const inline = /<script type="module"\s*>([\s\S]*?)<\/script>/;
const match = html.match(inline);
if (match) {
  const code = `${match[1].trim()}\n`;
  const boot = `boot-${short(code)}.js`;
  writeFileSync(file(boot), code);
  html = html.replace(inline, `<script type="module" src="./${boot}" integrity="${sri(code)}" crossorigin="anonymous"></script>`);
}
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) fail('an inline <script> is left in index.html');
writeFileSync(file('index.html'), html);

// 2. embed.js / embed.html.
const pick = (re, what) => {
  const m = html.match(re);
  if (!m) fail(`no ${what} in index.html`);
  return m;
};
const js = pick(/(juesuan-web-[0-9a-f]+\.js)/, 'app JS')[1];
const wasm = pick(/(juesuan-web-[0-9a-f]+_bg\.wasm)/, 'app wasm')[1];
const cssTag = pick(/<link[^>]*href="\.?\/?(styles-[0-9a-f]+\.css)"[^>]*>/, 'stylesheet');
const css = cssTag[1];
const embed = read('embed.js')
  .replaceAll('__JUESUAN_JS__', js)
  .replaceAll('__JUESUAN_WASM__', wasm)
  .replaceAll('__JUESUAN_CSS__', css)
  .replaceAll('__JUESUAN_CSS_SRI__', sri(readFileSync(file(css))))
  .replaceAll('__JUESUAN_JS_SRI__', sri(readFileSync(file(js))));
writeFileSync(file('embed.js'), embed);
const embedHtml = read('embed.html')
  .replaceAll('__EMBED_SRI__', sri(embed))
  .replaceAll('__DEMO_SRI__', sri(readFileSync(file('embed-demo.js'))));
writeFileSync(file('embed.html'), embedHtml);

// 3. The service worker.
const walk = (dir) => readdirSync(dir).flatMap((name) => {
  const path = join(dir, name);
  return statSync(path).isDirectory() ? walk(path) : [path];
});
const assets = walk(stage)
  .map((path) => relative(stage, path).split(sep).join('/'))
  .filter((name) => name !== 'sw.js')
  .sort();
const version = short(assets.map((name) => `${name}:${short(readFileSync(file(name)))}`).join('\n'));
const list = ['./', ...assets.map((name) => `./${name}`)];
const sw = read('sw.js')
  .replace('__JUESUAN_VERSION__', version)
  .replace('/* __JUESUAN_PRECACHE__ */ []', JSON.stringify(list, null, 2));
if (sw.includes('__JUESUAN_')) fail('sw.js placeholders left');
writeFileSync(file('sw.js'), sw);

console.log(`post_build.mjs: loader external, ${list.length} assets precached, version ${version}`);
