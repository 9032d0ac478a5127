/**
 * `#/settings`: the language (it follows the browser; said here), and deleting the whole
 * wallet (every card, key, history entry and case: store.js `deleteWallet`) after the
 * resident typed a word to confirm; then a fresh start. The PIN and passkey settings of the
 * vault go in `sections()`, before the language.
 */

import { deleteInstance } from '../provider.js';
import { deleteWallet } from '../store.js';
import { buttonLink, errorRegion, h, locale, show, showNavigation, t } from '../ui.js';
import { securitySection } from './unlock.js';

function languageSection() {
  const other = locale === 'en' ? 'nl' : 'en';
  return h('section', { class: 'wallet-settings-section', 'aria-labelledby': 'taal-kop' },
    h('h2', { class: 'utrecht-heading-2', id: 'taal-kop' }, t('settings_language_heading')),
    h('p', { class: 'utrecht-paragraph', 'data-language': locale },
      t('settings_language_text', { language: t(`settings_language_${locale}`), other: t(`settings_language_${other}`) })));
}

function deletedScreen() {
  showNavigation(false);
  show(
    h('h1', { class: 'utrecht-heading-1' }, t('settings_deleted_heading')),
    h('p', { class: 'utrecht-paragraph', role: 'status' }, t('settings_deleted_text')),
    // a full load (not a fragment change): the app starts afresh, nothing kept in memory
    h('div', { class: 'regie-actions' }, buttonLink(location.pathname, t('settings_start_again'))),
  );
}

/** Whether what was typed is the confirmation word (spaces and case do not matter). */
export function confirmed(typed, word) {
  return typed.trim().toLocaleUpperCase() === word.toLocaleUpperCase();
}

function deleteSection() {
  const word = t('settings_delete_word');
  const error = errorRegion('verwijder-fout');
  const status = h('p', { class: 'utrecht-paragraph', role: 'status' });
  const input = h('input', {
    id: 'verwijder-woord', name: 'word', type: 'text', autocomplete: 'off', autocapitalize: 'characters',
    spellcheck: 'false', class: 'utrecht-textbox utrecht-textbox--html-input wallet-input-large',
    'aria-describedby': 'verwijder-uitleg verwijder-fout',
  });
  const submit = h('button', {
    type: 'submit', class: 'utrecht-button utrecht-button--primary-action utrecht-button--danger regie-button-large',
  }, t('settings_delete_button'));
  const form = h('form', { class: 'utrecht-form', novalidate: true, 'data-delete-wallet': true },
    h('div', { class: 'utrecht-form-field' },
      h('label', { class: 'utrecht-form-label', for: 'verwijder-woord' }, t('settings_delete_label', { word })),
      input),
    error.element,
    status,
    h('div', { class: 'regie-actions' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.say('');
    if (!confirmed(input.value, word)) {
      input.setAttribute('aria-invalid', 'true');
      error.say(t('settings_delete_mismatch', { word }));
      input.focus();
      return;
    }
    submit.disabled = true;
    status.textContent = t('settings_delete_busy');
    try {
      await deleteInstance(); // issue 6: the provider forgets this wallet and closes its mailboxes
      await deleteWallet();
    } catch (failure) {
      console.error(failure);
      status.textContent = '';
      submit.disabled = false;
      error.say(t('settings_delete_failed'));
      input.focus();
      return;
    }
    deletedScreen();
  });
  return h('section', { class: 'wallet-settings-section wallet-danger-zone', 'aria-labelledby': 'verwijder-kop' },
    h('h2', { class: 'utrecht-heading-2', id: 'verwijder-kop' }, t('settings_delete_heading')),
    h('p', { class: 'utrecht-paragraph', id: 'verwijder-uitleg' }, t('settings_delete_text')),
    form);
}

/** Backup and restore (screens/backup.js, issue 6). */
function backupSection() {
  return h('section', { class: 'wallet-settings-section', 'aria-labelledby': 'back-up-kop' },
    h('h2', { class: 'utrecht-heading-2', id: 'back-up-kop' }, t('settings_backup_heading')),
    h('div', { class: 'regie-actions' },
      buttonLink('#/backup', t('backup_heading'), 'secondary-action'),
      buttonLink('#/restore', t('restore_heading'), 'secondary-action')));
}

/** The sections, in order: the vault's (lock, PIN, passkey: screens/unlock.js) first. */
function sections() {
  return [securitySection(), backupSection(), languageSection(), deleteSection()];
}

export async function settingsScreen() {
  show(
    h('h1', { class: 'utrecht-heading-1' }, t('settings_heading')),
    ...sections(),
  );
}
