// <juesuan-check lang="zh-CN"></juesuan-check>: the whole checker in a shadow root of any page.
//
//   <script type="module" src="https://your.host/juesuan/embed.js"></script>
//   <juesuan-check lang="zh-CN"></juesuan-check>
//
// The element's styles stay inside its shadow root and the page's stay outside. The JS API is
// here too:  const { check } = await (await import('.../embed.js')).load();
// It comes from the checker's own module (the one the app's Web Worker runs), so a page that
// only wants the API never downloads the app, and the app's first download carries no checker.
// The build (www/hooks/post_build.mjs) fills in the hashed asset names and their integrity.
const ASSETS = {
  js: '__JUESUAN_JS__',
  jsIntegrity: '__JUESUAN_JS_SRI__',
  wasm: '__JUESUAN_WASM__',
  css: '__JUESUAN_CSS__',
  cssIntegrity: '__JUESUAN_CSS_SRI__',
};
const base = new URL('./', import.meta.url);
let app;
let api;

/** Load the checker once; resolves to its exports: check(text, options), rules(), version(). */
export function load() {
  api ??= import(new URL('juesuan-worker.js', base).href).then(async (m) => {
    await m.default({ module_or_path: new URL('juesuan-worker_bg.wasm', base) });
    return { check: m.check, rules: m.rules, version: m.version };
  });
  return api;
}

/** Load the app's module once (for mount). */
function loadApp() {
  app ??= import(new URL(ASSETS.js, base).href).then(async (m) => {
    await m.default({ module_or_path: new URL(ASSETS.wasm, base) });
    return m;
  });
  return app;
}

class JuesuanCheck extends HTMLElement {
  async connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: 'open' });
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = new URL(ASSETS.css, base).href;
    link.integrity = ASSETS.cssIntegrity;
    link.crossOrigin = 'anonymous';
    const container = document.createElement('div');
    root.append(link, container);
    const m = await loadApp();
    m.mount(container, this.getAttribute('lang') || 'zh-CN', base.href);
  }
}

if (!customElements.get('juesuan-check')) customElements.define('juesuan-check', JuesuanCheck);
