/** Paste a link (`#/receive`) and receive an offer (`#/offer`). nl (B1) and en. */

export default {
  paste_heading: { nl: 'Gegevens toevoegen', en: 'Add data' },
  paste_text: {
    nl: 'Plak hier de link die u van de gemeente kreeg.',
    en: 'Paste the link you got from the municipality here.',
  },
  paste_label: { nl: 'Link', en: 'Link' },
  paste_submit: { nl: 'Verder', en: 'Continue' },
  offer_heading: { nl: 'Gegevens ontvangen', en: 'Receive data' },
  offer_loading: { nl: 'Even geduld, de wallet haalt het aanbod op.', en: 'One moment, the wallet is fetching the offer.' },
  offer_from: { nl: '{name} wil u deze gegevens geven:', en: '{name} wants to give you this data:' },
  offer_untrusted_accept: {
    nl: 'Ik weet zeker wie deze gegevens geeft',
    en: 'I am sure who gives this data',
  },
  offer_untrusted_needed: {
    nl: 'Vink eerst aan dat u zeker weet wie deze gegevens geeft.',
    en: 'First tick the box to say you are sure who gives this data.',
  },
  tx_code_label: { nl: 'Code van het scherm van de gemeente', en: "Code from the municipality's screen" },
  tx_code_hint: {
    nl: 'De code heeft {length} cijfers.',
    en: 'The code has {length} digits.',
  },
  offer_submit: { nl: 'Gegevens ophalen', en: 'Get the data' },
  offer_busy: { nl: 'Even geduld, de wallet haalt uw gegevens op.', en: 'One moment, the wallet is fetching your data.' },
  offer_cancel: { nl: 'Niet ophalen', en: 'Do not get it' },
};
