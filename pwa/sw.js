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

// --- web push (issue 6): a nudge that a message arrived; never its text or any claim value ----
// The push payload is {type: "message", mailbox, message, kind, importance}
// (docs/wallet-provider.md). The notification's title and body are the wallet's own texts in
// the resident's language, which the app leaves in a small IndexedDB database when push is
// turned on (store.js saveNotificationTexts); a click opens the inbox. An open wallet is told
// at once ({type: "regie-push"}), so it fetches the new message and its unread badge counts it
// without waiting for its next fetch (screens/inbox.js startInbox).
const NOTIFICATION_DB = "regie-wallet-notifications";

function notificationTexts() {
  return new Promise((resolve) => {
    const open = indexedDB.open(NOTIFICATION_DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore("texts");
    open.onerror = () => resolve(null);
    open.onsuccess = () => {
      try {
        const get = open.result.transaction("texts").objectStore("texts").get("texts");
        get.onsuccess = () => resolve(get.result ?? null);
        get.onerror = () => resolve(null);
      } catch {
        resolve(null);
      }
    };
  });
}

self.addEventListener("push", (event) => {
  let nudge = {};
  try {
    nudge = event.data ? event.data.json() : {};
  } catch {
    nudge = {};
  }
  const shown = notificationTexts().then((texts) =>
    self.registration.showNotification((texts && texts.title) || "Regie", {
      body: (texts && texts.body) || "",
      tag: typeof nudge.message === "string" ? nudge.message : "regie-message",
      requireInteraction: nudge.importance === "high",
      data: { url: "/#/inbox" },
      icon: "/icons/icon-192.png",
    }),
  );
  const told = self.clients
    .matchAll({ type: "window" })
    .then((windows) => windows.forEach((window) => window.postMessage({ type: "regie-push" })));
  event.waitUntil(Promise.all([shown, told]));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL("/#/inbox", self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
      if (open) {
        return open.navigate(target).then((client) => (client || open).focus());
      }
      return self.clients.openWindow(target);
    }),
  );
});
