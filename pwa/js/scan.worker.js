// The QR decoder off the main thread, for browsers without BarcodeDetector (scan.js): a classic
// worker that loads the vendored jsQR (vendor/jsqr/, Apache-2.0) and answers each frame
// `{id, width, height, pixels}` (RGBA bytes) with `{id, text}` (the code's text, or null).

/* global jsQR */
importScripts('../vendor/jsqr/jsQR.js');

self.addEventListener('message', ({ data }) => {
  const { id, width, height, pixels } = data ?? {};
  try {
    const rgba = new Uint8ClampedArray(pixels);
    if (!(width > 0 && height > 0 && rgba.length === width * height * 4)) {
      throw new Error('a frame needs width × height RGBA pixels');
    }
    // attemptBoth: also a light code on a dark screen (dark mode)
    const code = jsQR(rgba, width, height, { inversionAttempts: 'attemptBoth' });
    self.postMessage({ id, text: code ? code.data : null });
  } catch (failure) {
    self.postMessage({ id, error: String(failure?.message ?? failure) });
  }
});
