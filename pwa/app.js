// The wallet app's entry point: registers the service worker (installable, works offline).
// The screens and the protocol modules load from here as they arrive.

async function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) {
    return null;
  }
  return navigator.serviceWorker.register("/sw.js", { scope: "/", type: "classic" });
}

function showReady() {
  const loading = document.querySelector("[data-wallet-loading]");
  if (loading) {
    loading.hidden = true;
  }
  document.documentElement.dataset.walletReady = "true";
}

registerServiceWorker()
  .catch((error) => console.error("service worker not registered", error))
  .finally(showReady);
