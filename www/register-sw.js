// Registers the service worker that keeps the app working offline (sw.js precaches every asset).
// An external file, because the page's CSP allows no inline script. It waits for the app's
// first result (the `juesuan-ready` event), so that precaching does not compete with the
// checker's own first download; 10 s after the page has loaded at the latest.
if ('serviceWorker' in navigator && (location.protocol === 'https:' || location.hostname === '127.0.0.1' || location.hostname === 'localhost')) {
  let asked = false;
  const register = () => {
    if (asked) return;
    asked = true;
    navigator.serviceWorker.register('./sw.js', { scope: './' }).catch((err) => {
      console.warn('juesuan: service worker not registered:', err);
    });
  };
  window.addEventListener('juesuan-ready', register, { once: true });
  window.addEventListener('load', () => setTimeout(register, 10000));
}
