/** Back-up and restore (`#/backup`, `#/restore`): the recovery phrase in plain words. nl (B1) and en. */

export default {
  backup_heading: { nl: 'Back-up maken', en: 'Make a backup' },
  backup_intro: {
    nl: 'Met een back-up krijgt u uw geschiedenis, zaken, berichten en instellingen terug op een nieuwe telefoon. De back-up is versleuteld: alleen met uw herstelzin gaat hij open.',
    en: 'With a backup you get your history, cases, messages and settings back on a new phone. The backup is encrypted: only your recovery phrase opens it.',
  },
  backup_make: { nl: 'Herstelzin maken', en: 'Make a recovery phrase' },
  backup_phrase_heading: { nl: 'Uw herstelzin', en: 'Your recovery phrase' },
  backup_write_down: {
    nl: 'Schrijf deze 12 woorden op papier, in deze volgorde. Bewaar het papier op een veilige plek, niet bij uw telefoon.',
    en: 'Write these 12 words on paper, in this order. Keep the paper in a safe place, not with your phone.',
  },
  backup_never_ask: {
    nl: 'Niemand van de gemeente of van een andere organisatie zal ooit om deze woorden vragen. Geef ze aan niemand.',
    en: 'Nobody from the municipality or any other organisation will ever ask for these words. Do not give them to anyone.',
  },
  backup_written: { nl: 'Ik heb de woorden opgeschreven', en: 'I have written the words down' },
  backup_saving: { nl: 'De back-up wordt gemaakt…', en: 'Making the backup…' },
  backup_saved: {
    nl: 'De back-up is gemaakt ({date}). De wallet werkt hem bij als u deze pagina opnieuw gebruikt.',
    en: 'The backup has been made ({date}). The wallet updates it when you use this page again.',
  },
  backup_update: { nl: 'Back-up bijwerken', en: 'Update the backup' },
  backup_last: { nl: 'Laatste back-up: {date}', en: 'Last backup: {date}' },
  backup_failed: {
    nl: 'De back-up maken lukte niet. Probeer het later opnieuw.',
    en: 'Making the backup did not work. Please try again later.',
  },
  backup_restore_link: { nl: 'Back-up terugzetten op deze telefoon', en: 'Restore a backup on this phone' },
  restore_heading: { nl: 'Back-up terugzetten', en: 'Restore a backup' },
  restore_intro: {
    nl: 'Typ de 12 woorden van uw herstelzin, met een spatie ertussen. Dan komen uw geschiedenis, zaken, berichten en instellingen terug.',
    en: 'Type the 12 words of your recovery phrase, with a space between them. Then your history, cases, messages and settings come back.',
  },
  restore_phrase_label: { nl: 'Herstelzin (12 woorden)', en: 'Recovery phrase (12 words)' },
  restore_go: { nl: 'Terugzetten', en: 'Restore' },
  restore_busy: { nl: 'De back-up wordt teruggezet…', en: 'Restoring the backup…' },
  restore_done_heading: { nl: 'Back-up teruggezet', en: 'Backup restored' },
  restore_done: {
    nl: 'Uw geschiedenis, zaken, berichten en instellingen zijn terug: {history} in de geschiedenis, {cases} zaken, {messages} berichten.',
    en: 'Your history, cases, messages and settings are back: {history} in the history, {cases} cases, {messages} messages.',
  },
  restore_reissue_explain: {
    nl: 'Uw bewijzen (zoals uw persoonsgegevens) zitten niet in de back-up. Ze zijn vast verbonden aan uw oude telefoon, zodat niemand ze kan kopiëren. Haal ze opnieuw op bij de organisatie die ze gaf.',
    en: 'Your credentials (such as your personal data) are not in the backup. They are tied to your old phone, so nobody can copy them. Fetch them again from the organisation that gave them.',
  },
  restore_reissue_at: { nl: 'Opnieuw ophalen bij {name}', en: 'Fetch again from {name}' },
  restore_to_history: { nl: 'Naar de geschiedenis', en: 'To the history' },
  settings_backup_heading: { nl: 'Back-up', en: 'Backup' },
};
