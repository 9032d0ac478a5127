/** "Mijn zaken" (`#/cases`): the cases started by sharing data. nl (B1) and en. */

export default {
};
