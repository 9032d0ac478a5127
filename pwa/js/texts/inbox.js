/** "Berichten" (`#/inbox`, `#/message?id=`), the navigation's unread badge, the status of a
 * case in "Mijn zaken", push per sender. nl (B1) and en. */

export default {
  nav_inbox: { nl: 'Berichten', en: 'Messages' },
  nav_inbox_unread: { nl: '{count} ongelezen', en: '{count} unread' },
  inbox_heading: { nl: 'Berichten', en: 'Messages' },
  inbox_intro: {
    nl: 'Hier staan berichten over uw zaken, van organisaties waarmee u gegevens deelde en van de gemeente.',
    en: 'Here are messages about your cases, from organisations you shared data with and from the municipality.',
  },
  inbox_empty: {
    nl: 'U heeft nog geen berichten. Als een organisatie u iets laat weten over uw zaak, staat het hier.',
    en: 'You have no messages yet. When an organisation tells you something about your case, it appears here.',
  },
  inbox_offline: {
    nl: 'Nieuwe berichten ophalen lukt nu niet. De wallet probeert het later opnieuw. Uw gegevens kunt u gewoon gebruiken.',
    en: 'Fetching new messages does not work right now. The wallet tries again later. You can still use your data.',
  },
  inbox_refresh: { nl: 'Berichten ophalen', en: 'Fetch messages' },
  inbox_new: { nl: 'Nieuw bericht', en: 'New message' },
  inbox_unread: { nl: 'Ongelezen', en: 'Unread' },
  inbox_important: { nl: 'Belangrijk', en: 'Important' },
  inbox_from: { nl: 'Van', en: 'From' },
  inbox_received: { nl: 'Ontvangen op', en: 'Received on' },
  inbox_case: { nl: 'Zaak', en: 'Case' },
  inbox_status: { nl: 'Status', en: 'Status' },
  inbox_result: { nl: 'Uitkomst', en: 'Result' },
  inbox_reminder: {
    nl: 'U heeft een belangrijk bericht dat u nog niet heeft gelezen.',
    en: 'You have an important message that you have not read yet.',
  },
  inbox_reminder_open: { nl: 'Bericht lezen', en: 'Read the message' },
  inbox_back: { nl: 'Terug naar berichten', en: 'Back to messages' },
  inbox_to_case: { nl: 'Naar de zaak', en: 'To the case' },
  inbox_not_found: { nl: 'Dit bericht is er niet (meer).', en: 'This message is not here (any more).' },
  inbox_reissue_intro: {
    nl: 'Uw gegevens bij de gemeente zijn veranderd. Haal uw nieuwe gegevens op in de wallet.',
    en: 'Your data at the municipality has changed. Fetch your new data into the wallet.',
  },
  inbox_reissue: { nl: 'Nieuwe gegevens ophalen', en: 'Fetch new data' },
  inbox_push_heading: { nl: 'Meldingen', en: 'Notifications' },
  inbox_push_explain: {
    nl: 'Wilt u een melding op uw telefoon als {name} u een bericht stuurt? In de melding staat nooit wat er in het bericht staat.',
    en: 'Do you want a notification on your phone when {name} sends you a message? The notification never shows what the message says.',
  },
  inbox_push_on: { nl: 'Meldingen aanzetten', en: 'Turn notifications on' },
  inbox_push_off: { nl: 'Meldingen uitzetten', en: 'Turn notifications off' },
  inbox_push_is_on: { nl: 'Meldingen van {name} staan aan.', en: 'Notifications from {name} are on.' },
  inbox_push_is_off: { nl: 'Meldingen van {name} staan uit.', en: 'Notifications from {name} are off.' },
  inbox_push_denied: {
    nl: 'De telefoon staat geen meldingen toe. U kunt dat veranderen in de instellingen van uw browser.',
    en: 'The phone does not allow notifications. You can change that in your browser settings.',
  },
  inbox_push_failed: {
    nl: 'Meldingen aanzetten lukte niet. Uw berichten komen gewoon in de wallet.',
    en: 'Turning notifications on did not work. Your messages still arrive in the wallet.',
  },
  inbox_push_notification_title: { nl: 'Nieuw bericht in uw wallet', en: 'New message in your wallet' },
  inbox_push_notification_body: { nl: 'Open de wallet om het te lezen.', en: 'Open the wallet to read it.' },
  cases_status_now: { nl: 'Status nu', en: 'Status now' },
  // the statuses of a relying party's case (verifier/cases/status.py); another code is shown as sent
  case_status_ontvangen: { nl: 'Ontvangen', en: 'Received' },
  case_status_in_behandeling: { nl: 'In behandeling', en: 'In progress' },
  case_status_meer_informatie_nodig: { nl: 'Meer informatie nodig', en: 'More information needed' },
  case_status_besloten: { nl: 'Besloten', en: 'Decided' },
  cases_status_history: { nl: 'Berichten over deze zaak', en: 'Messages about this case' },
  cases_status_none: {
    nl: 'Er zijn nog geen berichten over deze zaak.',
    en: 'There are no messages about this case yet.',
  },
  cases_no_mailbox: {
    nl: 'Voor deze zaak krijgt u geen berichten in de wallet.',
    en: 'You do not get messages in the wallet for this case.',
  },
};
