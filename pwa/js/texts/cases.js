/** "Mijn zaken" (`#/cases`): the cases started by sharing data. nl (B1) and en. */

export default {
  cases_heading: { nl: 'Mijn zaken', en: 'My cases' },
  cases_intro: {
    nl: 'Een zaak begint als u gegevens deelt met een organisatie, bijvoorbeeld om u in te schrijven voor een huurwoning.',
    en: 'A case starts when you share data with an organisation, for example to register for a rental home.',
  },
  cases_empty: {
    nl: 'U heeft nog geen zaken. Een zaak komt hier te staan als u gegevens deelt met een organisatie.',
    en: 'You have no cases yet. A case appears here when you share data with an organisation.',
  },
  cases_status_later: {
    nl: 'Hoe het met uw zaak gaat, ziet u later ook hier. Berichten van de organisatie staan ook bij Berichten.',
    en: 'Later you will also see here how your case is going. Messages from the organisation are also under Messages.',
  },
  cases_use_case: { nl: 'Waarvoor', en: 'What for' },
  cases_started: { nl: 'Begonnen op', en: 'Started on' },
};
