/** Settings (`#/settings`): deleting the wallet, passkey, language. nl (B1) and en. */

export default {
  settings_heading: { nl: 'Instellingen', en: 'Settings' },
  settings_language_heading: { nl: 'Taal', en: 'Language' },
  settings_language_text: {
    nl: 'De wallet gebruikt de taal van uw telefoon of browser. Nu is dat {language}. Wilt u {other}? Zet dan de taal van uw telefoon of browser op {other}.',
    en: 'The wallet uses the language of your phone or browser. Now that is {language}. Do you want {other}? Then set the language of your phone or browser to {other}.',
  },
  settings_language_nl: { nl: 'Nederlands', en: 'Dutch' },
  settings_language_en: { nl: 'Engels', en: 'English' },
  settings_delete_heading: { nl: 'Wallet verwijderen', en: 'Delete the wallet' },
  settings_delete_text: {
    nl: 'Hiermee haalt u de hele wallet van deze telefoon: al uw kaarten, de sleutels, uw geschiedenis en uw zaken. Dat kunt u niet ongedaan maken. Uw gegevens bij de gemeente blijven bestaan: u kunt ze opnieuw ophalen.',
    en: 'This removes the whole wallet from this phone: all your cards, the keys, your history and your cases. You cannot undo this. Your data at the municipality stays: you can get it again.',
  },
  settings_delete_word: { nl: 'VERWIJDEREN', en: 'DELETE' },
  settings_delete_label: {
    nl: 'Typ {word} om te laten zien dat u het zeker weet',
    en: 'Type {word} to show that you are sure',
  },
  settings_delete_button: { nl: 'Wallet verwijderen', en: 'Delete the wallet' },
  settings_delete_mismatch: {
    nl: 'Typ precies het woord {word}. Pas dan verwijdert de wallet alles.',
    en: 'Type exactly the word {word}. Only then does the wallet delete everything.',
  },
  settings_delete_busy: { nl: 'Even geduld, de wallet wordt verwijderd.', en: 'One moment, the wallet is being deleted.' },
  settings_delete_failed: {
    nl: 'Het verwijderen is niet gelukt. Sluit de wallet in andere tabbladen en probeer het opnieuw.',
    en: 'Deleting did not work. Close the wallet in other tabs and try again.',
  },
  settings_deleted_heading: { nl: 'De wallet is verwijderd', en: 'The wallet has been deleted' },
  settings_deleted_text: {
    nl: 'Alles is van deze telefoon gehaald. U kunt opnieuw beginnen en uw gegevens weer ophalen bij de gemeente.',
    en: 'Everything has been removed from this phone. You can start again and get your data from the municipality again.',
  },
  settings_start_again: { nl: 'Opnieuw beginnen', en: 'Start again' },
};
