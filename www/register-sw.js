// Registers the service worker that keeps the app working offline (sw.js precaches every asset).
// An external file, because the page's CSP allows no inline script.
if ('serviceWorker' in navigator && (location.protocol === 'https:' || location.hostname === '127.0.0.1' || location.hostname === 'localhost')) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js', { scope: './' }).catch((err) => {
      console.warn('juesuan: service worker not registered:', err);
    });
  });
}
