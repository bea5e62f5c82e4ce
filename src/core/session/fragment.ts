/**
 * The URL fragment's grammar, shared by every feature that keeps state in it: `#` then `&`-separated `key=value`
 * pairs (a key alone means `key=`).
 *   v1=<payload>     the session (codec.ts); `v<N>` for a later format
 *   local=<id>       the session is too big for a link and is kept in this browser's storage under <id>
 *   walk, step, present   reserved for workshops (`#walk=seed-001&step=4&present=1`)
 * Unknown keys are kept as they are and never an error: a newer feature's link still opens here.
 */

export interface Fragment {
  /** `v<N>` → its payload; normally one entry, `1`. */
  versions: { version: number; payload: string }[];
  local?: string;
  walk?: string;
  step?: number;
  present?: boolean;
  /** Every other pair, in order, as written. */
  other: [string, string][];
}

const VERSION_KEY = /^v(\d{1,6})$/;

const decodePart = (s: string): string => {
  try { return decodeURIComponent(s); } catch { return s; }
};

export function parseFragment(hash: string): Fragment {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const out: Fragment = { versions: [], other: [] };
  if (!body) return out;
  for (const pair of body.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decodePart(eq < 0 ? pair : pair.slice(0, eq));
    // payloads are base64url: never percent-decoded, so a damaged one is reported as it arrived
    const raw = eq < 0 ? '' : pair.slice(eq + 1);
    const version = VERSION_KEY.exec(key);
    if (version) out.versions.push({ version: Number(version[1]), payload: raw });
    else if (key === 'local') out.local = decodePart(raw);
    else if (key === 'walk') out.walk = decodePart(raw);
    else if (key === 'step' && /^\d{1,6}$/.test(raw)) out.step = Number(raw);
    else if (key === 'present') out.present = raw !== '0' && raw !== 'false';
    else out.other.push([key, decodePart(raw)]);
  }
  return out;
}

const enc = (s: string): string => encodeURIComponent(s);

/** The fragment (without `#`): the session first, then the workshop keys, then every key we do not know. */
export function formatFragment(f: Fragment): string {
  const pairs: string[] = [];
  for (const v of f.versions) pairs.push(`v${v.version}=${v.payload}`);
  if (f.local !== undefined) pairs.push(`local=${enc(f.local)}`);
  if (f.walk !== undefined) pairs.push(`walk=${enc(f.walk)}`);
  if (f.step !== undefined) pairs.push(`step=${f.step}`);
  if (f.present !== undefined) pairs.push(`present=${f.present ? 1 : 0}`);
  for (const [k, v] of f.other) pairs.push(v === '' ? enc(k) : `${enc(k)}=${enc(v)}`);
  return pairs.join('&');
}

/** The fragment of a link given whole (`https://…/#v1=…`), as a fragment (`#v1=…`) or as a bare payload. */
export function fragmentOf(link: string): string {
  const text = link.trim();
  const hash = text.indexOf('#');
  if (hash >= 0) return text.slice(hash + 1);
  if (/^[a-z][\w+.-]*:\/\//i.test(text)) return '';
  if (/^(v\d+|local|walk)=/.test(text)) return text;
  return `v1=${text}`;
}
