/**
 * What every screen shares: the resident's locale and texts, a tiny DOM builder, `show()` for
 * a new screen (focus on its heading, the navigation below), an error region, large button
 * links, and a notice shown once on the next screen.
 *
 * DOM built with createElement and textContent only (no HTML from data; strict CSP).
 */

import { errorMessage } from './messages.js';
import { pickLocale, text } from './screens.messages.js';

export const locale = pickLocale();

/** The text for `key` in the resident's locale, `{name}` placeholders filled. */
export const t = (key, params) => text(key, locale, params);

/** A DOM element: `h('p', {class: 'x'}, 'text', child)`. Attributes via setAttribute; `on*` as listeners. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) element.append(child);
  }
  return element;
}

export function main() {
  return document.getElementById('inhoud');
}

/** The main sections of the wallet, in the navigation below every screen (when unlocked). */
const SECTIONS = [
  ['#/', 'nav_home'],
  ['#/scan', 'nav_scan'],
  ['#/inbox', 'nav_inbox'],
  ['#/cases', 'nav_cases'],
  ['#/history', 'nav_history'],
  ['#/settings', 'nav_settings'],
];

let navigationShown = false;
let unread = 0;

/** "Berichten" with the unread count: a badge, and in the link's name for screen readers. */
function inboxLinkContent() {
  return [t('nav_inbox'), unread > 0
    ? h('span', { class: 'utrecht-badge-counter wallet-nav__badge', 'data-unread': unread },
      h('span', { 'aria-hidden': 'true' }, String(unread)),
      h('span', { class: 'wallet-visually-hidden' }, ` (${t('nav_inbox_unread', { count: unread })})`))
    : null].filter(Boolean);
}

/**
 * The number of unread messages for the navigation's badge; the link on screen is updated in
 * place, and a rise is said once in the navigation's polite live region (a screen reader
 * hears "Nieuw bericht" without losing its place; no role=status, which the screens' own
 * status messages have).
 */
export function setUnread(count) {
  const rose = count > unread;
  unread = count;
  const link = document.querySelector('.wallet-nav a[href="#/inbox"]');
  link?.replaceChildren(...inboxLinkContent());
  const status = document.querySelector('.wallet-nav [data-nav-status]');
  if (status && rose) status.textContent = t('inbox_new');
}

/** Whether `show()` adds the navigation (off while the wallet is locked or being set up). */
export function showNavigation(on) {
  navigationShown = on;
}

function navigation() {
  const current = (location.hash || '#/').split('?')[0];
  return h('nav', { class: 'wallet-nav', 'aria-label': t('nav_label') },
    h('ul', { class: 'wallet-nav__list' },
      SECTIONS.map(([href, key]) => h('li', { class: 'wallet-nav__item' },
        h('a', { class: 'wallet-nav__link', href, 'aria-current': href === current ? 'page' : null },
          href === '#/inbox' ? inboxLinkContent() : t(key))))),
    h('p', { class: 'wallet-visually-hidden', 'aria-live': 'polite', 'data-nav-status': true }));
}

/** Replace the screen; focus its heading so a screen reader announces the new screen. */
export function show(...content) {
  const root = main();
  const parts = [...content, navigationShown ? navigation() : null];
  root.replaceChildren(...parts.filter((part) => part !== null && part !== undefined && part !== false)); // never "null" as text
  const heading = root.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
  document.title = heading ? `${heading.textContent} · ${t('app_name')}` : t('app_name');
}

/** An error region (role=alert is aria-live assertive), empty until `say`. */
export function errorRegion(id) {
  const region = h('div', { id, class: 'wallet-error', role: 'alert' });
  return {
    element: region,
    say(message) {
      region.replaceChildren(message ? h('p', { class: 'utrecht-paragraph wallet-error__text' }, message) : '');
    },
  };
}

export function buttonLink(href, label, kind = 'primary-action') {
  return h('a', {
    class: `utrecht-button-link utrecht-button-link--html-a utrecht-button-link--${kind} regie-button-large`,
    href,
  }, label);
}

/** A large button: `button(label, onclick, kind)`. */
export function button(label, onclick, kind = 'primary-action', attributes = {}) {
  return h('button', {
    type: 'button', class: `utrecht-button utrecht-button--${kind} regie-button-large`, onclick, ...attributes,
  }, label);
}

/** The name for the resident's locale from `{nl, en}`, else Dutch, else `fallback`. */
export function forLocale(names, fallback = '') {
  if (!names) return fallback;
  if (typeof names === 'string') return names;
  return names[locale] ?? names.nl ?? fallback;
}

/** A date (ISO text or Date) as the resident reads it: "24 november 2026". */
export function formatDate(value, style = { dateStyle: 'long' }) {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'nl-NL', style).format(new Date(value));
}

let notice = null;

/** A confirmation shown once, on the next screen that asks for it (`takeNotice`). */
export function setNotice(message) {
  notice = message;
}

export function takeNotice() {
  const shown = notice;
  notice = null;
  return shown ? h('div', { class: 'utrecht-alert utrecht-alert--ok', role: 'status' }, h('p', { class: 'utrecht-paragraph' }, shown)) : null;
}

/** The screen for a failure: what went wrong in plain words, and the way back. */
export function failedScreen(failure) {
  show(
    h('h1', { class: 'utrecht-heading-1' }, t('error_heading')),
    h('div', { class: 'utrecht-alert utrecht-alert--error', role: 'alert' },
      h('p', { class: 'utrecht-paragraph' }, errorMessage(failure, locale))),
    h('div', { class: 'regie-actions' }, buttonLink('#/', t('back_home'), 'secondary-action')),
  );
}

/** The parameters after `?` in the fragment (`#/offer?a=b` → URLSearchParams a=b). */
export function fragmentParams(hash = location.hash) {
  const at = hash.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
}
