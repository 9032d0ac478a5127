/**
 * "Berichten": `#/inbox` lists the messages from the case mailboxes (provider.js fetches and
 * decrypts them; store.js keeps them sealed), newest first, important ones clearly marked,
 * unread ones in bold with "Ongelezen"; a reminder banner when an important message stays
 * unread longer than {@link REMIND_AFTER_MS}. `#/message?id=` shows one: opening it marks it
 * read and sends the read receipt to the sender through the provider; a re-issue prompt
 * (`action.type` `reissue`, issuer/mailbox.py) has a button to the issuer's page that starts
 * the new issuance; notifications (web push) per sender can be turned on and off there, and
 * the notification permission is asked only then.
 *
 * `startInbox()` (router.js, after unlocking): registers the wallet instance at the provider
 * when it is not yet, fetches messages now and every {@link SYNC_MS}, and keeps the
 * navigation's unread badge. Failures never block the wallet: said quietly on this screen.
 */

import {
  ensureRegistered, markMessageRead, sendPendingReceipts, subscribePush, syncMessages, unsubscribePush,
} from '../provider.js';
import { inbox, message, saveNotificationTexts, saveWalletSettings, walletSettings } from '../store.js';
import {
  button, buttonLink, errorRegion, formatDate, forLocale, fragmentParams, h, setUnread, show, t,
} from '../ui.js';
import { SCREEN_MESSAGES } from '../screens.messages.js';
import { isUnlocked } from '../vault.js';

/** An important message unread for longer than this gets the reminder banner. */
export const REMIND_AFTER_MS = 24 * 60 * 60 * 1000;
/** How often the open wallet asks its provider for new messages (each ask takes a challenge,
 * which the provider limits per address: WALLET_REGISTRATION_RATE_LIMIT, 30 a minute). */
export const SYNC_MS = 20000;

/** How long turning notifications on waits for the browser's push service: offline (or where
 * none can be reached) Chromium's `pushManager.subscribe` never answers, and the resident is
 * told it did not work rather than left with a button that stays disabled. */
export const PUSH_SUBSCRIBE_MS = 20000;

let lastSyncFailed = false;
let timer = null;

/** Fetch new messages and send pending receipts; updates the badge. Never throws. */
export async function refreshInbox() {
  if (!isUnlocked()) return [];
  let fresh = [];
  try {
    await ensureRegistered();
    fresh = await syncMessages();
    await sendPendingReceipts();
    lastSyncFailed = false;
  } catch (failure) {
    console.error(failure); // offline or the provider is away: the wallet works on
    lastSyncFailed = true;
  }
  await updateBadge();
  return fresh;
}

async function updateBadge() {
  if (!isUnlocked()) return;
  try {
    setUnread((await inbox()).filter((m) => !m.readAt).length);
  } catch (failure) {
    console.error(failure);
  }
}

/** Fetch now; a fresh message redraws "Berichten" when it is shown. */
async function refreshShown() {
  const fresh = await refreshInbox();
  if (fresh.length && location.hash.split('?')[0] === '#/inbox') inboxScreen(location.hash, { sync: false });
}

/** Start fetching in the background (once per page): the first fetch right away, then every
 * {@link SYNC_MS}, and at once when a push says a message arrived (sw.js `regie-push`). */
export function startInbox() {
  if (timer !== null) return;
  timer = setInterval(() => {
    if (document.visibilityState === 'hidden' || !isUnlocked()) return;
    refreshShown();
  }, SYNC_MS);
  navigator.serviceWorker?.addEventListener('message', (event) => {
    if (event.data?.type === 'regie-push' && isUnlocked()) refreshShown();
  });
  // Redraws too: unlocking on "Berichten" fetches twice at once (this and the screen's own),
  // and a message only this fetch brought would otherwise stay off the list shown.
  refreshShown();
}

/** A case's status as the resident reads it (`in_behandeling`: "In behandeling"); a code the
 * wallet does not know, as its sender wrote it. */
export function statusLabel(code) {
  const key = `case_status_${code}`;
  return Object.hasOwn(SCREEN_MESSAGES, key) ? t(key) : code;
}

/** The title of a message: its text in the resident's language, else its kind. */
export function messageText(entry) {
  return forLocale(entry.content?.text, entry.kind);
}

