/** "Mijn gegevens" (`#/`): the cards. nl (B1) and en. */

export default {
  home_heading: { nl: 'Mijn gegevens', en: 'My data' },
  home_empty: {
    nl: 'U heeft nog geen gegevens in de wallet. Haal ze op bij de gemeente.',
    en: 'There is no data in your wallet yet. Get it from the municipality.',
  },
  home_add: { nl: 'Gegevens toevoegen met een link', en: 'Add data with a link' },
  card_issuer: { nl: 'Van {name}', en: 'From {name}' },
  card_copies: { nl: 'Nog {count} keer te gebruiken', en: 'Can be used {count} more times' },
  card_received: { nl: 'Ontvangen op {date}', en: 'Received on {date}' },
  received_notice: {
    nl: 'Gelukt. Uw gegevens staan nu in de wallet.',
    en: 'Done. Your data is now in the wallet.',
  },
  received_replaced_one: {
    nl: 'Gelukt. Uw nieuwe {names} staat nu in de wallet. De oude {names} is vervangen en verwijderd.',
    en: 'Done. Your new {names} is now in the wallet. The old {names} was replaced and deleted.',
  },
  received_replaced_many: {
    nl: 'Gelukt. Uw nieuwe gegevens staan nu in de wallet. Deze oude kaarten zijn vervangen en verwijderd: {names}.',
    en: 'Done. Your new data is now in the wallet. These old cards were replaced and deleted: {names}.',
  },
  card_revoked: { nl: 'Ingetrokken', en: 'Revoked' },
  card_revoked_text: {
    nl: '{name} heeft deze kaart ingetrokken. De gegevens kloppen misschien niet meer. U kunt de kaart niet meer gebruiken. Haal nieuwe gegevens op bij {name}.',
    en: '{name} has revoked this card. The data may no longer be correct. You can no longer use the card. Get new data from {name}.',
  },
  card_suspended: { nl: 'Tijdelijk geblokkeerd', en: 'Temporarily blocked' },
  card_suspended_text: {
    nl: '{name} heeft deze kaart tijdelijk geblokkeerd. U kunt de kaart nu niet gebruiken. Vraag {name} waarom.',
    en: '{name} has blocked this card for now. You cannot use the card now. Ask {name} why.',
  },
  home_scan: { nl: 'QR-code scannen', en: 'Scan a QR code' },
};
