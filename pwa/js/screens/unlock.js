/**
 * The gate in front of every screen (router.js): the first start sets up a PIN (and, where
 * the platform has one with PRF, a passkey); later starts unlock with the PIN or passkey;
 * then on to the screen that was asked for (a same-device `#/offer?…` or `#/present?…` link
 * opened while locked goes on after unlocking). Wrong PINs: a growing wait after
 * three (vault.js `FREE_ATTEMPTS`), the whole wallet wiped after ten (`MAX_ATTEMPTS`). `#/lock` locks.
 *
 * The vault's keys and rules are in vault.js; the vault record and counter in store.js.
 */

import { WalletError } from '../errors.js';
import { errorMessage } from '../messages.js';
import { deleteWallet, saveAttempts, saveVault, vaultState } from '../store.js';
import {
  addPasskey, changePin, countAttempt, createPasskey, createVault, lock, lockout, MAX_ATTEMPTS, NO_FAILURES,
  isUnlocked, openWithPasskey, openWithPin, passkeyAvailable, passkeyOutput, unlock, validPin, weakPin,
} from '../vault.js';
import { button, buttonLink, errorRegion, h, locale, setNotice, show, showNavigation, t } from '../ui.js';

function vaultStateIs(state) {
  document.documentElement.dataset.walletVault = state;
}

/** `ms` in words: "2 minuten en 5 seconden", at most two units, rounded up to seconds. */
export function waitInWords(ms) {
  let seconds = Math.ceil(ms / 1000);
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const parts = [];
  if (hours) parts.push(hours === 1 ? t('time_hour') : t('time_hours', { count: hours }));
  if (minutes) parts.push(minutes === 1 ? t('time_minute') : t('time_minutes', { count: minutes }));
  if (seconds && !hours) parts.push(seconds === 1 ? t('time_second') : t('time_seconds', { count: seconds }));
  if (!parts.length) parts.push(t('time_second'));
  return parts.length === 1 ? parts[0] : t('time_and', { first: parts[0], second: parts[1] });
}

/** A large PIN field: digits only, numeric keyboard, never autofilled with something else. */
function pinInput(id, autocomplete, describedBy) {
  return h('input', {
    id, name: id, type: 'password', inputmode: 'numeric', pattern: '[0-9]*', maxlength: 6, minlength: 5,
    autocomplete, required: true, 'aria-describedby': describedBy,
    class: 'utrecht-textbox utrecht-textbox--html-input wallet-code-input',
  });
}

function field(input, labelKey, hint = null) {
  return h('div', { class: 'utrecht-form-field' },
    h('label', { class: 'utrecht-form-label', for: input.id }, t(labelKey)),
    hint,
    input);
}

function submitButton(labelKey) {
  return h('button', { type: 'submit', class: 'utrecht-button utrecht-button--primary-action regie-button-large' }, t(labelKey));
}

function refuse(input, error, message) {
  input.setAttribute('aria-invalid', 'true');
  error.say(message);
  input.focus();
}

/** A new PIN typed twice: 5-6 digits, not easy to guess, the same both times; else said. */
function newPinChecked(pin, again, error) {
  const problem = !validPin(pin.value) ? 'pin_invalid' : weakPin(pin.value) ? 'pin_weak' : null;
  if (problem) {
    refuse(pin, error, errorMessage({ code: problem }, locale));
    return false;
  }
  if (pin.value !== again.value) {
    again.value = '';
    refuse(again, error, t('setup_mismatch'));
    return false;
  }
  return true;
}

// --- first start: a new PIN ---------------------------------------------------------------------

