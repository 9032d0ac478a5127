/**
 * The gate in front of every screen (router.js): the first start sets up a PIN (and, where
 * the platform has one with PRF, a passkey); later starts unlock with the PIN or passkey;
 * then on to the screen that was asked for (a same-device `#/offer?…` or `#/present?…` link
 * opened while locked goes on after unlocking). Wrong PINs: a growing wait after
 * three (vault.js `FREE_ATTEMPTS`), the whole wallet wiped after ten (`MAX_ATTEMPTS`). `#/lock` locks.
 *
 * The vault's keys and rules are in vault.js; the vault record and counter in store.js.
 */

import { errorMessage } from '../messages.js';
import { deleteWallet, saveAttempts, saveVault, vaultState } from '../store.js';
import {
  addPasskey, countAttempt, createPasskey, createVault, lock, lockout, MAX_ATTEMPTS, NO_FAILURES,
  openWithPasskey, openWithPin, passkeyAvailable, passkeyOutput, unlock, validPin,
} from '../vault.js';
import { button, errorRegion, h, locale, setNotice, show, t } from '../ui.js';

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
    if (!validPin(pin.value)) {
      refuse(pin, error, errorMessage({ code: 'pin_invalid' }, locale));
      return;
    }
    if (pin.value !== again.value) {
      again.value = '';
      refuse(again, error, t('setup_mismatch'));
      return;
    }
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

function unlockScreen(vault, attempts, proceed) {
  vaultStateIs('locked');
  const error = errorRegion('pin-fout');
  const status = h('p', { class: 'utrecht-paragraph', role: 'status', id: 'pin-wacht' });
  const pin = pinInput('pin', 'current-password', 'pin-uitleg pin-wacht pin-fout');
  const submit = submitButton('unlock_submit');
  let timer = null;

  /** While a wait runs: field and button off, the time left in words, updated every second. */
  function waitOut(until) {
    clearInterval(timer);
    const tick = () => {
      const left = until - Date.now();
      const waiting = left > 0 && pin.isConnected;
      pin.disabled = waiting;
      submit.disabled = waiting;
      status.textContent = waiting ? t('unlock_wait', { time: waitInWords(left) }) : '';
      if (!waiting) {
        clearInterval(timer);
        if (pin.isConnected) pin.focus();
      }
    };
    timer = setInterval(tick, 1000);
    tick();
  }

  async function opened(dek) {
    clearInterval(timer);
    await saveAttempts(NO_FAILURES);
    unlock(dek);
    proceed();
  }

  const form = h('form', { class: 'utrecht-form', novalidate: true, 'data-vault-unlock': true },
    field(pin, 'unlock_pin_label', h('p', { class: 'utrecht-paragraph', id: 'pin-uitleg' }, t('unlock_text'))),
    error.element,
    status,
    h('div', { class: 'regie-actions' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    const now = Date.now();
    const { attempts: current } = await vaultState();
    const before = lockout(current, now);
    if (before.wipe) {
      await wipe(proceed);
      return;
    }
    if (before.waitMs > 0) {
      waitOut(current.lockedUntil);
      return;
    }
    submit.disabled = true;
    pin.removeAttribute('aria-invalid');
    error.say('');
    status.textContent = t('unlock_busy');
    const counted = countAttempt(current, now);
    await saveAttempts(counted); // counted before the check: stopping the app does not undo it
    let dek;
    try {
      dek = await openWithPin(vault, pin.value);
    } catch (failure) {
      status.textContent = '';
      submit.disabled = false;
      const failed = countAttempt(current, Date.now()); // the wait runs from the answer
      const after = lockout(failed, Date.now());
      if (after.wipe) {
        await wipe(proceed);
        return;
      }
      await saveAttempts(failed);
      pin.value = '';
      refuse(pin, error, failure?.code === 'pin_wrong'
        ? t(after.left === 1 ? 'unlock_wrong_last' : 'unlock_wrong', { left: after.left })
        : errorMessage(failure, locale));
      if (after.waitMs > 0) waitOut(failed.lockedUntil);
      return;
    }
    await opened(dek);
  });

  let passkey = null;
  if (vault.passkey) {
    const passkeyError = errorRegion('passkey-fout');
    const use = button(t('passkey_use'), async () => {
      use.disabled = true;
      try {
        const dek = await openWithPasskey(vault, await passkeyOutput(vault));
        await opened(dek);
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
  if (state.waitMs > 0) waitOut(attempts.lockedUntil);
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

/** `#/lock`: "Vergrendelen": forget the data key; the unlock screen shows, then "Mijn gegevens". */
export function lockNow() {
  lock();
  location.replace('#/');
}
