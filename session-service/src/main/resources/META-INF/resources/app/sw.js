// The app opens without a network: its own files come from this cache. Nothing the services answer is cached.
const CACHE = 'companion-v1';
const SHELL = ['/app/', '/app/app.js', '/app/words.js', '/app/outbox.mjs', '/app/app.css', '/app/manifest.webmanifest', '/app/icon.svg'];

self.addEventListener('install', event => {
  event.waitUntil(caches.open(CACHE).then(cache => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => {
  event.waitUntil(caches.keys().then(keys => Promise.all(keys.filter(k => k !== CACHE).map(k => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', event => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin || !SHELL.includes(url.pathname)) {
    return;
  }
  // The network first, so a new version shows at once; the cache when there is no network.
  event.respondWith(fetch(event.request).then(response => {
    const copy = response.clone();
    caches.open(CACHE).then(cache => cache.put(event.request, copy));
    return response;
  }).catch(() => caches.match(event.request)));
});
