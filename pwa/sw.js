// The wallet's service worker: the app shell works offline; API and credential responses are
// never cached. Bump VERSION when a shell file changes: the new worker precaches the new shell
// and deletes the old caches on activate.
const VERSION = "regie-wallet-shell-v2";

const SHELL = [
  "/",
  "/app.js",
  "/js/b64.js",
  "/js/dcql.js",
  "/js/errors.js",
  "/js/http.js",
  "/js/jose.js",
  "/js/messages.js",
  "/js/oid4vci.js",
  "/js/oid4vp.js",
  "/js/screens.js",
  "/js/screens.messages.js",
  "/js/sdjwt.js",
  "/js/store.js",
  "/js/trust.js",
  "/js/urls.js",
  "/js/x509.js",
  "/manifest.webmanifest",
  "/css/wallet.css",
  "/icons/icon-192.png",
  "/icons/icon-512.png",
  "/icons/maskable-192.png",
  "/icons/maskable-512.png",
  "/static/vendor/@utrecht/component-library-css@9.0.4/index.css",
  "/static/vendor/@nl-design-system-unstable/voorbeeld-design-tokens@7.4.1/theme.css",
  "/static/regie.css",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(VERSION)
      .then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== VERSION).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

function isShellRequest(request, url) {
  return (
    request.method === "GET" &&
    url.origin === self.location.origin &&
    !url.pathname.startsWith("/api/")
  );
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (!isShellRequest(request, url)) {
    return; // API calls, issuers and verifiers: straight to the network, never cached
  }
  if (request.mode === "navigate") {
    // The shell for every navigation (the app routes after "#"): fresh when online.
    event.respondWith(
      fetch(request).catch(() => caches.open(VERSION).then((cache) => cache.match("/"))),
    );
    return;
  }
  event.respondWith(
    caches.open(VERSION).then((cache) =>
      cache.match(request).then((cached) => cached || fetch(request)),
    ),
  );
});
