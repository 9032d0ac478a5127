/**
 * The wallet's storage: one IndexedDB database in this browser, `regie-wallet`.
 *
 * | store | one record per | in the clear | sealed |
 * | --- | --- | --- | --- |
 * | `copies` | credential copy | `id`, the device key pair (CryptoKey objects: structured clone keeps the private key non-extractable, it never leaves the browser), `used` (one-time presentation, HAIP 1.0 §7), `card` (a random id grouping the copies of one credential) | the compact SD-JWT VC, type, issuer, names (nl, en), claim labels (`claims`: `[{path, label: {nl, en}}]`), configuration, dates, `place` in the list (the replaced card's, or null) |
 * | `history` | issuance or disclosure | `id` | who, which claims, when, outcome, the case it started |
 * | `cases` | case started by a disclosure | `id` | relying party, use case, date |
 * | `vault` | `vault`, `attempts` | the wrapped data key, salts, iterations (vault.js); the count of wrong PINs | — |
 * | `provider` | `instance`, `settings` | `id`; the instance's key pair (non-extractable private key, provider.js) | the wallet instance id at the provider; the settings (push per sender) |
 * | `mailboxes` | pairwise mailbox (one per case) | `id` (the provider's), the ECDH-ES key pair (non-extractable private key) | its URL, the sender, the case |
 * | `inbox` | message from a mailbox | `id` (the provider's) | everything: sender, kind, importance, the decrypted content, when received and read |
 *
 * Sealed means AES-GCM with the wallet's data key (vault.js `seal`), the store and id (and for
 * a copy its card) as additional data: a copied browser profile shows ids, keys and
 * ciphertext, nothing readable without the PIN or passkey. Reading while the wallet is locked
 * throws WalletError `wallet_locked`. Ids are numbers that grow with time (milliseconds ×
 * 1024 + random low bits), chosen here before sealing so that they can be bound to the record.
 *
 * Every function here is the only way the screens touch the stored data.
 */

import { currentKey, lock, NO_FAILURES, seal, unseal } from './vault.js';

const DB_NAME = 'regie-wallet';
const DB_VERSION = 4;
const COPIES = 'copies';
const HISTORY = 'history';
const CASES = 'cases';
const VAULT = 'vault';
const PROVIDER = 'provider';
const MAILBOXES = 'mailboxes';
const INBOX = 'inbox';
/** The stores whose records are sealed under the vault (a new vault empties them). */
const SEALED_STORES = [COPIES, HISTORY, CASES, PROVIDER, MAILBOXES, INBOX];

let opening = null;

/** The open database (created, or upgraded from an older version, on first use). */
export function openDb(indexedDb = globalThis.indexedDB) {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDb.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = (event) => {
        const db = request.result;
        if (!db.objectStoreNames.contains(COPIES)) {
          db.createObjectStore(COPIES, { keyPath: 'id', autoIncrement: true }).createIndex('card', 'card');
        }
        if (!db.objectStoreNames.contains(HISTORY)) db.createObjectStore(HISTORY, { keyPath: 'id', autoIncrement: true });
        if (!db.objectStoreNames.contains(CASES)) db.createObjectStore(CASES, { keyPath: 'id', autoIncrement: true });
        if (!db.objectStoreNames.contains(VAULT)) db.createObjectStore(VAULT);
        // version 4 (issue 6): the wallet provider's instance, mailboxes and inbox; nothing to move
        for (const name of [PROVIDER, MAILBOXES, INBOX]) {
          if (!db.objectStoreNames.contains(name)) db.createObjectStore(name, { keyPath: 'id' });
        }
        if (event.oldVersion > 0 && event.oldVersion < 3) {
          // versions 1-2 kept the records in the clear and had no PIN: nothing a vault can read
          for (const name of [COPIES, HISTORY, CASES]) request.transaction.objectStore(name).clear();
        }
      };
      request.onsuccess = () => {
        const db = request.result;
        db.onversionchange = () => { db.close(); opening = null; };
        resolve(db);
      };
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error('the wallet is open in another tab'));
    });
    opening.catch(() => { opening = null; });
  }
  return opening;
}

function done(transaction) {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error ?? new Error('transaction aborted'));
  });
}

