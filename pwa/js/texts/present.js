/** Sharing data with a relying party (`#/present`): who asks, why, what, consent. nl (B1) and en. */

export default {
  present_heading: { nl: 'Gegevens delen', en: 'Share data' },
  present_loading: {
    nl: 'Even geduld, de wallet controleert wie om uw gegevens vraagt.',
    en: 'One moment, the wallet is checking who asks for your data.',
  },
  present_who: { nl: 'Wie vraagt het?', en: 'Who is asking?' },
  present_who_checked: {
    nl: 'De wallet heeft gecontroleerd dat dit verzoek echt van deze organisatie komt.',
    en: 'The wallet has checked that this request really comes from this organisation.',
  },
  present_why: { nl: 'Waarom?', en: 'Why?' },
  present_why_unknown: {
    nl: '{name} zegt in het verzoek niet waarvoor de gegevens nodig zijn. Weet u het niet? Deel dan niets en vraag het eerst aan {name}.',
    en: '{name} does not say in the request what the data is needed for. Not sure? Then do not share and ask {name} first.',
  },
  present_what: { nl: 'Deze gegevens worden gedeeld', en: 'This data will be shared' },
  present_from_card: { nl: 'Uit uw kaart {card} (van {issuer})', en: 'From your card {card} (from {issuer})' },
  present_card_revoked: {
    nl: 'Deze kaart is ingetrokken door de uitgever. De organisatie zal hem niet aannemen.',
    en: 'The issuer has revoked this card. The organisation will not accept it.',
  },
  present_card_suspended: {
    nl: 'Deze kaart is tijdelijk geblokkeerd door de uitgever. De organisatie zal hem nu niet aannemen.',
    en: 'The issuer has blocked this card for now. The organisation will not accept it now.',
  },
  present_only_this: {
    nl: 'Alleen deze gegevens worden gedeeld. Uw andere gegevens blijven in de wallet.',
    en: 'Only this data is shared. Your other data stays in the wallet.',
  },
  present_agree: { nl: 'Delen', en: 'Share' },
  present_decline: { nl: 'Niet delen', en: 'Do not share' },
  present_busy: { nl: 'Even geduld, uw gegevens worden veilig verstuurd.', en: 'One moment, your data is being sent securely.' },
  present_declining: { nl: 'Even geduld, de wallet laat weten dat u niet deelt.', en: 'One moment, the wallet is saying that you do not share.' },
  present_shared_heading: { nl: 'Gegevens gedeeld', en: 'Data shared' },
  present_declined_heading: { nl: 'Niets gedeeld', en: 'Nothing shared' },
  present_declined_untold: {
    nl: 'U heeft niets gedeeld. De wallet kon {name} niet laten weten dat u weigerde.',
    en: 'You shared nothing. The wallet could not tell {name} that you declined.',
  },
  present_refused: {
    nl: '{name} heeft uw gegevens niet aangenomen. Kijk op de website van {name} wat u nu kunt doen.',
    en: "{name} did not accept your data. Look at {name}'s website for what you can do now.",
  },
  present_refused_revoked: {
    nl: '{name} heeft uw gegevens niet aangenomen, omdat de uitgever ze heeft ingetrokken. Kijk op de website van {name} wat u nu kunt doen.',
    en: "{name} did not accept your data, because the issuer has withdrawn it. Look at {name}'s website for what you can do now.",
  },
  present_refused_suspended: {
    nl: '{name} heeft uw gegevens niet aangenomen, omdat de uitgever ze tijdelijk heeft geblokkeerd. Kijk op de website van {name} wat u nu kunt doen.',
    en: "{name} did not accept your data, because the issuer has suspended it for now. Look at {name}'s website for what you can do now.",
  },
  present_refused_status_unavailable: {
    nl: '{name} heeft uw gegevens niet aangenomen, omdat {name} niet kon nagaan of ze nog geldig zijn. Probeer het later opnieuw.',
    en: '{name} did not accept your data, because {name} could not check whether it is still valid. Try again later.',
  },
  present_refused_issuer_not_trusted: {
    nl: '{name} heeft uw gegevens niet aangenomen, omdat {name} de uitgever van uw kaart niet vertrouwt. Kijk op de website van {name} wat u nu kunt doen.',
    en: "{name} did not accept your data, because {name} does not trust the issuer of your card. Look at {name}'s website for what you can do now.",
  },
  present_not_taken: {
    nl: '{name} kon uw antwoord niet aannemen. Misschien is het verzoek verlopen of al gebruikt. Vraag {name} om een nieuwe QR-code en probeer het opnieuw.',
    en: '{name} could not take your answer. The request may have expired or been used already. Ask {name} for a new QR code and try again.',
  },
  present_no_copy_heading: { nl: 'Kaart opnieuw ophalen', en: 'Fetch the card again' },
  present_yes: { nl: 'Ja', en: 'Yes' },
  present_no: { nl: 'Nee', en: 'No' },
  present_none: { nl: '(leeg)', en: '(empty)' },
  present_case_use: { nl: 'Gegevens gedeeld met {name}', en: 'Data shared with {name}' },
};
