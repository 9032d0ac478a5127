// The wallet app's entry point: registers the service worker (installable, works offline) and
// starts the screens (js/router.js), which route on the URL fragment.

import { startScreens } from './js/router.js';

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

registerServiceWorker().catch((error) => console.error("service worker not registered", error));
startScreens()
  .catch((error) => console.error("screens not started", error))
  .finally(showReady);