/** Run `work(stores)` in one transaction over `names`; resolves with its result once committed. */
async function inTransaction(names, mode, work) {
  const db = await openDb();
  const transaction = db.transaction(names, mode);
  const stores = Object.fromEntries(names.map((name) => [name, transaction.objectStore(name)]));
  const result = work(stores);
  await done(transaction);
  return typeof result === 'function' ? result() : result;
}

function getAll(name) {
  return inTransaction([name], 'readonly', (stores) => {
    const request = stores[name].getAll();
    return () => request.result;
  });
}

// --- sealing ----------------------------------------------------------------------------------

let lastId = 0;

/**
 * `count` fresh ids, growing with time (and within this page), below 2^53; random low bits
 * keep two tabs adding in the same millisecond apart.
 */
function newIds(count) {
  const [jitter] = globalThis.crypto.getRandomValues(new Uint16Array(1));
  const first = Math.max(Date.now() * 1024 + (jitter % 512), lastId + 1);
  lastId = first + count - 1;
  return Array.from({ length: count }, (_, i) => first + i);
}

/** A card's grouping key: random, so it says nothing about the issuer or the type. */
function newCardId() {
  const random = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(random, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

const label = (store, record) => (store === COPIES ? `${store}/${record.id}/${record.card}` : `${store}/${record.id}`);

/** The record as stored: the fields in the clear (`clear`), the rest sealed with the data key. */
async function sealed(store, { id, ...fields }, clear = []) {
  const record = { id };
  for (const name of clear) {
    record[name] = fields[name];
    delete fields[name];
  }
  record.sealed = await seal(currentKey(), label(store, record), fields);
  return record;
}

/** The record as the screens know it: the sealed fields back in place. */
async function opened(store, { sealed: box, ...record }, key = currentKey()) {
  return { ...(await unseal(key, label(store, record), box)), ...record };
}

async function readAll(store) {
  const key = currentKey();
  return Promise.all((await getAll(store)).map((record) => opened(store, record, key)));
}

async function addSealed(store, entry) {
  currentKey();
  const [id] = newIds(1);
  const record = await sealed(store, { ...entry, id });
  await inTransaction([store], 'readwrite', (stores) => { stores[store].add(record); });
  return id;
}

const newestFirst = (a, b) => String(b.at).localeCompare(String(a.at)) || b.id - a.id;

// --- credential copies ------------------------------------------------------------------------

const COPY_CLEAR = ['card', 'keyPair', 'used'];

/** A card's type at its issuer: the same `vct` from the same `credential_issuer`. */
const typeKey = ({ issuer, vct }) => JSON.stringify([issuer, vct]);

/**
 * What receiving `received` replaces among the `held` copies: for each received credential the
 * cards of the same type (`vct`) from the same issuer, newest data wins (a re-issuance after a
 * move, issue 6). Returns `{cards: Map(typeKey → [card]), place: Map(typeKey → place)}`, the
 * place of the oldest replaced card, so the new card takes its place in the list (`cards()`).
 */
export function replacedBy(held, received) {
  // a credential without a type (vct) says nothing about what it replaces: it replaces nothing
  const wanted = new Set(received.filter((item) => typeof item.vct === 'string' && item.vct).map(typeKey));
  const replaced = new Map();
  const place = new Map();
  for (const copy of held) {
    const key = typeKey(copy);
    if (!wanted.has(key)) continue;
    const group = replaced.get(key) ?? new Set();
    group.add(copy.card);
    replaced.set(key, group);
    const at = copy.place ?? copy.id;
    if (!(place.get(key) <= at)) place.set(key, at);
  }
  return { cards: new Map([...replaced].map(([key, group]) => [key, [...group]])), place };
}

/**
 * Store what `completeIssuance` returned: one record per copy, all in one transaction (all
 * copies or none), and one history entry per credential. `card` groups the copies of one
 * credential. A card of the same type from the same issuer is replaced (`replacedBy`): its
 * copies, used or not, are deleted in the same transaction and the new card takes its place;
 * the history keeps the old issuance, and the new entry says how many cards it `replaced`.
 * Returns `{cards: [card id], replaced: [name]}`, the names of the credentials that replaced
 * an older card.
 */
export async function storeIssued(received, { issuerName, receivedAt = new Date().toISOString() } = {}) {
  currentKey();
  const held = await allCopies();
  const replacing = replacedBy(held, received);
  const gone = new Set([...replacing.cards.values()].flat());
  const goneIds = held.filter((copy) => gone.has(copy.card)).map((copy) => copy.id);
  const cardIds = [];
  const copies = [];
  const entries = [];
  const replacedNames = [];
  for (const item of received) {
    const card = newCardId();
    cardIds.push(card);
    const name = item.typeMetadata?.name ?? item.display.name;
    // SD-JWT VC §5 claim metadata: `[{path, label: {nl, en}}]`, to show the card's claims
    const claims = item.typeMetadata?.claims ?? item.display.claims ?? [];
    const issued = item.copies[0]?.credential?.claims ?? {};
    const replaced = replacing.cards.get(typeKey(item))?.length ?? 0;
    if (replaced) replacedNames.push(name);
    for (const copy of item.copies) {
      copies.push({
        card,
        issuer: item.issuer,
        issuerName,
        configurationId: item.configurationId,
        vct: item.vct,
        name,
        claims,
        compact: copy.compact,
        keyPair: copy.keyPair,
        used: false,
        receivedAt,
        place: replacing.place.get(typeKey(item)) ?? null,
      });
    }
    entries.push({
      kind: 'issuance', at: receivedAt, party: { id: item.issuer, name: issuerName ?? null },
      card, vct: item.vct, name, claims: claims.filter((c) => c.path?.length === 1 && Object.hasOwn(issued, c.path[0])).map((c) => c.label), outcome: 'received', caseId: null,
      replaced,
    });
  }
  const copyIds = newIds(copies.length);
  const entryIds = newIds(entries.length);
  const records = await Promise.all([
    ...copies.map((copy, i) => sealed(COPIES, { ...copy, id: copyIds[i] }, COPY_CLEAR)),
    ...entries.map((entry, i) => sealed(HISTORY, { ...entry, id: entryIds[i] })),
  ]);
  await inTransaction([COPIES, HISTORY], 'readwrite', (stores) => {
    for (const id of goneIds) stores[COPIES].delete(id);
    records.forEach((record, i) => stores[i < copies.length ? COPIES : HISTORY].add(record));
  });
  return { cards: cardIds, replaced: replacedNames };
}

/** Every stored copy, with its key pair and compact credential. */
export function allCopies() {
  return readAll(COPIES);
}

/** The copies of one card. */
export async function cardCopies(card) {
  return (await allCopies()).filter((copy) => copy.card === card);
}

/**
 * The cards as the home screen lists them, in a fixed order: by `place`, the first copy id of
 * the card (ids grow with time, so in the order received, and in the issuer's order within one
 * offer), or for a card that replaced another the place of the one it replaced.
 */
export function inListOrder(groups) {
  return [...groups].sort((a, b) => a.place - b.place || String(a.card).localeCompare(String(b.card)));
}

/** The cards for the home screen: copies grouped by `card`, with how many are still unused,
 * in list order (`inListOrder`). */
export async function cards() {
  const groups = new Map();
  for (const copy of await allCopies()) {
    const group = groups.get(copy.card) ?? { ...copy, place: Infinity, copies: 0, unused: 0 };
    group.copies += 1;
    if (!copy.used) group.unused += 1;
    group.place = Math.min(group.place, copy.place ?? copy.id);
    groups.set(copy.card, group);
  }
  return inListOrder(groups.values()).map(({ keyPair, compact, id, ...card }) => card);
}

/** Mark copies as used (after a presentation was sent with them), in one transaction. */
export async function markUsed(ids) {
  await inTransaction([COPIES], 'readwrite', (stores) => {
    for (const id of ids) {
      const request = stores[COPIES].get(id);
      request.onsuccess = () => {
        if (request.result) stores[COPIES].put({ ...request.result, used: true });
      };
    }
  });
}

/** Delete every copy of a card (its keys go with it). */
export async function deleteCard(card) {
  await inTransaction([COPIES], 'readwrite', (stores) => {
    const request = stores[COPIES].index('card').getAllKeys(card);
    request.onsuccess = () => {
      for (const key of request.result) stores[COPIES].delete(key);
    };
  });
}

// --- history ----------------------------------------------------------------------------------

/**
 * Log an issuance or a disclosure: `{kind: 'issuance'|'presentation', at, party: {id, name},
 * claims: [label], outcome: 'received'|'shared'|'declined'|'failed', caseId}`. Returns its id.
 */
export function addHistory(entry) {
  return addSealed(HISTORY, { at: new Date().toISOString(), caseId: null, ...entry });
}

/** The history, newest first. */
export async function history() {
  return (await readAll(HISTORY)).sort(newestFirst);
}

/** Delete one history entry, or all of them (`id` undefined). */
export async function deleteHistory(id) {
  await inTransaction([HISTORY], 'readwrite', (stores) => {
    if (id === undefined) stores[HISTORY].clear();
    else stores[HISTORY].delete(id);
  });
}

// --- cases ------------------------------------------------------------------------------------

/** Record a case started by a disclosure: `{party: {id, name}, useCase, at, ...}`. Returns its id. */
export function addCase(entry) {
  return addSealed(CASES, { at: new Date().toISOString(), ...entry });
}

/** The cases, newest first. */
export async function cases() {
  return (await readAll(CASES)).sort(newestFirst);
}

/** Keep `fields` on case `id` (e.g. the `mailbox` made for it); nothing when it is gone. */
export async function updateCase(id, fields) {
  const [current] = (await readAll(CASES)).filter((entry) => entry.id === id);
  if (!current) return;
  await putSealed(CASES, { ...current, ...fields });
}

// --- the wallet provider: instance, settings, mailboxes, inbox (issue 6) ----------------------

async function putSealed(store, entry, clear = []) {
  const record = await sealed(store, entry, clear);
  await inTransaction([store], 'readwrite', (stores) => { stores[store].put(record); });
}

async function readOne(store, id) {
  const record = await inTransaction([store], 'readonly', (stores) => {
    const request = stores[store].get(id);
    return () => request.result;
  });
  return record ? opened(store, record) : null;
}

/** The registered wallet instance `{instanceId, keyPair}`, or null before registration. */
export function providerInstance() {
  return readOne(PROVIDER, 'instance');
}

/** Keep the registered instance: its id (sealed) and key pair (CryptoKeys, in the clear). */
export function saveProviderInstance({ instanceId, keyPair }) {
  return putSealed(PROVIDER, { id: 'instance', instanceId, keyPair }, ['keyPair']);
}

/** The wallet's own settings (push per sender, ...): `{push: {on, senders: {id: bool}}, ...}`. */
export async function walletSettings() {
  const record = await readOne(PROVIDER, 'settings');
  if (!record) return {};
  const { id, ...settings } = record;
  return settings;
}

export function saveWalletSettings(settings) {
  return putSealed(PROVIDER, { ...settings, id: 'settings' });
}

/** Keep a mailbox: `{id, keyPair, url, sender, name}` (the key pair in the clear, as CryptoKeys). */
export function saveMailbox(mailbox) {
  return putSealed(MAILBOXES, mailbox, ['keyPair']);
}

/** Forget mailbox `id` and its key (provider.js `deleteMailbox`: it is gone at the provider). */
export async function forgetMailbox(id) {
  await inTransaction([MAILBOXES], 'readwrite', (stores) => { stores[MAILBOXES].delete(id); });
}

/** Every mailbox of this wallet, with its key pair. */
export function mailboxes() {
  return readAll(MAILBOXES);
}

/** Keep messages (new or changed), each `{id, mailbox, sender, kind, importance, content,
 * receivedAt, readAt, receiptSent}`, all sealed, in one transaction. */
export async function saveMessages(messages) {
  currentKey();
  const records = await Promise.all(messages.map((message) => sealed(INBOX, message)));
  await inTransaction([INBOX], 'readwrite', (stores) => { records.forEach((record) => stores[INBOX].put(record)); });
}

/** The inbox, newest first. */
export async function inbox() {
  return (await readAll(INBOX)).sort((a, b) => String(b.receivedAt).localeCompare(String(a.receivedAt)));
}

/** One message, or null. */
export function message(id) {
  return readOne(INBOX, id);
}

// --- backup (backup.js): what a recovery phrase brings back ------------------------------------

/** This phone's backup: `{encryptionKey (non-extractable CryptoKey, in the clear), backupKey,
 * version, at}`, or null before the first backup (not itself in the backup). */
export function backupState() {
  return readOne(PROVIDER, 'backup');
}

export function saveBackupState({ encryptionKey, backupKey, version, at }) {
  return putSealed(PROVIDER, { id: 'backup', encryptionKey, backupKey, version, at }, ['encryptionKey']);
}

/** What the backup holds: history, cases, inbox and settings, opened (backup.js encrypts it). */
export async function backupContents() {
  const [historyEntries, caseEntries, messages, settings] = await Promise.all([
    readAll(HISTORY), readAll(CASES), readAll(INBOX), walletSettings(),
  ]);
  return { history: historyEntries, cases: caseEntries, inbox: messages, settings };
}

/** Put a backup's records back, sealed with this wallet's data key (ids kept, so a history
 * entry still leads to its case); what is here already with the same id is replaced. */
export async function restoreContents({ history: historyEntries = [], cases: caseEntries = [], inbox: messages = [], settings = {} }) {
  currentKey();
  const records = await Promise.all([
    ...historyEntries.map((entry) => sealed(HISTORY, entry).then((record) => [HISTORY, record])),
    ...caseEntries.map((entry) => sealed(CASES, entry).then((record) => [CASES, record])),
    ...messages.map((entry) => sealed(INBOX, entry).then((record) => [INBOX, record])),
    sealed(PROVIDER, { ...settings, id: 'settings' }).then((record) => [PROVIDER, record]),
  ]);
  await inTransaction([HISTORY, CASES, INBOX, PROVIDER], 'readwrite', (stores) => {
    for (const [name, record] of records) stores[name].put(record);
  });
}

// --- the notification texts for the service worker (sw.js), no wallet data -------------------

/** Leave the notification's title and body in the resident's language for sw.js (a small
 * database of its own: no claim value, only the wallet's fixed texts). */
export function saveNotificationTexts(texts, indexedDb = globalThis.indexedDB) {
  return new Promise((resolve, reject) => {
    const open = indexedDb.open('regie-wallet-notifications', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('texts');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const transaction = open.result.transaction('texts', 'readwrite');
      transaction.objectStore('texts').put(texts, 'texts');
      transaction.oncomplete = () => { open.result.close(); resolve(); };
      transaction.onerror = () => reject(transaction.error);
    };
  });
}

// --- the vault record and the attempt counter (not secret; see vault.js) ----------------------

/** `{vault, attempts}`: the vault record (null before the wallet is set up) and the counter. */
export function vaultState() {
  return inTransaction([VAULT], 'readonly', (stores) => {
    const vault = stores[VAULT].get('vault');
    const attempts = stores[VAULT].get('attempts');
    return () => ({ vault: vault.result ?? null, attempts: attempts.result ?? NO_FAILURES });
  });
}

/**
 * Keep `vault` (vault.js `createVault` or `addPasskey`). A new vault (`fresh`) also resets the
 * counter and removes records no key can read any more (sealed under an earlier vault).
 */
export async function saveVault(vault, { fresh = false } = {}) {
  await inTransaction(fresh ? [VAULT, ...SEALED_STORES] : [VAULT], 'readwrite', (stores) => {
    stores[VAULT].put(vault, 'vault');
    if (fresh) {
      stores[VAULT].put(NO_FAILURES, 'attempts');
      for (const name of SEALED_STORES) stores[name].clear();
    }
  });
}

/** Keep the attempt counter (vault.js `countAttempt`, `NO_FAILURES`). */
export async function saveAttempts(attempts) {
  await inTransaction([VAULT], 'readwrite', (stores) => { stores[VAULT].put(attempts, 'attempts'); });
}

// --- the whole wallet -------------------------------------------------------------------------

/**
 * Delete the whole wallet from this browser: every card, key, history entry and case, and the
 * vault (the next start asks for a new PIN). Locks the wallet.
 */
export async function deleteWallet(indexedDb = globalThis.indexedDB) {
  lock();
  if (opening) {
    const db = await opening.catch(() => null);
    db?.close();
    opening = null;
  }
  await new Promise((resolve, reject) => {
    const request = indexedDb.deleteDatabase(DB_NAME);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
    request.onblocked = () => resolve(); // completes once other tabs close it
  });
}
