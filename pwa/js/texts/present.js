/** Sharing data with a relying party (`#/present`): who asks, why, what, consent. nl (B1) and en. */

export default {
};
