/** One card (`#/card`): its data, and deleting it. nl (B1) and en. */

export default {
  card_not_found: {
    nl: 'Deze kaart staat niet (meer) in de wallet.',
    en: 'This card is not (or no longer) in the wallet.',
  },
  card_data_heading: { nl: 'Wat er op deze kaart staat', en: 'What is on this card' },
  card_copies_explained: {
    nl: 'Elke keer dat u gegevens deelt, gebruikt de wallet een nieuw exemplaar van de kaart. Zo kunnen organisaties niet zien dat het steeds om u gaat.',
    en: 'Each time you share data, the wallet uses a new copy of the card. That way organisations cannot see that it is you each time.',
  },
  card_copies_none: {
    nl: 'Deze kaart is op. Haal de gegevens opnieuw op bij de gemeente als u ze weer wilt delen.',
    en: 'This card is used up. Get the data again from the municipality if you want to share it again.',
  },
  card_yes: { nl: 'Ja', en: 'Yes' },
  card_no: { nl: 'Nee', en: 'No' },
  card_none: { nl: 'Niet ingevuld', en: 'Not filled in' },
  card_unreadable: {
    nl: 'De wallet kan de gegevens op deze kaart niet lezen. Verwijder de kaart en haal de gegevens opnieuw op bij de gemeente.',
    en: 'The wallet cannot read the data on this card. Delete the card and get the data again from the municipality.',
  },
  card_delete_heading: { nl: 'Kaart verwijderen', en: 'Delete the card' },
  card_delete_text: {
    nl: 'Als u de kaart verwijdert, haalt de wallet de gegevens en de sleutels van deze kaart van deze telefoon. U kunt de gegevens later opnieuw ophalen bij de gemeente.',
    en: 'If you delete the card, the wallet removes the data and the keys of this card from this phone. You can get the data again from the municipality later.',
  },
  card_delete: { nl: 'Kaart verwijderen', en: 'Delete the card' },
  card_delete_question: {
    nl: 'Weet u het zeker? De gegevens van de kaart "{name}" en de sleutels ervan gaan van deze telefoon af. Dat kunt u niet ongedaan maken. U kunt de gegevens opnieuw ophalen bij de gemeente.',
    en: 'Are you sure? The data of the card "{name}" and its keys will be removed from this phone. You cannot undo this. You can get the data again from the municipality.',
  },
  card_delete_yes: { nl: 'Ja, kaart verwijderen', en: 'Yes, delete the card' },
  card_delete_no: { nl: 'Nee, kaart houden', en: 'No, keep the card' },
  card_deleted: {
    nl: 'De kaart "{name}" is van deze telefoon verwijderd.',
    en: 'The card "{name}" has been deleted from this phone.',
  },
};
