/** Scanning a QR code (`#/scan`). nl (B1) and en. */

export default {
};
