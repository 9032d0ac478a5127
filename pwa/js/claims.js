/**
 * A stored credential's claims as the resident reads them: rows of a label and one or more
 * lines of value, in the resident's language. Labels come from the claim metadata of the
 * credential's SD-JWT VC Type Metadata (SD-JWT VC §5 "Claim Metadata" and "Claim Display
 * Metadata"; paths as in "Claim Path", `null` for every array element), kept by the store as
 * `[{path, label: {nl, en}}]`. A claim without metadata still shows, under its own name.
 *
 * No DOM: the card screen puts the rows on the page as text, never as HTML (SD-JWT VC
 * "Risks Associated with Textual Information").
 */

import { PROTECTED_CLAIMS } from './sdjwt.js';

/** Registered claims (SD-JWT VC §2.2.2.2, §2.2.2.3) that say nothing to the resident. */
export const NOT_SHOWN = new Set([...PROTECTED_CLAIMS, 'iat', 'sub', '_sd_alg', '_sd']);

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Does a claim metadata `path` select `path` (a concrete one: names and indexes)? */
export function pathSelects(metaPath, path) {
  return Array.isArray(metaPath) && metaPath.length === path.length
    && metaPath.every((part, i) => part === path[i] || (part === null && Number.isInteger(path[i])));
}

function pick(label, locale) {
  if (typeof label === 'string') return label;
  if (!label || typeof label !== 'object') return null;
  return label[locale] ?? label.nl ?? Object.values(label).find((v) => typeof v === 'string') ?? null;
}

/** The label for `path` from the claim metadata, else the claim's own name. */
export function labelFor(metadata, path, locale) {
  for (const entry of metadata ?? []) {
    if (pathSelects(entry?.path, path)) {
      const label = pick(entry.label, locale);
      if (label) return label;
    }
  }
  return String(path.at(-1)).replaceAll('_', ' ');
}

/** A full date (`2001-02-03`, RFC 3339 full-date) as the resident reads it, else null. */
export function readableDate(value, locale) {
  const match = ISO_DATE.exec(value);
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (date.getUTCDate() !== Number(match[3])) return null;
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'nl-NL', { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

function scalar(value, options) {
  if (value === true) return options.yes;
  if (value === false) return options.no;
  if (value === null || value === undefined) return options.none;
  if (typeof value === 'string') return readableDate(value, options.locale) ?? value;
  if (typeof value === 'number') return new Intl.NumberFormat(options.locale === 'en' ? 'en-GB' : 'nl-NL').format(value);
  return String(value);
}

/** An array or object on one line: its values, comma-separated (`options`: `{locale, yes, no,
 * none}`, the words for true, false and null). */
export function inline(value, options) {
  if (Array.isArray(value)) return value.map((v) => inline(v, options)).join(', ');
  if (value && typeof value === 'object') {
    return Object.entries(value).filter(([k]) => !NOT_SHOWN.has(k)).map(([, v]) => inline(v, options)).join(', ');
  }
  return scalar(value, options);
}

/**
 * The members of an object at `path`, shown ones only, in the order of the claim metadata,
 * then the others by name (Disclosures arrive in digest order, which means nothing).
 */
function ordered(value, path, metadata) {
  const rank = new Map();
  for (const entry of metadata ?? []) {
    const at = entry?.path;
    if (Array.isArray(at) && at.length > path.length && pathSelects(at.slice(0, path.length), path)) {
      const name = at[path.length];
      if (typeof name === 'string' && !rank.has(name)) rank.set(name, rank.size);
    }
  }
  const place = (name) => rank.get(name) ?? rank.size;
  return Object.keys(value).filter((name) => !NOT_SHOWN.has(name))
    .sort((a, b) => place(a) - place(b) || (a < b ? -1 : Number(a > b)));
}

/** The lines of a value: an array one line per element, an object one `label: value` per member. */
function lines(value, path, metadata, options) {
  if (Array.isArray(value)) return value.map((element) => inline(element, options));
  if (value && typeof value === 'object') {
    return ordered(value, path, metadata)
      .map((k) => `${labelFor(metadata, [...path, k], options.locale)}: ${inline(value[k], options)}`);
  }
  return [scalar(value, options)];
}

/**
 * The rows for the card screen: `[{name, label, lines}]`, one per top-level claim of the
 * Processed SD-JWT Payload `claims`, in the order of the claim metadata (then any others by
 * name). `yes`, `no` and `none` are the words for true, false and null in `locale`.
 */
export function claimRows(claims, metadata, { locale = 'nl', yes = 'Ja', no = 'Nee', none = '-' } = {}) {
  const options = { locale, yes, no, none };
  return ordered(claims ?? {}, [], metadata)
    .filter((name) => claims[name] !== null && claims[name] !== undefined)
    .map((name) => ({
      name,
      label: labelFor(metadata, [name], locale),
      lines: lines(claims[name], [name], metadata, options),
    }));
}
