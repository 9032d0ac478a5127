/**
 * Scanning a QR code with the camera: the camera, the decoder and the scan loop. No screen
 * code here (`screens/scan.js` draws `#/scan`); what a code means is `links.js`'s business.
 *
 * - `openCamera(video)`: `getUserMedia` with the rear camera preferred (`facingMode:
 *   'environment'`, ideal, so a laptop's front camera still works), playing in `video`.
 * - `stopCamera(stream)`: stop every track, so the camera light goes off.
 * - `qrDetector()`: the browser's `BarcodeDetector` (format `qr_code`) where it has one
 *   (Android, macOS, ChromeOS), otherwise the vendored jsQR decoder (`vendor/jsqr/`, Apache-2.0)
 *   in a Web Worker (`scan.worker.js`), so decoding never blocks the screen. Chromium on Linux
 *   has no BarcodeDetector: the browser tests exercise the worker.
 * - `startScanning(video, detector, onCode)`: a few frames a second (`FRAME_INTERVAL_MS`), one
 *   decode at a time, until stopped or `onCode` says it has what it wanted.
 * - `cameraProblem(error)`: the catalogue key that explains a failed `getUserMedia` to the
 *   resident (refused, no camera, camera in use, browser without camera access).
 *
 * Runs in the browser; the loop and `cameraProblem` also run in Node (tests/pwa/js/scan.test.mjs).
 */

/** Time between two decodes: about 6 frames a second is quick for a person and light on a phone. */
export const FRAME_INTERVAL_MS = 160;

/** Frames are scaled down to at most this many pixels on their longest side before decoding
 * in the worker: enough for a code that fills a fair part of the picture, cheap to decode. */
export const MAX_FRAME_SIDE = 800;

/** Why the camera could not start, as a key of `texts/scan.js`. Names are the DOMException
 * names of Media Capture and Streams §9.2 (`getUserMedia`), with older Chromium aliases. */
export function cameraProblem(error) {
  switch (error?.name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'scan_camera_denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'scan_camera_missing';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'scan_camera_busy';
    case 'CameraUnsupported':
      return 'scan_camera_unsupported';
    default:
      return 'scan_camera_failed';
  }
}

/** The camera's stream, playing in `video`; rejects with the DOMException of `getUserMedia`
 * (or one named `CameraUnsupported` where the browser has no camera access at all: an insecure
 * origin or an old browser). */
export async function openCamera(video) {
  const media = globalThis.navigator?.mediaDevices;
  if (!media?.getUserMedia) {
    const error = new Error('navigator.mediaDevices.getUserMedia is not available');
    error.name = 'CameraUnsupported';
    throw error;
  }
  const stream = await media.getUserMedia({
    audio: false,
    video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
  });
  video.muted = true; // the attribute alone does not mute an element made by script
  video.playsInline = true;
  video.srcObject = stream;
  try {
    await video.play();
  } catch (failure) {
    stopCamera(stream);
    throw failure;
  }
  return stream;
}

/** Stop every track of `stream` (the camera turns off) and let go of it. */
export function stopCamera(stream, video = null) {
  for (const track of stream?.getTracks?.() ?? []) track.stop();
  if (video) video.srcObject = null;
}

/** The width and height to decode a `width`×`height` frame at: scaled down to `max` on the
 * longest side, never up. */
export function frameSize(width, height, max = MAX_FRAME_SIDE) {
  const scale = Math.min(1, max / Math.max(width, height, 1));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** The browser's own QR detector, or `null` where it has none (or none for QR codes). */
async function nativeDetector() {
  const Detector = globalThis.BarcodeDetector;
  if (typeof Detector !== 'function') return null;
  try {
    const formats = await Detector.getSupportedFormats();
    if (!formats.includes('qr_code')) return null;
    const detector = new Detector({ formats: ['qr_code'] });
    return {
      kind: 'BarcodeDetector',
      async detect(video) {
        const codes = await detector.detect(video);
        return codes.length ? codes[0].rawValue : null;
      },
      close() {},
    };
  } catch {
    return null;
  }
}

/** jsQR in a Web Worker: each frame is drawn on a canvas here, its pixels go to the worker
 * (transferred, not copied), and the worker answers with the text of a code or `null`. */
function workerDetector() {
  const worker = new Worker(new URL('./scan.worker.js', import.meta.url));
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  const waiting = new Map();
  let next = 0;
  let broken = null;
  const failAll = (error) => {
    broken = error;
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  worker.addEventListener('message', ({ data }) => {
    const pending = waiting.get(data?.id);
    if (!pending) return;
    waiting.delete(data.id);
    if (data.error) pending.reject(new Error(data.error));
    else pending.resolve(typeof data.text === 'string' ? data.text : null);
  });
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    failAll(new Error(`scan worker failed: ${event.message || 'could not load'}`));
  });
  return {
    kind: 'jsQR',
    detect(video) {
      if (broken) return Promise.reject(broken);
      const { width, height } = frameSize(video.videoWidth, video.videoHeight);
      if (canvas.width !== width) canvas.width = width;
      if (canvas.height !== height) canvas.height = height;
      context.drawImage(video, 0, 0, width, height);
      const pixels = context.getImageData(0, 0, width, height).data;
      next += 1;
      const id = next;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, width, height, pixels: pixels.buffer }, [pixels.buffer]);
      });
    },
    close() {
      worker.terminate();
      failAll(new Error('scan worker closed'));
    },
  };
}

/** A QR detector: `{kind, detect(video) → text|null, close()}`. */
export async function qrDetector() {
  return (await nativeDetector()) ?? workerDetector();
}

/**
 * Decode frames of `video` with `detector` every `interval` ms, one at a time, while the
 * picture is there and the page is visible. Each code found goes to `onCode(text)`, which
 * returns `true` to keep scanning (a code that is not for the wallet) or anything else to
 * stop. A failing detector goes to `onError(error)` and stops the loop. Returns `stop()`.
 */
export function startScanning(video, detector, onCode, { interval = FRAME_INTERVAL_MS, onError = () => {} } = {}) {
  let stopped = false;
  let timer = null;
  const hidden = () => globalThis.document?.hidden === true;
  async function tick() {
    timer = null;
    if (stopped) return;
    if (video.readyState >= 2 && video.videoWidth > 0 && !hidden()) {
      let text;
      try {
        text = await detector.detect(video);
      } catch (failure) {
        if (!stopped) {
          stopped = true;
          onError(failure);
        }
        return;
      }
      if (stopped) return;
      if (text && onCode(text) !== true) {
        stopped = true;
        return;
      }
    }
    if (!stopped) timer = setTimeout(tick, interval);
  }
  timer = setTimeout(tick, 0);
  return () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
  };
}
