/**
 * `#/backup`: make the encrypted backup (backup.js) with a new recovery phrase, shown once in
 * large words with what to do with it (write it down, keep it safe, nobody from the
 * municipality will ask for it), or update it later with the same keys. `#/restore`: type
 * the phrase on a new phone; history, cases, inbox and settings come back, and the screen
 * explains that credentials are bound to the old phone's keys and offers to fetch them again
 * at each issuer from the history.
 */

import { backupKeys, checkPhrase, decryptBackup, encryptBackup, newPhrase } from '../backup.js';
import { errorMessage } from '../messages.js';
import { downloadBackup, uploadBackup } from '../provider.js';
import { backupContents, backupState, history, restoreContents, saveBackupState } from '../store.js';
import {
  button, buttonLink, errorRegion, formatDate, forLocale, h, locale, show, t,
} from '../ui.js';

const heading = (key) => h('h1', { class: 'utrecht-heading-1' }, t(key));

/** Encrypt what the backup holds and upload it as the next version; keeps the new state. */
async function upload(state) {
  const ciphertext = await encryptBackup(await backupContents(), state.encryptionKey);
  const { version } = await uploadBackup(ciphertext, state.backupKey, state.version ?? null);
  const saved = { ...state, version, at: new Date().toISOString() };
  await saveBackupState(saved);
  return saved;
}

function savedScreen(state) {
  show(
    heading('backup_heading'),
    h('div', { class: 'utrecht-alert utrecht-alert--ok', role: 'status', 'data-backup-saved': state.version },
      h('p', { class: 'utrecht-paragraph' }, t('backup_saved', { date: formatDate(state.at, { dateStyle: 'long', timeStyle: 'short' }) }))),
    h('div', { class: 'regie-actions' }, buttonLink('#/', t('back_home'), 'secondary-action')),
  );
}

function phraseScreen(phrase) {
  const error = errorRegion('back-up-fout');
  const status = h('p', { class: 'utrecht-paragraph', role: 'status' });
  const done = button(t('backup_written'), async () => {
    done.disabled = true;
    status.textContent = t('backup_saving');
    try {
      const { encryptionKey, backupKey } = await backupKeys(phrase);
      savedScreen(await upload({ encryptionKey, backupKey, version: null }));
    } catch (failure) {
      console.error(failure);
      status.textContent = '';
      error.say(t('backup_failed'));
      done.disabled = false;
    }
  }, 'primary-action', { 'data-backup-written': true });
  show(
    heading('backup_phrase_heading'),
    h('p', { class: 'utrecht-paragraph' }, t('backup_write_down')),
    h('ol', { class: 'wallet-phrase', 'data-phrase': true }, phrase.split(' ').map((word) => h('li', {}, word))),
    h('div', { class: 'utrecht-alert utrecht-alert--warning' }, h('p', { class: 'utrecht-paragraph' }, t('backup_never_ask'))),
    error.element, status,
    h('div', { class: 'regie-actions' }, done),
  );
}

/** `#/backup`. */
export async function backupScreen() {
  const state = await backupState();
  const error = errorRegion('back-up-fout');
  const update = state ? button(t('backup_update'), async () => {
    update.disabled = true;
    try {
      savedScreen(await upload(state));
    } catch (failure) {
      console.error(failure);
      error.say(t('backup_failed'));
      update.disabled = false;
    }
  }, 'primary-action', { 'data-backup-update': true }) : null;
  show(
    heading('backup_heading'),
    h('p', { class: 'utrecht-paragraph' }, t('backup_intro')),
    state?.at ? h('p', { class: 'utrecht-paragraph', 'data-backup-last': true }, t('backup_last', { date: formatDate(state.at, { dateStyle: 'long', timeStyle: 'short' }) })) : null,
    error.element,
    h('div', { class: 'regie-actions' },
      update,
      button(t('backup_make'), async () => phraseScreen(await newPhrase()), state ? 'secondary-action' : 'primary-action', { 'data-backup-make': true })),
    h('div', { class: 'regie-actions' }, buttonLink('#/restore', t('backup_restore_link'), 'subtle')),
  );
}

/** The issuers the restored history names: where to fetch the credentials again. */
function issuersOf(entries) {
  const seen = new Map();
  for (const entry of entries) {
    const url = entry.party?.id;
    if (entry.kind !== 'issuance' || typeof url !== 'string' || seen.has(url)) continue;
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname)) continue;
    } catch {
      continue;
    }
    seen.set(url, forLocale(entry.party?.name, url));
  }
  return [...seen.entries()];
}

function restoredScreen(counts, issuers) {
  show(
    heading('restore_done_heading'),
    h('div', { class: 'utrecht-alert utrecht-alert--ok', role: 'status', 'data-restored': true },
      h('p', { class: 'utrecht-paragraph' }, t('restore_done', counts))),
    h('section', { 'data-reissue-offer': true },
      h('p', { class: 'utrecht-paragraph' }, t('restore_reissue_explain')),
      h('div', { class: 'regie-actions' }, issuers.map(([url, name]) => buttonLink(`${url.replace(/\/$/, '')}/`, t('restore_reissue_at', { name }))))),
    h('div', { class: 'regie-actions' }, buttonLink('#/history', t('restore_to_history'), 'secondary-action')),
  );
}

/** `#/restore`. */
export async function restoreScreen() {
  const error = errorRegion('herstel-fout');
  const status = h('p', { class: 'utrecht-paragraph', role: 'status' });
  const field = h('textarea', {
    id: 'herstelzin', class: 'utrecht-textarea wallet-phrase-input', autocomplete: 'off', autocapitalize: 'none',
    spellcheck: 'false', 'aria-describedby': 'herstel-fout', 'data-restore-phrase': true,
  });
  const go = button(t('restore_go'), async () => {
    go.disabled = true;
    error.say('');
    status.textContent = t('restore_busy');
    try {
      const phrase = await checkPhrase(field.value);
      const { encryptionKey, backupKey } = await backupKeys(phrase);
      const { ciphertext, version } = await downloadBackup(backupKey);
      const contents = await decryptBackup(ciphertext, encryptionKey);
      await restoreContents(contents);
      await saveBackupState({ encryptionKey, backupKey, version, at: new Date().toISOString() });
      const restoredHistory = await history();
      restoredScreen({
        history: contents.history?.length ?? 0, cases: contents.cases?.length ?? 0, messages: contents.inbox?.length ?? 0,
      }, issuersOf(restoredHistory));
    } catch (failure) {
      console.error(failure);
      status.textContent = '';
      error.say(errorMessage(failure, locale));
      go.disabled = false;
      field.focus();
    }
  }, 'primary-action', { 'data-restore-go': true });
  show(
    heading('restore_heading'),
    h('p', { class: 'utrecht-paragraph' }, t('restore_intro')),
    h('div', { class: 'utrecht-form-field' },
      h('label', { class: 'utrecht-form-label', for: 'herstelzin' }, t('restore_phrase_label')),
      field),
    error.element, status,
    h('div', { class: 'regie-actions' }, go),
  );
}
