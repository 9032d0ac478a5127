// scan.js and scan.worker.js: what a failed getUserMedia tells the resident, the frame size the
// worker decodes, the scan loop (one decode at a time, a refused code keeps it going, a found
// one or a broken decoder stops it), and the worker decoding a real QR code with the vendored
// jsQR. The camera itself is exercised in Chromium (tests/browser/test_scan.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';

import { cameraProblem, frameSize, startScanning } from '../../../pwa/js/scan.js';
import { ROOT } from './helpers.mjs';

const named = (name) => Object.assign(new Error(name), { name });

test('cameraProblem: each getUserMedia failure has its own explanation', () => {
  const cases = {
    NotAllowedError: 'scan_camera_denied',
    PermissionDeniedError: 'scan_camera_denied',
    SecurityError: 'scan_camera_denied',
    NotFoundError: 'scan_camera_missing',
    OverconstrainedError: 'scan_camera_missing',
    NotReadableError: 'scan_camera_busy',
    AbortError: 'scan_camera_busy',
    CameraUnsupported: 'scan_camera_unsupported',
    TypeError: 'scan_camera_failed',
  };
  for (const [name, key] of Object.entries(cases)) assert.equal(cameraProblem(named(name)), key, name);
  assert.equal(cameraProblem(undefined), 'scan_camera_failed');
});

test('frameSize: large camera frames are scaled down, small ones kept', () => {
  assert.deepEqual(frameSize(1920, 1080), { width: 800, height: 450 });
  assert.deepEqual(frameSize(720, 1280), { width: 450, height: 800 });
  assert.deepEqual(frameSize(640, 480), { width: 640, height: 480 });
  assert.deepEqual(frameSize(0, 0), { width: 1, height: 1 });
});

const VIDEO = { readyState: 4, videoWidth: 640, videoHeight: 480 };
const until = async (condition) => {
  for (let i = 0; i < 200 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 2));
  assert.ok(condition(), 'condition not reached');
};

test('startScanning: decodes one frame at a time, goes on after a refused code, stops on a wanted one', async () => {
  const answers = [null, 'https://example.nl', null, 'openid-credential-offer://?x', 'never asked'];
  let busy = 0;
  let most = 0;
  let asked = 0;
  const detector = {
    async detect(video) {
      assert.equal(video, VIDEO);
      busy += 1;
      most = Math.max(most, busy);
      await new Promise((resolve) => setTimeout(resolve, 3));
      busy -= 1;
      return answers[asked++];
    },
  };
  const seen = [];
  startScanning(VIDEO, detector, (text) => {
    seen.push(text);
    return text.startsWith('https://');
  }, { interval: 1 });
  await until(() => seen.length === 2);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(seen, ['https://example.nl', 'openid-credential-offer://?x']);
  assert.equal(asked, 4);
  assert.equal(most, 1);
});

test('startScanning: waits for a picture, and stop() ends the loop', async () => {
  const video = { readyState: 0, videoWidth: 0, videoHeight: 0 };
  let asked = 0;
  const stop = startScanning(video, { detect: async () => { asked += 1; return null; } }, () => true, { interval: 1 });
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(asked, 0);
  Object.assign(video, VIDEO);
  await until(() => asked > 2);
  stop();
  const after = asked;
  await new Promise((resolve) => setTimeout(resolve, 15));
  assert.ok(asked <= after + 1);
});

test('startScanning: a broken decoder is reported once and stops the loop', async () => {
  const failures = [];
  let asked = 0;
  startScanning(VIDEO, { detect: async () => { asked += 1; throw new Error('worker gone'); } }, () => true, {
    interval: 1, onError: (error) => failures.push(error.message),
  });
  await until(() => failures.length === 1);
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(failures, ['worker gone']);
  assert.equal(asked, 1);
});

// The QR code of "https://example.nl" (error correction M, made by Python's qrcode as the
// browser tests' fake camera does), without its quiet zone; '#' is dark.
const EXAMPLE_NL = [
  '#######.#.###.#...#######',
  '#.....#..##...#...#.....#',
  '#.###.#.##.#.##...#.###.#',
  '#.###.#...##...#..#.###.#',
  '#.###.#....##.#...#.###.#',
  '#.....#.##.####...#.....#',
  '#######.#.#.#.#.#.#######',
  '.........##.##.##........',
  '#.#...##.#...#..#..#..#.#',
  '.##....##..##..#.###.#.##',
  '##..###.#.#.####.#..###.#',
  '#...#....#....#.#..#.#...',
  '...####..#...####.##....#',
  '.###...#.#...####.##...##',
  '###..#####.#...####..##.#',
  '...##...#.#..#..##.###...',
  '##.###########..#####..#.',
  '........#...#...#...#...#',
  '#######.##..###.#.#.#...#',
  '#.....#...###.###...#...#',
  '#.###.#..#...########..##',
  '#.###.#..##..##..#..#.##.',
  '#.###.#.#..#...###.###.##',
  '#.....#..#...#.######....',
  '#######.######..#.#..#..#',
];

/** RGBA pixels of `matrix` with a 4-module quiet zone, `scale` pixels a module. */
function picture(matrix, scale, { invert = false } = {}) {
  const modules = matrix.length + 8;
  const size = modules * scale;
  const pixels = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const row = matrix[Math.floor(y / scale) - 4];
      const dark = row?.[Math.floor(x / scale) - 4] === '#';
      const value = dark !== invert ? 16 : 235;
      pixels.set([value, value, value, 255], (y * size + x) * 4);
    }
  }
  return { width: size, height: size, pixels: pixels.buffer };
}

/** scan.worker.js as a worker runs it: its own global `self`, `importScripts` from pwa/. */
function startWorker() {
  const answers = [];
  const listeners = [];
  const scope = vm.createContext({});
  Object.assign(scope, {
    self: scope,
    addEventListener: (type, listener) => { if (type === 'message') listeners.push(listener); },
    postMessage: (message) => answers.push(structuredClone(message)), // as a worker's message arrives
    importScripts: (...paths) => {
      for (const path of paths) {
        const file = join(ROOT, 'pwa', 'js', path);
        vm.runInContext(readFileSync(file, 'utf8'), scope, { filename: file });
      }
    },
  });
  const file = join(ROOT, 'pwa', 'js', 'scan.worker.js');
  vm.runInContext(readFileSync(file, 'utf8'), scope, { filename: file });
  return {
    answers,
    post: (data) => listeners.forEach((listener) => listener({ data })),
  };
}

test('scan.worker.js: the vendored jsQR reads a real code, also light on dark', () => {
  const worker = startWorker();
  worker.post({ id: 1, ...picture(EXAMPLE_NL, 6) });
  worker.post({ id: 2, ...picture(EXAMPLE_NL, 5, { invert: true }) });
  assert.deepEqual(worker.answers, [{ id: 1, text: 'https://example.nl' }, { id: 2, text: 'https://example.nl' }]);
});

test('scan.worker.js: a picture without a code is null; a broken frame is an error answer', () => {
  const worker = startWorker();
  const blank = new Uint8ClampedArray(64 * 48 * 4).fill(235);
  worker.post({ id: 7, width: 64, height: 48, pixels: blank.buffer });
  worker.post({ id: 8, width: 64, height: 48, pixels: new ArrayBuffer(10) });
  worker.post(null);
  assert.deepEqual(worker.answers[0], { id: 7, text: null });
  assert.equal(worker.answers[1].id, 8);
  assert.match(worker.answers[1].error, /RGBA/);
  assert.equal(worker.answers[2].id, undefined);
  assert.match(worker.answers[2].error, /RGBA/);
});
