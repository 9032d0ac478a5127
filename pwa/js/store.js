/**
 * The wallet's storage: one IndexedDB database in this browser, `regie-wallet`.
 *
 * | store | one record per | holds |
 * | --- | --- | --- |
 * | `copies` | credential copy | its device key pair (the CryptoKey objects: structured clone keeps the private key non-extractable, it never leaves the browser), the compact SD-JWT VC, type, issuer, names (nl, en), claim labels (`claims`: `[{path, label: {nl, en}}]`), `used` (one-time presentation, HAIP 1.0 §7) |
 * | `history` | issuance or disclosure | who, which claims, when, outcome, the case it started |
 * | `cases` | case started by a disclosure | relying party, use case, date |
 *
 * Not yet encrypted at rest (PIN or passkey unlock seals the records; see vault.js when it
 * lands). Every function here is the only way the screens touch the stored data.
 */

const DB_NAME = 'regie-wallet';
const DB_VERSION = 2;
const COPIES = 'copies';
const HISTORY = 'history';
const CASES = 'cases';

let opening = null;

/** The open database (created, or upgraded from an older version, on first use). */
export function openDb(indexedDb = globalThis.indexedDB) {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDb.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(COPIES)) {
          db.createObjectStore(COPIES, { keyPath: 'id', autoIncrement: true }).createIndex('card', 'card');
        }
        if (!db.objectStoreNames.contains(HISTORY)) db.createObjectStore(HISTORY, { keyPath: 'id', autoIncrement: true });
        if (!db.objectStoreNames.contains(CASES)) db.createObjectStore(CASES, { keyPath: 'id', autoIncrement: true });
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

// --- credential copies ------------------------------------------------------------------------

/**
 * Store what `completeIssuance` returned: one record per copy, all in one transaction (all
 * copies or none), and one history entry per credential. `card` groups the copies of one
 * credential. Returns the card ids.
 */
export async function storeIssued(received, { issuerName, receivedAt = new Date().toISOString() } = {}) {
  const cardIds = [];
  await inTransaction([COPIES, HISTORY], 'readwrite', (stores) => {
    for (const item of received) {
      const card = `${item.issuer} ${item.configurationId} ${receivedAt}`;
      cardIds.push(card);
      const name = item.typeMetadata?.name ?? item.display.name;
      // SD-JWT VC §5 claim metadata: `[{path, label: {nl, en}}]`, to show the card's claims
      const claims = item.typeMetadata?.claims ?? item.display.claims ?? [];
      for (const copy of item.copies) {
        stores[COPIES].add({
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
        });
      }
      stores[HISTORY].add({
        kind: 'issuance', at: receivedAt, party: { id: item.issuer, name: issuerName ?? null },
        card, vct: item.vct, name, claims: claims.filter((c) => c.path?.length === 1).map((c) => c.label), outcome: 'received', caseId: null,
      });
    }
  });
  return cardIds;
}

/** Every stored copy, with its key pair and compact credential. */
export function allCopies() {
  return getAll(COPIES);
}

/** The copies of one card. */
export async function cardCopies(card) {
  return (await allCopies()).filter((copy) => copy.card === card);
}

/** The cards for the home screen: copies grouped by `card`, with how many are still unused. */
export async function cards() {
  const groups = new Map();
  for (const copy of await allCopies()) {
    const group = groups.get(copy.card) ?? { ...copy, copies: 0, unused: 0 };
    group.copies += 1;
    if (!copy.used) group.unused += 1;
    groups.set(copy.card, group);
  }
  return [...groups.values()].map(({ keyPair, compact, id, ...card }) => card);
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
  return inTransaction([HISTORY], 'readwrite', (stores) => {
    const request = stores[HISTORY].add({ at: new Date().toISOString(), caseId: null, ...entry });
    return () => request.result;
  });
}

/** The history, newest first. */
export async function history() {
  return (await getAll(HISTORY)).sort((a, b) => String(b.at).localeCompare(String(a.at)) || b.id - a.id);
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
  return inTransaction([CASES], 'readwrite', (stores) => {
    const request = stores[CASES].add({ at: new Date().toISOString(), ...entry });
    return () => request.result;
  });
}

/** The cases, newest first. */
export async function cases() {
  return (await getAll(CASES)).sort((a, b) => String(b.at).localeCompare(String(a.at)) || b.id - a.id);
}

// --- the whole wallet -------------------------------------------------------------------------

/** Delete the whole wallet from this browser: every card, key, history entry and case. */
export async function deleteWallet(indexedDb = globalThis.indexedDB) {
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
