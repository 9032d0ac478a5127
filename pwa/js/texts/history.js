/** The history of what the wallet received and shared (`#/history`). nl (B1) and en. */

export default {
  history_heading: { nl: 'Geschiedenis', en: 'History' },
  history_intro: {
    nl: 'Hier ziet u wat u kreeg en met wie u gegevens deelde. Dit staat alleen op deze telefoon.',
    en: 'Here you see what you received and who you shared data with. This is stored only on this phone.',
  },
  history_empty: {
    nl: 'Er staat nog niets in uw geschiedenis. Als u gegevens krijgt of deelt, ziet u dat hier.',
    en: 'There is nothing in your history yet. When you receive or share data, you will see it here.',
  },
  history_at: { nl: '{date} om {time}', en: '{date} at {time}' },
  history_when: { nl: 'Wanneer', en: 'When' },
  history_who: { nl: 'Wie', en: 'Who' },
  history_claims: { nl: 'Welke gegevens', en: 'Which data' },
  history_outcome: { nl: 'Hoe het ging', en: 'Result' },
  history_case: { nl: 'Zaak', en: 'Case' },
  history_kind_issuance: { nl: 'U kreeg de kaart {name}', en: 'You received the card {name}' },
  history_kind_issuance_unnamed: { nl: 'U kreeg gegevens', en: 'You received data' },
  history_kind_presentation: { nl: 'Er werd gevraagd om uw gegevens', en: 'Your data was asked for' },
  history_outcome_received: { nl: 'Ontvangen', en: 'Received' },
  history_outcome_shared: { nl: 'Gedeeld', en: 'Shared' },
  history_outcome_declined: { nl: 'U zei nee. Er is niets gedeeld.', en: 'You said no. Nothing was shared.' },
  history_outcome_failed: { nl: 'Niet gelukt', en: 'Did not work' },
  history_unknown_party: { nl: 'Onbekende organisatie', en: 'Unknown organisation' },
  history_case_link: { nl: 'Bekijk de zaak', en: 'View the case' },
  history_delete_one: { nl: 'Verwijder dit', en: 'Delete this' },
  history_delete_one_label: { nl: 'Verwijder dit: {what}, {when}', en: 'Delete this: {what}, {when}' },
  history_deleted_one: { nl: 'Dit deel van uw geschiedenis is verwijderd.', en: 'This part of your history has been deleted.' },
  history_delete_all: { nl: 'Hele geschiedenis verwijderen', en: 'Delete the whole history' },
  history_delete_all_question: {
    nl: 'Weet u het zeker? Alles in uw geschiedenis gaat van deze telefoon af. Uw kaarten en zaken blijven staan.',
    en: 'Are you sure? Everything in your history will be removed from this phone. Your cards and cases stay.',
  },
  history_delete_all_yes: { nl: 'Ja, alles verwijderen', en: 'Yes, delete everything' },
  history_delete_all_no: { nl: 'Nee, bewaren', en: 'No, keep it' },
  history_deleted_all: { nl: 'Uw geschiedenis is verwijderd.', en: 'Your history has been deleted.' },
};