function setupScreen(proceed) {
  vaultStateIs('new');
  const error = errorRegion('pin-fout');
  const status = h('p', { class: 'utrecht-paragraph', role: 'status' });
  const pin = pinInput('pin', 'new-password', 'pin-uitleg pin-fout');
  const again = pinInput('pin-again', 'new-password', 'pin-fout');
  const submit = submitButton('setup_submit');
  const form = h('form', { class: 'utrecht-form', novalidate: true, 'data-vault-setup': true },
    field(pin, 'setup_pin_label', h('p', { class: 'utrecht-paragraph', id: 'pin-uitleg' }, t('setup_pin_hint'))),
    field(again, 'setup_again_label'),
    error.element,
    status,
    h('div', { class: 'regie-actions' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const input of [pin, again]) input.removeAttribute('aria-invalid');
    if (!newPinChecked(pin, again, error)) return;
    error.say('');
    submit.disabled = true;
    status.textContent = t('setup_busy');
    let created;
    try {
      created = await createVault(pin.value);
      await saveVault(created.record, { fresh: true });
      unlock(created.dek);
    } catch (failure) {
      console.error(failure);
      submit.disabled = false;
      status.textContent = '';
      refuse(pin, error, errorMessage(failure, locale));
      return;
    }
    if (await passkeyAvailable()) {
      passkeyScreen(created.record, pin.value, proceed);
      return;
    }
    setNotice(t('setup_done'));
    proceed();
  });
  show(
    h('h1', { class: 'utrecht-heading-1' }, t('setup_heading')),
    h('p', { class: 'utrecht-paragraph' }, t('setup_why')),
    h('p', { class: 'utrecht-paragraph' }, t('setup_forget')),
    form,
  );
}

/** After the PIN: offer the passkey (fingerprint or face), the PIN stays as fallback. */
function passkeyScreen(record, pin, proceed) {
  const error = errorRegion('passkey-fout');
  const status = h('p', { class: 'utrecht-paragraph', role: 'status' });
  const use = button(t('passkey_use'), async () => {
    use.disabled = true;
    status.textContent = t('passkey_busy');
    try {
      const made = await createPasskey({ appName: t('app_name') });
      await saveVault(await addPasskey(record, pin, made.prfOutput, made));
    } catch (failure) {
      console.error(failure);
      use.disabled = false;
      status.textContent = '';
      error.say(errorMessage(failure, locale));
      skip.focus();
      return;
    }
    setNotice(t('passkey_added'));
    proceed();
  }, 'primary-action', { 'data-vault-passkey': true });
  const skip = button(t('passkey_skip'), () => {
    setNotice(t('setup_done'));
    proceed();
  }, 'secondary-action', { 'data-vault-passkey-skip': true });
  show(
    h('h1', { class: 'utrecht-heading-1' }, t('passkey_heading')),
    h('p', { class: 'utrecht-paragraph' }, t('passkey_why')),
    error.element,
    status,
    h('div', { class: 'regie-actions' }, use, skip),
  );
}

// --- later starts: unlock -------------------------------------------------------------------------

function wipedScreen(proceed) {
  vaultStateIs('new');
  show(
    h('h1', { class: 'utrecht-heading-1' }, t('wiped_heading')),
    h('div', { class: 'utrecht-alert utrecht-alert--error', role: 'alert', 'data-vault-wiped': true },
      h('p', { class: 'utrecht-paragraph' }, t('wiped_text', { max: MAX_ATTEMPTS }))),
    h('p', { class: 'utrecht-paragraph' }, t('wiped_next')),
    h('div', { class: 'regie-actions' }, button(t('wiped_start'), () => setupScreen(proceed))),
  );
}

async function wipe(proceed) {
  await deleteWallet();
  wipedScreen(proceed);
}

/**
 * Try `pin` on the stored vault, counted (vault.js `countAttempt`: before the check, so
 * stopping the app does not undo it): `{dek, vault}` when right (the counter back to zero);
 * `{until}` while a wait runs (not tried); `{wrong, until}` (`lockout()` after it);
 * `{wiped: true}` after the last wrong PIN, the whole wallet deleted.
 */
