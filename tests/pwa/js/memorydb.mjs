// An in-memory IndexedDB for the wallet's JavaScript tests in Node: only what store.js uses
// (open with an upgrade, object stores by keyPath, get/put/add/delete/getAll/getAllKeys/clear,
// an index's getAllKeys, transactions that complete once their requests are done). Values are
// kept as given (CryptoKeys stay CryptoKeys); no versions, no cursors, no real isolation.

function request(run, transaction) {
  const req = { result: undefined, error: null, onsuccess: null, onerror: null };
  transaction.pending += 1;
  setTimeout(() => {
    try {
      req.result = run();
      req.onsuccess?.({ target: req });
    } catch (error) {
      req.error = error;
      transaction.error = error;
      req.onerror?.({ target: req });
      transaction.onerror?.();
    }
    transaction.pending -= 1;
    transaction.settle();
  }, 0);
  return req;
}

function objectStore(table, transaction) {
  const keyOf = (value) => {
    if (value[table.keyPath] === undefined && table.autoIncrement) value[table.keyPath] = table.next++;
    return value[table.keyPath];
  };
  return {
    get: (key) => request(() => table.rows.get(key), transaction),
    getAll: () => request(() => [...table.rows.values()], transaction),
    getAllKeys: () => request(() => [...table.rows.keys()], transaction),
    put: (value) => request(() => { table.rows.set(keyOf(value), value); return value[table.keyPath]; }, transaction),
    add: (value) => request(() => {
      const key = keyOf(value);
      if (table.rows.has(key)) throw new Error(`key ${key} exists`);
      table.rows.set(key, value);
      return key;
    }, transaction),
    delete: (key) => request(() => { table.rows.delete(key); }, transaction),
    clear: () => request(() => { table.rows.clear(); }, transaction),
    index: (field) => ({
      getAllKeys: (value) => request(() => [...table.rows].filter(([, row]) => row[field] === value).map(([key]) => key), transaction),
    }),
    createIndex() {},
  };
}

function transactionOver(tables) {
  const transaction = {
    pending: 0, done: false, error: null, oncomplete: null, onerror: null, onabort: null,
    objectStore: (name) => objectStore(tables.get(name), transaction),
    settle() {
      setTimeout(() => {
        if (transaction.pending || transaction.done) return;
        transaction.done = true;
        transaction.oncomplete?.();
      }, 0);
    },
  };
  transaction.settle();
  return transaction;
}

export class MemoryIndexedDb {
  constructor() {
    this.databases = new Map();
  }

  open(name) {
    const req = { result: null, transaction: null, onupgradeneeded: null, onsuccess: null, onerror: null };
    setTimeout(() => {
      let tables = this.databases.get(name);
      const fresh = !tables;
      if (fresh) {
        tables = new Map();
        this.databases.set(name, tables);
      }
      req.result = {
        objectStoreNames: { contains: (table) => tables.has(table) },
        createObjectStore(table, { keyPath, autoIncrement = false } = {}) {
          tables.set(table, { keyPath, autoIncrement, rows: new Map(), next: 1 });
          return objectStore(tables.get(table), { pending: 0, settle() {} });
        },
        transaction: () => transactionOver(tables),
        close() {},
      };
      if (fresh) {
        req.transaction = transactionOver(tables);
        req.onupgradeneeded?.({ oldVersion: 0 });
      }
      req.onsuccess?.();
    }, 0);
    return req;
  }
}
