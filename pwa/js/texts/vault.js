/** Setting up and unlocking the wallet: PIN, passkey, lockout. nl (B1) and en. */

export default {
  setup_heading: { nl: 'Wallet beveiligen', en: 'Protect your wallet' },
  setup_why: {
    nl: 'Kies een pincode van 5 of 6 cijfers. Met deze pincode opent u de wallet. Uw gegevens staan versleuteld op deze telefoon: zonder de pincode kan niemand ze lezen.',
    en: 'Choose a PIN of 5 or 6 digits. You open the wallet with this PIN. Your data is stored encrypted on this phone: nobody can read it without the PIN.',
  },
  setup_forget: {
    nl: 'Vergeet u de pincode? Dan kunt u de wallet niet meer openen. U maakt dan een nieuwe wallet en haalt uw gegevens opnieuw op bij de gemeente.',
    en: 'If you forget the PIN, you cannot open the wallet any more. You then make a new wallet and get your data from the municipality again.',
  },
  setup_pin_label: { nl: 'Nieuwe pincode', en: 'New PIN' },
  setup_pin_hint: { nl: '5 of 6 cijfers. Kies geen makkelijke reeks zoals 12345.', en: '5 or 6 digits. Do not choose an easy row like 12345.' },
  setup_again_label: { nl: 'Typ de pincode nog een keer', en: 'Type the PIN again' },
  setup_mismatch: { nl: 'De twee pincodes zijn niet hetzelfde. Typ ze opnieuw.', en: 'The two PINs are not the same. Type them again.' },
  setup_submit: { nl: 'Pincode instellen', en: 'Set PIN' },
  setup_busy: { nl: 'Even geduld, de wallet wordt beveiligd.', en: 'One moment, the wallet is being protected.' },
  setup_done: { nl: 'Uw wallet is beveiligd met uw pincode.', en: 'Your wallet is protected with your PIN.' },
  passkey_heading: { nl: 'Sneller ontgrendelen?', en: 'Unlock faster?' },
  passkey_why: {
    nl: 'U kunt de wallet ook openen met uw vingerafdruk of gezicht. Uw pincode blijft werken als dat een keer niet lukt.',
    en: 'You can also open the wallet with your fingerprint or face. Your PIN keeps working if that does not work once.',
  },
  passkey_use: { nl: 'Ontgrendelen met vingerafdruk of gezicht', en: 'Unlock with fingerprint or face' },
  passkey_skip: { nl: 'Niet nu, alleen pincode', en: 'Not now, PIN only' },
  passkey_busy: { nl: 'Volg de stappen van uw telefoon.', en: 'Follow the steps on your phone.' },
  passkey_added: {
    nl: 'U kunt de wallet nu ook openen met uw vingerafdruk of gezicht.',
    en: 'You can now also open the wallet with your fingerprint or face.',
  },
  unlock_heading: { nl: 'Wallet ontgrendelen', en: 'Unlock your wallet' },
  unlock_text: { nl: 'Typ uw pincode om de wallet te openen.', en: 'Type your PIN to open the wallet.' },
  unlock_pin_label: { nl: 'Pincode', en: 'PIN' },
  unlock_submit: { nl: 'Ontgrendelen', en: 'Unlock' },
  unlock_busy: { nl: 'Even geduld, de pincode wordt gecontroleerd.', en: 'One moment, the PIN is being checked.' },
  unlock_wrong: {
    nl: 'Deze pincode klopt niet. U kunt het nog {left} keer proberen. Daarna wordt de wallet gewist.',
    en: 'This PIN is not correct. You have {left} tries left. After that the wallet is deleted.',
  },
  unlock_wrong_last: {
    nl: 'Deze pincode klopt niet. Let op: dit is uw laatste poging. Is die ook fout, dan wordt de wallet gewist.',
    en: 'This PIN is not correct. Careful: this is your last try. If it is wrong too, the wallet is deleted.',
  },
  unlock_wait: {
    nl: 'U heeft te vaak een verkeerde pincode getypt. Wacht nog {time}. Daarna kunt u het opnieuw proberen.',
    en: 'You typed a wrong PIN too often. Wait {time} more. Then you can try again.',
  },
  unlock_or: { nl: 'Of gebruik uw pincode:', en: 'Or use your PIN:' },
  wiped_heading: { nl: 'Uw wallet is gewist', en: 'Your wallet has been deleted' },
  wiped_text: {
    nl: 'Er is {max} keer een verkeerde pincode getypt. Daarom heeft de wallet al uw gegevens op deze telefoon gewist. Zo kan niemand anders ze lezen.',
    en: 'A wrong PIN was typed {max} times. That is why the wallet deleted all your data on this phone. This way nobody else can read it.',
  },
  wiped_next: {
    nl: 'Wat nu? Maak een nieuwe pincode. Haal daarna uw gegevens opnieuw op bij de gemeente, zoals de eerste keer.',
    en: 'What now? Make a new PIN. Then get your data from the municipality again, as you did the first time.',
  },
  wiped_start: { nl: 'Nieuwe pincode maken', en: 'Make a new PIN' },
  lock_action: { nl: 'Vergrendelen', en: 'Lock' },
  time_hours: { nl: '{count} uur', en: '{count} hours' },
  time_hour: { nl: '1 uur', en: '1 hour' },
  time_minutes: { nl: '{count} minuten', en: '{count} minutes' },
  time_minute: { nl: '1 minuut', en: '1 minute' },
  time_seconds: { nl: '{count} seconden', en: '{count} seconds' },
  time_second: { nl: '1 seconde', en: '1 second' },
  time_and: { nl: '{first} en {second}', en: '{first} and {second}' },
};
