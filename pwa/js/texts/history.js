/** The history of what the wallet received and shared (`#/history`). nl (B1) and en. */

export default {
};
