/** Scanning a QR code (`#/scan`). nl (B1) and en. */

export default {
  scan_heading: { nl: 'QR-code scannen', en: 'Scan a QR code' },
  scan_instruction: {
    nl: 'Richt de camera op de QR-code. De wallet leest de code vanzelf.',
    en: 'Point the camera at the QR code. The wallet reads the code by itself.',
  },
  scan_video_label: { nl: 'Camerabeeld', en: 'Camera picture' },
  scan_starting: { nl: 'De wallet vraagt om de camera.', en: 'The wallet is asking for the camera.' },
  scan_looking: { nl: 'De camera is aan. Houd de QR-code stil in beeld.', en: 'The camera is on. Hold the QR code still in view.' },
  scan_found: { nl: 'QR-code gelezen.', en: 'QR code read.' },
  scan_stop: { nl: 'Stoppen', en: 'Stop' },
  scan_paste: { nl: 'Liever een link plakken', en: 'Paste a link instead' },
  scan_retry: { nl: 'Opnieuw proberen', en: 'Try again' },
  scan_camera_denied: {
    nl: 'De wallet mag de camera niet gebruiken.',
    en: 'The wallet may not use the camera.',
  },
  scan_camera_allow: {
    nl: 'Wilt u toch scannen? Tik op het slotje of het camera-teken naast het webadres. Kies bij Camera: Toestaan. Gebruikt u de geïnstalleerde app? Zet de camera dan aan bij de instellingen van uw telefoon. Tik daarna op Opnieuw proberen. U kunt ook de link plakken.',
    en: 'Do you want to scan after all? Tap the lock or camera icon next to the web address. For Camera, choose Allow. Using the installed app? Turn on the camera in your phone’s settings. Then tap Try again. You can also paste the link.',
  },
  scan_camera_missing: {
    nl: 'De wallet vindt geen camera op dit apparaat. U kunt de link plakken.',
    en: 'The wallet cannot find a camera on this device. You can paste the link.',
  },
  scan_camera_busy: {
    nl: 'Een andere app gebruikt de camera. Sluit die app en tik op Opnieuw proberen. U kunt ook de link plakken.',
    en: 'Another app is using the camera. Close that app and tap Try again. You can also paste the link.',
  },
  scan_camera_unsupported: {
    nl: 'Deze browser geeft de wallet geen camera. Gebruik een nieuwere browser, of plak de link.',
    en: 'This browser does not give the wallet a camera. Use a newer browser, or paste the link.',
  },
  scan_camera_failed: {
    nl: 'De camera start niet. Tik op Opnieuw proberen, of plak de link.',
    en: 'The camera does not start. Tap Try again, or paste the link.',
  },
  scan_decoder_failed: {
    nl: 'De wallet kan op dit apparaat geen QR-code lezen. Plak de link.',
    en: 'The wallet cannot read QR codes on this device. Paste the link.',
  },
};
