/** One card (`#/card`): its data, and deleting it. nl (B1) and en. */

export default {
};
