/** Texts every screen shares: the app name, navigation, the way back, errors. nl (B1) and en. */

export default {
  app_name: { nl: 'Regie wallet', en: 'Regie wallet' },
  skip_link: { nl: 'Naar de inhoud', en: 'Skip to content' },
  back_home: { nl: 'Terug naar mijn gegevens', en: 'Back to my data' },
  not_found: { nl: 'Deze pagina bestaat niet in de wallet.', en: 'This page does not exist in the wallet.' },
  error_heading: { nl: 'Dat ging niet goed', en: 'That did not work' },
  nav_label: { nl: 'Hoofdmenu', en: 'Main menu' },
  nav_home: { nl: 'Mijn gegevens', en: 'My data' },
  nav_scan: { nl: 'Scannen', en: 'Scan' },
  nav_cases: { nl: 'Mijn zaken', en: 'My cases' },
  nav_history: { nl: 'Geschiedenis', en: 'History' },
  nav_settings: { nl: 'Instellingen', en: 'Settings' },
};
