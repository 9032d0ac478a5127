// The wallet's service worker: the app shell works offline; API and credential responses are
// never cached. The shell's files and version come from /shell.js, which wallet_api makes from
// the files of pwa/ (the version is a hash of their contents): a changed shell file gives a new
// version, the browser installs the new worker, which precaches the new shell and deletes the
// old caches on activate.
importScripts("/shell.js");
const VERSION = self.SHELL_VERSION;
const SHELL = self.SHELL;

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
