// <juesuan-check lang="zh-CN"></juesuan-check>: the whole checker in a shadow root of any page.
//
//   <script type="module" src="https://your.host/juesuan/embed.js"></script>
//   <juesuan-check lang="zh-CN"></juesuan-check>
//
// The element's styles stay inside its shadow root and the page's stay outside. The JS API is
// here too:  const { check } = await (await import('.../embed.js')).load();
// The build (www/hooks/post_build.mjs) fills in the hashed asset names and their integrity.
const ASSETS = {
  js: '__JUESUAN_JS__',
  jsIntegrity: '__JUESUAN_JS_SRI__',
  wasm: '__JUESUAN_WASM__',
  css: '__JUESUAN_CSS__',
  cssIntegrity: '__JUESUAN_CSS_SRI__',
};
const base = new URL('./', import.meta.url);
let module;

/** Load the WebAssembly module once; resolves to its exports: check, rules, version, mount. */
export function load() {
  module ??= import(new URL(ASSETS.js, base).href).then(async (m) => {
    await m.default({ module_or_path: new URL(ASSETS.wasm, base) });
    return m;
  });
  return module;
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
    const m = await load();
    m.mount(container, this.getAttribute('lang') || 'zh-CN', base.href);
  }
}

if (!customElements.get('juesuan-check')) customElements.define('juesuan-check', JuesuanCheck);