async function tryPin(pin) {
  const now = Date.now();
  const { vault, attempts } = await vaultState();
  if (!vault) throw new WalletError('wallet_locked', 'no vault any more (deleted in another tab?)');
  const before = lockout(attempts, now);
  if (before.wipe) {
    await deleteWallet();
    return { wiped: true };
  }
  if (before.waitMs > 0) return { until: now + before.waitMs };
  await saveAttempts(countAttempt(attempts, now));
  try {
    const dek = await openWithPin(vault, pin);
    await saveAttempts(NO_FAILURES);
    return { dek, vault };
  } catch (failure) {
    if (failure?.code !== 'pin_wrong') throw failure;
    const failed = countAttempt(attempts, Date.now()); // the wait runs from the answer
    const wrong = lockout(failed, Date.now());
    if (wrong.wipe) {
      await deleteWallet();
      return { wiped: true };
    }
    await saveAttempts(failed);
    return { wrong, until: failed.lockedUntil };
  }
}

function wrongPinText(wrong) {
  return t(wrong.left === 1 ? 'unlock_wrong_last' : 'unlock_wrong', { left: wrong.left });
}

function unlockScreen(vault, attempts, proceed) {
  vaultStateIs('locked');
  const error = errorRegion('pin-fout');
  const status = h('p', { class: 'utrecht-paragraph', role: 'status' });
  // the countdown is not a live region (it would be read out every second): a screen reader
  // hears the wait once when it starts and once when it is over (`announce`)
  const countdown = h('p', { class: 'utrecht-paragraph', id: 'pin-wacht' });
  const announce = h('p', { class: 'regie-visually-hidden', role: 'status' });
  const pin = pinInput('pin', 'current-password', 'pin-uitleg pin-wacht pin-fout');
  const submit = submitButton('unlock_submit');
  let timer = null;

  /** While a wait runs: field and button off, the time left in words, updated every second. */
  function waitOut(until) {
    clearInterval(timer);
    announce.textContent = t('unlock_wait', { time: waitInWords(until - Date.now()) });
    const tick = () => {
      const left = until - Date.now();
      const waiting = left > 0 && pin.isConnected;
      pin.disabled = waiting;
      submit.disabled = waiting;
      countdown.textContent = waiting ? t('unlock_wait', { time: waitInWords(left) }) : '';
      if (!waiting) {
        clearInterval(timer);
        announce.textContent = t('unlock_wait_over');
        if (pin.isConnected) pin.focus();
      }
    };
    timer = setInterval(tick, 1000);
    tick();
  }

  function opened(dek) {
    clearInterval(timer);
    unlock(dek);
    proceed();
  }

  const form = h('form', { class: 'utrecht-form', novalidate: true, 'data-vault-unlock': true },
    field(pin, 'unlock_pin_label', h('p', { class: 'utrecht-paragraph', id: 'pin-uitleg' }, t('unlock_text'))),
    error.element,
    countdown,
    announce,
    status,
    h('div', { class: 'regie-actions' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    announce.textContent = '';
    submit.disabled = true;
    pin.removeAttribute('aria-invalid');
    error.say('');
    status.textContent = t('unlock_busy');
    let result;
    try {
      result = await tryPin(pin.value);
    } catch (failure) {
      console.error(failure);
      result = { failure };
    }
    status.textContent = '';
    submit.disabled = false;
    if (result.dek) {
      opened(result.dek);
    } else if (result.wiped) {
      clearInterval(timer);
      wipedScreen(proceed);
    } else {
      pin.value = '';
      if (result.wrong) refuse(pin, error, wrongPinText(result.wrong));
      if (result.failure) refuse(pin, error, errorMessage(result.failure, locale));
      if (result.until > Date.now()) waitOut(result.until);
    }
  });

  let passkey = null;
  if (vault.passkey) {
    const passkeyError = errorRegion('passkey-fout');
    const use = button(t('passkey_use'), async () => {
      use.disabled = true;
      try {
        const dek = await openWithPasskey(vault, await passkeyOutput(vault));
        await saveAttempts(NO_FAILURES);
        opened(dek);
      } catch (failure) {
        console.error(failure);
        use.disabled = false;
        passkeyError.say(errorMessage(failure, locale));
        pin.focus();
      }
    }, 'primary-action', { 'data-vault-passkey': true });
    passkey = [h('div', { class: 'regie-actions' }, use), passkeyError.element, h('p', { class: 'utrecht-paragraph' }, t('unlock_or'))];
  }

  show(h('h1', { class: 'utrecht-heading-1' }, t('unlock_heading')), ...(passkey ?? []), form);
  const state = lockout(attempts, Date.now());
  if (state.waitMs > 0) waitOut(Date.now() + state.waitMs);
}

// --- settings: lock, change the PIN, the passkey -----------------------------------------------

/** After a counted PIN check in settings went wrong: say why (and how long to wait), or the wipe. */
function settingsRefusal(result, input, error) {
  if (result.wiped) {
    showNavigation(false);
    wipedScreen(() => { location.hash = '#/'; });
    return;
  }
  input.value = '';
  const wait = result.until > Date.now() ? t('unlock_wait', { time: waitInWords(result.until - Date.now()) }) : '';
  refuse(input, error, [result.wrong ? wrongPinText(result.wrong) : '', wait].filter(Boolean).join(' '));
}

/**
 * A settings action behind the PIN in `input`: checked and counted (`tryPin`), then `act({dek,
 * vault})`, whose answer is said in `status`; a wrong PIN, a wait or a failure in `error`.
 */
async function withCheckedPin({ input, error, status, submit }, act) {
  submit.disabled = true;
  status.textContent = t('unlock_busy');
  try {
    const result = await tryPin(input.value);
    if (result.dek) status.textContent = await act(result);
    else {
      status.textContent = '';
      settingsRefusal(result, input, error);
    }
  } catch (failure) {
    console.error(failure);
    status.textContent = '';
    refuse(input, error, errorMessage(failure, locale));
  } finally {
    submit.disabled = false;
  }
}

function changePinForm() {
  const error = errorRegion('wijzig-fout');
  const status = h('p', { class: 'utrecht-paragraph', role: 'status' });
  const current = pinInput('pin-nu', 'current-password', 'wijzig-fout');
  const pin = pinInput('pin-nieuw', 'new-password', 'wijzig-fout');
  const again = pinInput('pin-nieuw-again', 'new-password', 'wijzig-fout');
  const submit = submitButton('change_pin_submit');
  const form = h('form', { class: 'utrecht-form', novalidate: true, 'data-vault-change': true },
    field(current, 'change_pin_current'),
    field(pin, 'setup_pin_label', h('p', { class: 'utrecht-paragraph' }, t('setup_pin_hint'))),
    field(again, 'setup_again_label'),
    error.element,
    status,
    h('div', { class: 'regie-actions' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const input of [current, pin, again]) input.removeAttribute('aria-invalid');
    error.say('');
    if (!newPinChecked(pin, again, error)) return;
    await withCheckedPin({ input: current, error, status, submit }, async ({ vault }) => {
      await saveVault(await changePin(vault, current.value, pin.value));
      for (const input of [current, pin, again]) input.value = '';
      return t('change_pin_done');
    });
  });
  return form;
}

/** The passkey part: on (with a way to turn it off), or a PIN and a button to turn it on. */
function passkeyPart(vault, available) {
  const part = h('div', { 'data-vault-passkey-setting': true });
  const error = errorRegion('vingerafdruk-fout');
  const status = h('p', { class: 'utrecht-paragraph', role: 'status' });
  if (vault.passkey) {
    const off = button(t('passkey_off'), async () => {
      const { vault: stored } = await vaultState();
      await saveVault({ ...stored, passkey: null });
      part.replaceWith(passkeyPart({ ...stored, passkey: null }, available));
    }, 'secondary-action');
    part.append(h('p', { class: 'utrecht-paragraph' }, t('passkey_is_on')), h('div', { class: 'regie-actions' }, off));
    return part;
  }
  if (!available) return part;
  const pin = pinInput('pin-vingerafdruk', 'current-password', 'vingerafdruk-fout');
  const submit = submitButton('passkey_use');
  const form = h('form', { class: 'utrecht-form', novalidate: true },
    h('p', { class: 'utrecht-paragraph' }, t('passkey_why')),
    field(pin, 'change_pin_current'),
    error.element,
    status,
    h('div', { class: 'regie-actions' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    pin.removeAttribute('aria-invalid');
    error.say('');
    await withCheckedPin({ input: pin, error, status, submit }, async ({ vault: checked }) => {
      status.textContent = t('passkey_busy');
      const made = await createPasskey({ appName: t('app_name') });
      const withPasskey = await addPasskey(checked, pin.value, made.prfOutput, made);
      await saveVault(withPasskey);
      const on = passkeyPart(withPasskey, available);
      part.replaceWith(on);
      on.prepend(h('div', { class: 'utrecht-alert utrecht-alert--ok', role: 'status' }, h('p', { class: 'utrecht-paragraph' }, t('passkey_added'))));
      return '';
    });
  });
  part.append(form);
  return part;
}

/**
 * The security section of the settings screen (screens/settings.js): "Vergrendelen", change
 * the PIN (the old one is checked and counted as on the unlock screen), turn the passkey on or
 * off. Drawn at once; the passkey part follows when the vault record is read.
 */
export function securitySection() {
  const section = h('section', { class: 'wallet-settings-section', 'aria-labelledby': 'beveiliging-kop', 'data-vault-settings': true },
    h('h2', { class: 'utrecht-heading-2', id: 'beveiliging-kop' }, t('security_heading')),
    h('p', { class: 'utrecht-paragraph' }, t('security_text')),
    h('div', { class: 'regie-actions' }, buttonLink('#/lock', t('lock_action'), 'secondary-action')),
    h('h3', { class: 'utrecht-heading-3' }, t('change_pin_heading')),
    changePinForm());
  Promise.all([vaultState(), passkeyAvailable()]).then(([{ vault }, available]) => {
    if (!vault || (!vault.passkey && !available)) return;
    section.append(h('h3', { class: 'utrecht-heading-3' }, t('passkey_setting_heading')), passkeyPart(vault, available));
  }).catch((failure) => console.error(failure));
  return section;
}

/**
 * The gate, while the wallet is locked: the setup screen (no vault yet), the wiped screen
 * (too many wrong PINs), else the unlock screen. `proceed()` (router.js `route`) shows the
 * screen asked for (`location.hash`, unchanged) once the wallet is open.
 */
export async function lockScreen(hash, proceed) {
  if (hash.split('?')[0] === '#/lock') history.replaceState(null, '', '#/');
  const { vault, attempts } = await vaultState();
  if (!vault) {
    setupScreen(proceed);
    return;
  }
  if (lockout(attempts, Date.now()).wipe) {
    await wipe(proceed);
    return;
  }
  unlockScreen(vault, attempts, proceed);
}

/** How long the wallet may be out of sight (another app, the screen off) and stay open. */
export const AWAY_LOCK_MS = 5 * 60 * 1000;

/**
 * Lock the wallet when it comes back after more than {@link AWAY_LOCK_MS} out of sight: an
 * installed app can stay in memory for days. `proceed()` (router.js `route`) then shows the
 * unlock screen, and after it the same screen again.
 */
export function lockWhenAway(proceed, doc = document) {
  let hiddenAt = null;
  doc.addEventListener('visibilitychange', () => {
    if (doc.visibilityState === 'hidden') {
      hiddenAt = Date.now();
      return;
    }
    const away = hiddenAt === null ? 0 : Date.now() - hiddenAt;
    hiddenAt = null;
    if (away >= AWAY_LOCK_MS && isUnlocked()) {
      lock();
      proceed();
    }
  });
}

/** `#/lock`: "Vergrendelen": forget the data key; the unlock screen shows, then "Mijn gegevens". */
export function lockNow() {
  lock();
  location.replace('#/');
}