function senderName(entry) {
  return typeof entry.content?.sender_name === 'string' ? entry.content.sender_name : (entry.sender ?? '');
}

function importanceMark(entry) {
  return entry.importance === 'high'
    ? h('strong', { class: 'wallet-importance', 'data-importance': 'high' }, `${t('inbox_important')}: `) : null;
}

function messageItem(entry) {
  const classes = ['wallet-entry', entry.importance === 'high' ? 'wallet-message--high' : '', entry.readAt ? '' : 'wallet-message--unread'];
  return h('li', {
    class: classes.filter(Boolean).join(' '), 'data-message': entry.id, 'data-importance': entry.importance, 'data-read': entry.readAt ? 'true' : 'false',
  },
  h('h2', { class: 'utrecht-heading-3 wallet-entry__title' },
    h('a', { class: 'utrecht-link', href: `#/message?id=${encodeURIComponent(entry.id)}` }, importanceMark(entry), messageText(entry))),
  h('p', { class: 'utrecht-paragraph' },
    `${t('inbox_from')}: ${senderName(entry)} · ${formatDate(entry.receivedAt, { dateStyle: 'long', timeStyle: 'short' })}`,
    entry.readAt ? null : h('span', { class: 'utrecht-badge-status', 'data-unread-mark': true }, ` · ${t('inbox_unread')}`)));
}

/** The reminder for an important message unread for too long (or null). */
export function reminder(messages, now = Date.now()) {
  const waiting = messages.find((m) => m.importance === 'high' && !m.readAt
    && now - new Date(m.receivedAt).getTime() > REMIND_AFTER_MS);
  return waiting
    ? h('div', { class: 'utrecht-alert utrecht-alert--warning', role: 'status', 'data-reminder': waiting.id },
      h('p', { class: 'utrecht-paragraph' }, t('inbox_reminder')),
      h('div', { class: 'regie-actions' }, buttonLink(`#/message?id=${encodeURIComponent(waiting.id)}`, t('inbox_reminder_open'))))
    : null;
}

/** `#/inbox`. */
export async function inboxScreen(hash, { sync = true } = {}) {
  if (sync) await refreshInbox();
  const messages = await inbox();
  if (location.hash !== hash) return; // the resident went elsewhere meanwhile
  show(
    h('h1', { class: 'utrecht-heading-1' }, t('inbox_heading')),
    reminder(messages),
    h('p', { class: 'utrecht-paragraph' }, t('inbox_intro')),
    lastSyncFailed ? h('p', { class: 'utrecht-paragraph', role: 'status', 'data-inbox-offline': true }, t('inbox_offline')) : null,
    messages.length
      ? h('ol', { class: 'wallet-entries', 'data-inbox': true }, messages.map(messageItem))
      : h('p', { class: 'utrecht-paragraph', 'data-inbox-empty': true }, t('inbox_empty')),
    h('div', { class: 'regie-actions' }, button(t('inbox_refresh'), () => inboxScreen(location.hash), 'secondary-action')),
  );
}

function detail(labelKey, value) {
  return value ? [h('dt', { class: 'utrecht-data-list__item-key' }, t(labelKey)), h('dd', { class: 'utrecht-data-list__item-value' }, value)] : [];
}

