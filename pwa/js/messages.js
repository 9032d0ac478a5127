/**
 * The message catalogue of the wallet's protocol layer: every user-facing text it produces,
 * in plain Dutch (B1) and English. Keys are the `code` of a WalletError (errors.js) or a
 * status the screens show. `{name}` placeholders are filled by `message()`.
 *
 * The screens add their own texts to their own catalogue; tests/pwa/js/messages.test.mjs
 * checks that every code the protocol modules can throw has both languages here.
 */

export const LOCALES = ['nl', 'en'];

export const MESSAGES = {
  // --- input and formats ---------------------------------------------------------------------
  malformed: {
    nl: 'De gegevens kloppen niet. Probeer het opnieuw of vraag om een nieuwe QR-code.',
    en: 'The data is not valid. Try again or ask for a new QR code.',
  },
  link_invalid: {
    nl: 'Deze link of QR-code is geen geldig verzoek om gegevens te delen.',
    en: 'This link or QR code is not a valid request to share data.',
  },
  link_unknown: {
    nl: 'Deze link of QR-code is niet voor de wallet. Gebruik de QR-code van de gemeente of van de organisatie die om uw gegevens vraagt.',
    en: 'This link or QR code is not for the wallet. Use the QR code of the municipality or of the organisation asking for your data.',
  },
  offer_invalid: {
    nl: 'Deze link of QR-code is geen geldig aanbod van een bewijs.',
    en: 'This link or QR code is not a valid credential offer.',
  },
  format_unsupported: {
    nl: 'Dit soort bewijs kan de wallet niet bewaren.',
    en: 'The wallet cannot store this kind of credential.',
  },
  // --- network and servers -------------------------------------------------------------------
  network_error: {
    nl: 'Er is geen verbinding. Controleer uw internet en probeer het opnieuw.',
    en: 'There is no connection. Check your internet and try again.',
  },
  server_error: {
    nl: 'De andere partij gaf een fout terug. Probeer het later opnieuw.',
    en: 'The other party returned an error. Try again later.',
  },
  request_unavailable: {
    nl: 'Het verzoek is niet meer beschikbaar. Vraag om een nieuwe QR-code.',
    en: 'The request is no longer available. Ask for a new QR code.',
  },
  // --- issuance ------------------------------------------------------------------------------
  issuer_metadata_invalid: {
    nl: 'De uitgever geeft onjuiste gegevens over zichzelf. De wallet stopt voor uw veiligheid.',
    en: 'The issuer describes itself incorrectly. The wallet stops for your safety.',
  },
  untrusted_issuer: {
    nl: 'Let op: {name} staat niet op de lijst van vertrouwde uitgevers. Neem alleen een bewijs aan als u zeker weet wie het geeft.',
    en: 'Warning: {name} is not on the list of trusted issuers. Only accept a credential if you are sure who gives it.',
  },
  wallet_attestation_unavailable: {
    nl: 'De uitgever wil eerst zien dat dit een vertrouwde wallet is. Dat lukt nu niet, omdat de dienst achter uw wallet niet bereikbaar is. Probeer het later opnieuw.',
    en: 'The issuer first wants to see that this is a trusted wallet. That is not possible now, because the service behind your wallet cannot be reached. Try again later.',
  },
  tx_code_required: {
    nl: 'Vul de code in die op het scherm van de gemeente staat.',
    en: "Enter the code shown on the municipality's screen.",
  },
  tx_code_invalid: {
    nl: 'Deze code klopt niet. Kijk goed naar het scherm en probeer het opnieuw.',
    en: 'This code is not right. Check the screen and try again.',
  },
  credential_invalid: {
    nl: 'Het bewijs is niet echt of beschadigd. De wallet bewaart het niet.',
    en: 'The credential is not genuine or is damaged. The wallet does not store it.',
  },
  credential_expired: {
    nl: 'Dit bewijs is verlopen. Vraag een nieuw bewijs aan.',
    en: 'This credential has expired. Ask for a new one.',
  },
  credential_not_yet_valid: {
    nl: 'Dit bewijs is nog niet geldig.',
    en: 'This credential is not valid yet.',
  },
  issuance_ready: {
    nl: '{name} wil u dit bewijs geven.',
    en: '{name} wants to give you this credential.',
  },
  // --- keys, signatures, certificates ----------------------------------------------------------
  key_invalid: {
    nl: 'Een sleutel is ongeldig. De wallet stopt voor uw veiligheid.',
    en: 'A key is not valid. The wallet stops for your safety.',
  },
  key_from_header: {
    nl: 'Het verzoek probeert zijn eigen sleutel mee te sturen. Dat is niet veilig; de wallet stopt.',
    en: 'The request tries to bring its own key. That is not safe; the wallet stops.',
  },
  algorithm_not_allowed: {
    nl: 'Het verzoek gebruikt een onveilige ondertekening. De wallet stopt.',
    en: 'The request uses an unsafe signature method. The wallet stops.',
  },
  typ_mismatch: {
    nl: 'Het verzoek is van de verkeerde soort. De wallet stopt.',
    en: 'The request is of the wrong kind. The wallet stops.',
  },
  signature_invalid: {
    nl: 'De handtekening klopt niet. Misschien is er met de gegevens geknoeid. De wallet stopt.',
    en: 'The signature is not valid. The data may have been tampered with. The wallet stops.',
  },
  certificate_invalid: {
    nl: 'Het certificaat van de andere partij klopt niet. De wallet stopt.',
    en: "The other party's certificate is not valid. The wallet stops.",
  },
  certificate_expired: {
    nl: 'Het certificaat van de andere partij is verlopen. De wallet stopt.',
    en: "The other party's certificate has expired. The wallet stops.",
  },
  untrusted_certificate: {
    nl: 'De wallet vertrouwt deze partij niet: haar certificaat komt niet van een bekende uitgever.',
    en: "The wallet does not trust this party: its certificate does not come from a known authority.",
  },
  // --- presentation ------------------------------------------------------------------------------
  request_invalid: {
    nl: 'Het verzoek om gegevens klopt niet. De wallet deelt niets.',
    en: 'The request for data is not valid. The wallet shares nothing.',
  },
  request_expired: {
    nl: 'Het verzoek is verlopen. Vraag om een nieuwe QR-code.',
    en: 'The request has expired. Ask for a new QR code.',
  },
  client_id_unsupported: {
    nl: 'De wallet kan niet vaststellen wie dit verzoek doet. De wallet deelt niets.',
    en: 'The wallet cannot tell who makes this request. The wallet shares nothing.',
  },
  client_id_mismatch: {
    nl: 'De naam van de vrager past niet bij zijn certificaat. De wallet deelt niets.',
    en: "The requester's name does not match its certificate. The wallet shares nothing.",
  },
  dcql_invalid: {
    nl: 'Het verzoek zegt niet duidelijk welke gegevens nodig zijn. De wallet deelt niets.',
    en: 'The request does not say clearly which data it needs. The wallet shares nothing.',
  },
  beyond_registration: {
    nl: '{name} vraagt meer gegevens dan waarvoor deze partij is aangemeld. De wallet deelt niets.',
    en: '{name} asks for more data than it is registered for. The wallet shares nothing.',
  },
  not_registered: {
    nl: 'Let op: de wallet kent de aanmelding van {name} niet. Deel alleen als u de partij vertrouwt.',
    en: "Warning: the wallet does not know {name}'s registration. Only share if you trust this party.",
  },
  no_matching_credentials: {
    nl: 'U heeft niet de bewijzen die voor dit verzoek nodig zijn.',
    en: 'You do not have the credentials this request needs.',
  },
  claim_missing: {
    nl: 'Uw bewijs bevat niet alle gegevens die worden gevraagd.',
    en: 'Your credential does not hold all the data that is asked for.',
  },
  no_unused_copy: {
    nl: 'U heeft dit bewijs te vaak gebruikt. Haal het opnieuw op bij de gemeente.',
    en: 'You have used this credential too often. Fetch it again from the municipality.',
  },
  presentation_failed: {
    nl: 'Het delen is niet gelukt. Er is niets verstuurd.',
    en: 'Sharing did not work. Nothing was sent.',
  },
  presentation_invalid: {
    nl: 'De gedeelde gegevens zijn niet goedgekeurd.',
    en: 'The shared data was not accepted.',
  },
  encryption_unsupported: {
    nl: 'De wallet kan uw gegevens niet veilig versleutelen voor deze partij. Er is niets verstuurd.',
    en: 'The wallet cannot encrypt your data safely for this party. Nothing was sent.',
  },
  decryption_failed: {
    nl: 'Het bericht kon niet worden ontsleuteld.',
    en: 'The message could not be decrypted.',
  },
  consent_question: {
    nl: '{name} vraagt om deze gegevens. Wilt u ze delen?',
    en: '{name} asks for this data. Do you want to share it?',
  },
  shared: {
    nl: 'Uw gegevens zijn gedeeld met {name}.',
    en: 'Your data has been shared with {name}.',
  },
  declined: {
    nl: 'U heeft niets gedeeld. {name} heeft bericht gekregen dat u weigerde.',
    en: 'You shared nothing. {name} was told that you declined.',
  },
  // --- the vault: PIN, passkey, sealed records (vault.js) ------------------------------------
  pin_invalid: {
    nl: 'Een pincode heeft 5 of 6 cijfers. Gebruik alleen cijfers.',
    en: 'A PIN has 5 or 6 digits. Use digits only.',
  },
  pin_weak: {
    nl: 'Deze pincode is te makkelijk te raden. Gebruik niet steeds hetzelfde cijfer of een rij zoals 12345.',
    en: 'This PIN is too easy to guess. Do not use the same digit again and again or a row like 12345.',
  },
  pin_wrong: {
    nl: 'Deze pincode klopt niet.',
    en: 'This PIN is not correct.',
  },
  passkey_failed: {
    nl: 'Ontgrendelen met vingerafdruk of gezicht lukte niet. Gebruik uw pincode.',
    en: 'Unlocking with fingerprint or face did not work. Use your PIN.',
  },
  passkey_unsupported: {
    nl: 'Dit apparaat kan de wallet niet met vingerafdruk of gezicht beveiligen. Uw pincode blijft werken.',
    en: 'This device cannot protect the wallet with fingerprint or face. Your PIN keeps working.',
  },
  record_damaged: {
    nl: 'Een deel van de opgeslagen gegevens is beschadigd of veranderd en kan niet worden gelezen.',
    en: 'Part of the stored data is damaged or was changed and cannot be read.',
  },
  wallet_locked: {
    nl: 'De wallet is op slot. Ontgrendel hem eerst met uw pincode.',
    en: 'The wallet is locked. Unlock it with your PIN first.',
  },
  unknown_error: {
    nl: 'Er ging iets mis. Probeer het opnieuw.',
    en: 'Something went wrong. Please try again.',
  },
  // --- backup (issue 6) -----------------------------------------------------------------------
  backup_phrase_invalid: {
    nl: 'Deze herstelzin klopt niet. Controleer of u alle 12 woorden goed heeft overgenomen, in de goede volgorde.',
    en: 'This recovery phrase is not right. Check that you copied all 12 words correctly, in the right order.',
  },
  backup_phrase_wrong: {
    nl: 'Met deze herstelzin gaat de back-up niet open. Controleer de woorden.',
    en: 'The backup does not open with this recovery phrase. Check the words.',
  },
  backup_not_found: {
    nl: 'Er is geen back-up bij deze herstelzin. Controleer de woorden, of maak eerst een back-up op uw oude telefoon.',
    en: 'There is no backup for this recovery phrase. Check the words, or first make a backup on your old phone.',
  },
};

/** The text for `key` in `locale` (`nl` by default, `en` as fallback), placeholders filled. */
export function message(key, locale = 'nl', params = {}) {
  const entry = MESSAGES[key] ?? MESSAGES.unknown_error;
  const text = entry[locale] ?? entry[locale?.split('-')[0]] ?? entry.nl;
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
}

/** The text for an error thrown by the protocol layer (`WalletError.code`), else a general one. */
export function errorMessage(error, locale = 'nl', params = {}) {
  return message(error?.code in MESSAGES ? error.code : 'unknown_error', locale, params);
}
