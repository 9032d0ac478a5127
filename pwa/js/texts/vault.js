/** Setting up and unlocking the wallet: PIN, passkey, lockout. nl (B1) and en. */

export default {
};