/** `promise`, or a failure once `ms` have passed without an answer (then `controller` is aborted). */
function withinTime(promise, ms, controller = null) {
  let timeout;
  const late = new Promise((_, reject) => {
    timeout = setTimeout(() => {
      controller?.abort(); // what answers later must not act on it (provider.js subscribePush)
      reject(new Error(`no answer within ${ms} ms`));
    }, ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timeout));
}

/** subscribePush, given up after PUSH_SUBSCRIBE_MS: a late subscription is not sent on. */
async function subscribeWithinTime(senders) {
  const controller = new AbortController();
  const registration = await navigator.serviceWorker.ready;
  return withinTime(subscribePush(senders, { registration, signal: controller.signal }), PUSH_SUBSCRIBE_MS, controller);
}

/** Push for this message's sender: on (asks the permission now) or off. */
function pushSection(entry, settings) {
  const name = senderName(entry);
  const senders = settings.pushSenders ?? {};
  const on = Boolean(entry.sender && senders[entry.sender]);
  const error = errorRegion('melding-fout');
  const said = h('p', { class: 'utrecht-paragraph', role: 'status', 'data-push-state': on ? 'on' : 'off' },
    t(on ? 'inbox_push_is_on' : 'inbox_push_is_off', { name }));
  const toggle = button(t(on ? 'inbox_push_off' : 'inbox_push_on'), async () => {
    toggle.disabled = true;
    const next = { ...senders, [entry.sender]: !on };
    try {
      if (!on) {
        const permission = await Notification.requestPermission();
        if (permission !== 'granted') {
          error.say(t('inbox_push_denied'));
          toggle.disabled = false;
          return;
        }
        await saveNotificationTexts({ title: t('inbox_push_notification_title'), body: t('inbox_push_notification_body') });
        await subscribeWithinTime(next);
      } else if (!Object.values(next).some(Boolean)) {
        await unsubscribePush();
      } else {
        await subscribeWithinTime(next);
      }
      await saveWalletSettings({ ...settings, pushSenders: next });
      await messageScreen(location.hash);
    } catch (failure) {
      console.error(failure);
      error.say(t('inbox_push_failed'));
      toggle.disabled = false;
    }
  }, 'secondary-action', { 'data-push-toggle': true });
  return entry.sender && 'Notification' in globalThis && 'serviceWorker' in navigator
    ? h('section', { 'aria-labelledby': 'meldingen' },
      h('h2', { class: 'utrecht-heading-2', id: 'meldingen' }, t('inbox_push_heading')),
      h('p', { class: 'utrecht-paragraph' }, t('inbox_push_explain', { name })),
      said, error.element, h('div', { class: 'regie-actions' }, toggle))
    : null;
}

function reissueAction(entry) {
  const action = entry.content?.action;
  if (!action || action.type !== 'reissue') return null;
  const url = typeof action.url === 'string' ? action.url : action.issuer;
  let safe = null;
  try {
    const parsed = new URL(url);
    safe = parsed.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname) ? parsed.href : null;
  } catch {
    safe = null;
  }
  if (!safe) return null;
  return h('section', { 'data-reissue': true },
    h('p', { class: 'utrecht-paragraph' }, t('inbox_reissue_intro')),
    h('div', { class: 'regie-actions' }, buttonLink(safe, forLocale(action.label, t('inbox_reissue')))));
}

/** `#/message?id=…`: one message; opening it marks it read and sends the read receipt. */
export async function messageScreen(hash) {
  const id = fragmentParams(hash).get('id');
  let entry = id ? await message(id) : null;
  if (!entry) {
    show(h('h1', { class: 'utrecht-heading-1' }, t('inbox_heading')),
      h('p', { class: 'utrecht-paragraph', role: 'alert' }, t('inbox_not_found')),
      h('div', { class: 'regie-actions' }, buttonLink('#/inbox', t('inbox_back'))));
    return;
  }
  if (!entry.readAt || !entry.receiptSent) entry = await markMessageRead(entry);
  await updateBadge();
  const content = entry.content ?? {};
  const settings = await walletSettings();
  if (location.hash !== hash) return; // the resident went elsewhere meanwhile
  show(
    h('h1', { class: 'utrecht-heading-1' }, importanceMark(entry), messageText(entry)),
    h('dl', { class: 'utrecht-data-list utrecht-data-list--rows', 'data-message-detail': entry.id },
      ...detail('inbox_from', senderName(entry)),
      ...detail('inbox_received', formatDate(entry.receivedAt, { dateStyle: 'long', timeStyle: 'short' })),
      ...detail('inbox_case', typeof content.case === 'string' ? content.case : null),
      ...detail('inbox_status', typeof content.status === 'string' ? statusLabel(content.status) : null),
      ...detail('inbox_result', typeof content.result === 'string' ? content.result : null)),
    reissueAction(entry),
    pushSection(entry, settings),
    h('div', { class: 'regie-actions' },
      buttonLink('#/inbox', t('inbox_back'), 'secondary-action'),
      buttonLink(`#/cases?mailbox=${encodeURIComponent(entry.mailbox)}`, t('inbox_to_case'), 'subtle')),
  );
}
