/**
 * The wallet's storage: one IndexedDB database in this browser. Each credential copy is one
 * record, holding its device key pair as the CryptoKey objects themselves (structured clone
 * keeps the private key non-extractable; it never leaves the browser), the compact SD-JWT VC,
 * its type, issuer, display names (nl and en) and whether it was used (`used`, for one-time
 * presentation). Not yet encrypted at rest (PIN or passkey unlock is a later slice).
 */

const DB_NAME = 'regie-wallet';
const DB_VERSION = 1;
const COPIES = 'copies';

let opening = null;

/** The open database (created on first use). */
export function openDb(indexedDb = globalThis.indexedDB) {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDb.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = () => {
        const store = request.result.createObjectStore(COPIES, { keyPath: 'id', autoIncrement: true });
        store.createIndex('card', 'card');
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
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

/**
 * Store what `completeIssuance` returned: one record per copy, all in one transaction (all
 * copies or none). `card` groups the copies of one credential for the home screen.
 */
export async function storeIssued(received, { issuerName, receivedAt = new Date().toISOString() } = {}) {
  const db = await openDb();
  const transaction = db.transaction(COPIES, 'readwrite');
  const store = transaction.objectStore(COPIES);
  for (const item of received) {
    const card = `${item.issuer} ${item.configurationId} ${receivedAt}`;
    const name = item.typeMetadata?.name ?? item.display.name;
    for (const copy of item.copies) {
      store.add({
        card,
        issuer: item.issuer,
        issuerName,
        configurationId: item.configurationId,
        vct: item.vct,
        name,
        compact: copy.compact,
        keyPair: copy.keyPair,
        used: false,
        receivedAt,
      });
    }
  }
  await done(transaction);
}

/** Every stored copy. */
export async function allCopies() {
  const db = await openDb();
  const transaction = db.transaction(COPIES, 'readonly');
  const request = transaction.objectStore(COPIES).getAll();
  await done(transaction);
  return request.result;
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
