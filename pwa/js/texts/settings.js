/** Settings (`#/settings`): deleting the wallet, passkey, language. nl (B1) and en. */

export default {
};
