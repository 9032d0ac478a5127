/**
 * The wallet's screens, routed on the URL fragment (the server never sees it). Each route
 * names the module under `screens/` that draws it; a module is loaded the first time its
 * screen is shown (so scanning code is not loaded to show the cards).
 *
 * | fragment | screen |
 * | --- | --- |
 * | `#/` | "Mijn gegevens": the cards (screens/home.js) |
 * | `#/scan` | scan a QR code with the camera (screens/scan.js) |
 * | `#/receive` | paste a link, for who cannot scan (screens/receive.js) |
 * | `#/offer?…` | receive credentials: the issuer's same-device button, a scanned offer (screens/offer.js) |
 * | `#/present?…` | share data: the relying party's same-device button, a scanned request (screens/present.js) |
 * | `#/card?id=…` | one card: its data, delete it (screens/card.js) |
 * | `#/history` | what was received and shared (screens/history.js) |
 * | `#/cases` | "Mijn zaken": cases started by sharing data, their status and messages (screens/cases.js) |
 * | `#/inbox` | "Berichten": messages from the case mailboxes (screens/inbox.js) |
 * | `#/message?id=…` | one message: read receipt, re-issue button, push for its sender (screens/inbox.js) |
 * | `#/backup` | make or update the encrypted backup, the recovery phrase (screens/backup.js) |
 * | `#/restore` | restore a backup with the recovery phrase (screens/backup.js) |
 * | `#/settings` | settings, delete the wallet (screens/settings.js) |
 * | `#/lock` | "Vergrendelen": lock the wallet now (screens/unlock.js) |
 *
 * The gate: while the wallet is locked (always after a reload: vault.js keeps the data key in
 * memory only) every fragment first shows the setup or unlock screen (screens/unlock.js),
 * without the navigation, and then the screen asked for; it locks again after five minutes
 * out of sight.
 */

import { locale, failedScreen, h, buttonLink, show, showNavigation, t } from './ui.js';
import { lockScreen, lockWhenAway } from './screens/unlock.js';
import { isUnlocked } from './vault.js';

export const ROUTES = {
  '#/': ['./screens/home.js', 'homeScreen'],
  '#/scan': ['./screens/scan.js', 'scanScreen'],
  '#/receive': ['./screens/receive.js', 'receiveScreen'],
  '#/offer': ['./screens/offer.js', 'offerScreen'],
  '#/present': ['./screens/present.js', 'presentScreen'],
  '#/card': ['./screens/card.js', 'cardScreen'],
  '#/history': ['./screens/history.js', 'historyScreen'],
  '#/cases': ['./screens/cases.js', 'casesScreen'],
  '#/settings': ['./screens/settings.js', 'settingsScreen'],
  '#/inbox': ['./screens/inbox.js', 'inboxScreen'],
  '#/message': ['./screens/inbox.js', 'messageScreen'],
  '#/backup': ['./screens/backup.js', 'backupScreen'],
  '#/restore': ['./screens/backup.js', 'restoreScreen'],
  '#/lock': ['./screens/unlock.js', 'lockNow'],
};

function notFoundScreen() {
  show(
    h('h1', { class: 'utrecht-heading-1' }, t('not_found')),
    h('div', { class: 'regie-actions' }, buttonLink('#/', t('back_home'))),
  );
}

/** Show the screen for the current fragment; the screen gets the whole fragment. */
export async function route() {
  const hash = location.hash || '#/';
  const path = hash.split('?')[0] === '#' ? '#/' : hash.split('?')[0];
  const target = ROUTES[path];
  try {
    if (!isUnlocked()) {
      showNavigation(false);
      await lockScreen(hash, route);
      return;
    }
    document.documentElement.dataset.walletVault = 'open';
    // the wallet provider: register once, then fetch messages in the background (never blocks)
    import('./screens/inbox.js').then((inbox) => inbox.startInbox()).catch((failure) => console.error(failure));
    if (!target) {
      notFoundScreen();
      return;
    }
    showNavigation(true);
    const [module, name] = target;
    const screen = (await import(module))[name];
    await screen(hash);
  } catch (failure) {
    console.error(failure);
    failedScreen(failure);
  }
}

/** Start routing: the current screen now, and on every fragment change. */
export function startScreens() {
  document.documentElement.lang = locale;
  window.addEventListener('hashchange', () => { route(); });
  lockWhenAway(route);
  return route();
}
