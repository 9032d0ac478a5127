/**
 * `#/scan` scan a QR code: the live camera picture, large, with one instruction. A code for the
 * wallet (an offer or a request to share data, `links.js`) stops the camera and opens its
 * screen; any other code is said in the alert region and scanning goes on. Camera refused or
 * missing: how to allow it, and the paste-a-link screen (`#/receive`) as the way that needs no
 * camera. "Stoppen" (and leaving the screen any other way) turns the camera off.
 *
 * The moment a wallet code is read is marked `regie:qr-decoded` (User Timing), so the time
 * from reading the code to the consent screen can be measured.
 */

import { classifyLink } from '../links.js';
import { errorMessage } from '../messages.js';
import { cameraProblem, openCamera, qrDetector, startScanning, stopCamera } from '../scan.js';
import { button, buttonLink, errorRegion, h, locale, show, t } from '../ui.js';

/** The User Timing mark set when a code for the wallet is read (one at a time). */
export const DECODED_MARK = 'regie:qr-decoded';

/** Problems a second try may solve (permission given meanwhile, camera freed or plugged in). */
const RETRYABLE = new Set(['scan_camera_denied', 'scan_camera_missing', 'scan_camera_busy', 'scan_camera_failed']);

/** The scan in progress (camera, decoder, loop), stopped whenever the screen is left. */
let running = null;

function startSession(video) {
  const session = { video, stream: null, detector: null, stopLoop: null, stopped: false };
  session.stop = () => {
    if (session.stopped) return;
    session.stopped = true;
    session.stopLoop?.();
    session.detector?.close();
    stopCamera(session.stream, video);
    window.removeEventListener('hashchange', session.stop);
    window.removeEventListener('pagehide', session.stop);
  };
  window.addEventListener('hashchange', session.stop);
  window.addEventListener('pagehide', session.stop);
  running?.stop();
  running = session;
  return session;
}

function cameraFailed(problem) {
  show(
    h('h1', { class: 'utrecht-heading-1' }, t('scan_heading')),
    h('div', { class: 'utrecht-alert utrecht-alert--error', role: 'alert', 'data-scan-problem': problem },
      h('p', { class: 'utrecht-paragraph' }, t(problem)),
      problem === 'scan_camera_denied' ? h('p', { class: 'utrecht-paragraph' }, t('scan_camera_allow')) : null),
    h('div', { class: 'regie-actions' },
      buttonLink('#/receive', t('scan_paste')),
      RETRYABLE.has(problem) ? button(t('scan_retry'), () => { scanScreen(); }, 'secondary-action') : null,
      buttonLink('#/', t('back_home'), 'secondary-action')),
  );
}

export async function scanScreen() {
  const video = h('video', {
    class: 'wallet-scan__video', autoplay: true, muted: true, playsinline: true,
    'aria-label': t('scan_video_label'), 'aria-describedby': 'scan-uitleg',
  });
  const session = startSession(video);
  const viewer = h('div', { class: 'wallet-scan', 'data-scan-state': 'starting' }, video);
  const status = h('p', { class: 'utrecht-paragraph wallet-scan__status', role: 'status' }, t('scan_starting'));
  const error = errorRegion('scan-fout');
  show(
    h('h1', { class: 'utrecht-heading-1' }, t('scan_heading')),
    h('p', { class: 'utrecht-paragraph wallet-scan__instruction', id: 'scan-uitleg' }, t('scan_instruction')),
    viewer,
    status,
    error.element,
    h('div', { class: 'regie-actions' },
      buttonLink('#/', t('scan_stop'), 'secondary-action'),
      buttonLink('#/receive', t('scan_paste'), 'subtle')),
  );

  // the decoder (a worker that loads jsQR) starts while the browser asks for the camera
  const [camera, decoder] = await Promise.allSettled([openCamera(video), qrDetector()]);
  if (session.stopped || camera.status === 'rejected' || decoder.status === 'rejected') {
    // left the screen while the browser asked for the camera, or a part did not start
    if (camera.status === 'fulfilled') stopCamera(camera.value, video);
    if (decoder.status === 'fulfilled') decoder.value.close();
    if (session.stopped) return;
    session.stop();
    const failure = camera.status === 'rejected' ? camera.reason : decoder.reason;
    console.warn('scanning not started', failure);
    cameraFailed(camera.status === 'rejected' ? cameraProblem(failure) : 'scan_decoder_failed');
    return;
  }
  session.stream = camera.value;
  session.detector = decoder.value;
  viewer.dataset.decoder = decoder.value.kind;

  viewer.dataset.scanState = 'scanning';
  status.textContent = t('scan_looking');
  let refused = null;
  session.stopLoop = startScanning(video, session.detector, (text) => {
    let target;
    try {
      target = classifyLink(text);
    } catch (failure) {
      if (text !== refused) { // say it once, not again for every frame of the same code
        refused = text;
        error.say(errorMessage(failure, locale));
      }
      return true;
    }
    performance.clearMarks(DECODED_MARK);
    performance.mark(DECODED_MARK, { detail: { kind: target.kind } });
    viewer.dataset.scanState = 'found';
    status.textContent = t('scan_found');
    session.stop();
    location.hash = target.route;
    return false;
  }, {
    onError: (failure) => {
      if (session.stopped) return;
      session.stop();
      console.warn('QR decoder failed', failure);
      cameraFailed('scan_decoder_failed');
    },
  });
}
