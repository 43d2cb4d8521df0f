// Polyphony's service worker: keeps the app shell available offline, so a board reloaded
// without a connection still opens (its content comes from the browser's saved copy).
// Network first, so a deployed update is picked up as soon as the server is reachable.
const CACHE = 'polyphony-shell-v3';
const SHELL = ['/', '/index.html', '/style.css', '/boot.js', '/favicon.svg', '/polyphony_client.js', '/polyphony_client_bg.wasm'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/ws/')) return;
  const shellRequest = event.request.mode === 'navigate' ? '/index.html' : event.request;
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(shellRequest, copy));
        }
        return response;
      })
      .catch(() => caches.match(shellRequest).then((cached) => cached || Response.error())),
  );
});
