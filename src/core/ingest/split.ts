/**
 * Splits a pasted terminal session (or a Markdown page, or a blog that lost its line breaks) into command
 * blocks: each block is the output of one command, with its command line, the host from its prompt, and the
 * source line number of every line it holds.
 */
import { cleanLine } from './clean.ts';
import { commandFacts, looksLikeCommand, type CommandFacts } from './commands.ts';

export interface SourceLine {
  /** 1-based line number in the file. */
  no: number;
  text: string;
}

export interface RawBlock {
  /** The command line as written (prompt removed), if any. */
  commandLine?: string;
  facts?: CommandFacts;
  /** The host named by the prompt (`user@HOST:~$`, `HOST:/#`). */
  host?: string;
  lines: SourceLine[];
  /** The output was found flattened on one line with its command (seed 001). */
  flattened?: boolean;
  /** Line of the command (or of the block's first line). */
  startLine: number;
  /** Inside a Markdown code fence. */
  fenced?: boolean;
  fenceLang?: string;
}

export interface FileNote { line: number; kind: 'ignored' | 'unrecognized'; message: string }

interface Prompt { host?: string; command: string }

const PROMPTS: RegExp[] = [
  // [root@master ~]# cmd
  /^\[(?:[\w.-]+)@([\w.-]+)[^\]]*\]\s?[#$]\s*(.*)$/,
  // user@host:~$ cmd, user@host:/opt# cmd, root@host# cmd
  /^(?:[\w.-]+)@([\w.-]+)(?::[^\s#$]*)?\s?[#$]\s*(.*)$/,
  // host:/# cmd (seed 004), host:~$ cmd
  /^([a-zA-Z][\w.-]*[a-zA-Z0-9]):[~/][^\s#$]*\s?[#$]\s+(.*)$/,
  // PS1 with a leading `(venv)` or emoji is rare; `$ cmd`, `> cmd`, `% cmd`
  /^()[$%>]\s+(.+)$/,
  // `/#kubectl …` (a blog's rendering of a root prompt)
  /^()\/#\s*(\S.*)$/,
];

function matchPrompt(line: string): Prompt | null {
  const t = line.replace(/^\s+/, '');
  for (const re of PROMPTS) {
    const m = re.exec(t);
    if (m) {
      const command = (m[2] ?? '').trim();
      const p: Prompt = { command };
      if (m[1]) p.host = m[1];
      return p;
    }
  }
  // `# cmd` is a root prompt only when a known command follows (else: a comment, or iptables-save's header)
  const hash = /^#\s+(\S.*)$/.exec(t);
  if (hash && looksLikeCommand(hash[1] as string) && !/^#\s+(Generated|Completed|Warning)/.test(t)) return { command: (hash[1] as string).trim() };
  return null;
}

/** A sentence of prose between outputs (blog text). Conservative: outputs rarely read like this. */
export function isProse(line: string): boolean {
  const t = line.trim();
  if (/^#{1,6}\s/.test(t) || /^(\*\*|!\[|\[.*\]\(|>\s|\[…\]|\*\s+\[)/.test(t) || /^[-*] \S.*\]\(https?:/.test(t)) return true;
  // Markdown list items: `1. Verify that …`, `- Part 1: deep dive …` (YAML items are lower-case keys or one word)
  if (/^\d+\.\s+\S+(\s+\S+){2,}/.test(t) || /^[-*+]\s+[A-Z]\S*\s+\S+\s+\S+/.test(t)) return true;
  if (/^[-*+]\s+https?:\/\//.test(t)) return true;
  const words = t.split(/\s+/);
  if (words.length < 6) return false;
  if (/[{}[\]=|]|\s-{1,2}[a-z]|^\d+:|^-[APN] |\t|<\w+>|\S {3,}\S/.test(t)) return false;
  // an IP address is output unless the line is a long sentence around it
  if (/\b\d{1,3}(\.\d{1,3}){3}\b/.test(t) && words.length < 10) return false;
  const wordy = words.filter((w) => /^[“"(‘]?[A-Za-z][a-z'’]*[”"’,.:;!?)]*$/.test(w)).length;
  return wordy / words.length >= 0.7 && /[a-z]/.test(t);
}

/** Where a flattened segment's output starts (seed 001: `k get ns --show-labels NAME STATUS AGE LABELS default …`). */
const OUTPUT_START = [
  /\b(?:NAMESPACE\s+)?NAME\s+(?:READY|STATUS|TYPE|POD-SELECTOR|ENDPOINTS|CLUSTER-IP)\b/,
  /\bKernel IP routing table\b|\bDestination\s+Gateway\s+Genmask\b/,
  /\bbridge name\s+bridge id\b/,
  /(?:^|\s)(?::[\w.:\-]+ (?:ACCEPT|DROP|-) \[\d+:\d+\]|-[APN] [\w.:\-]+|\*(?:nat|filter|mangle|raw)\b)/,
  /\bName: \S+ Type: /,
  /\b\d+: lo: </,
  /\bCONTAINER ID\s+IMAGE\b/,
  /\bnamespace\/\S+ labeled\b|\bnetworkpolicy\.networking\.k8s\.io\/\S+ (created|configured|unchanged)\b/,
  /\bHTTP\/1\.[01] \d{3}\b/,
];

function splitCommandAndOutput(segment: string): { command: string; output: string } {
  let cut = -1;
  for (const re of OUTPUT_START) {
    const m = re.exec(segment);
    if (m && (cut < 0 || m.index < cut)) cut = m.index + (m[0].length - m[0].trimStart().length);
  }
  // `iptables-save | grep X …`: output starts after the grep pattern
  const grep = /^(.*?\|\s*grep(?:\s+-\S+)*\s+("[^"]*"|'[^']*'|\S+))\s+([^|\s].*)$/.exec(segment);
  if (grep && (cut < 0 || (grep[1] as string).length < cut)) return { command: (grep[1] as string).trim(), output: (grep[3] as string).trim() };
  if (cut <= 0) return { command: segment.trim(), output: '' };
  const command = segment.slice(0, cut).trim();
  const output = segment.slice(cut).trim();
  // `iptables -A FORWARD …` is a command, not a listing followed by its output
  if (/^(-[APN] |:|\*)/.test(output) && !/(save|-S\b|--list-rules|grep)/.test(command)) return { command: segment.trim(), output: '' };
  return { command, output };
}

/** Splits one flattened line at every `$ ` / `user@host:~$ ` prompt. */
function flattenedSegments(line: string): { host?: string; text: string }[] | null {
  const re = /(?<=^|\s)(?:([\w.-]+)@([\w.-]+):[^\s$#]*\$|\$)\s+(?=\S)/g;
  const marks: { at: number; end: number; host?: string }[] = [];
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const at = m.index;
    marks.push(m[2] ? { at, end: m.index + m[0].length, host: m[2] } : { at, end: m.index + m[0].length });
  }
  if (marks.length < 1) return null;
  const segs: { host?: string; text: string }[] = [];
  const lead = line.slice(0, marks[0]?.at ?? 0).trim();
  if (lead) segs.push({ text: lead });
  marks.forEach((mk, i) => {
    const end = i + 1 < marks.length ? (marks[i + 1] as { at: number }).at : line.length;
    const text = line.slice(mk.end, end).trim();
    segs.push(mk.host ? { host: mk.host, text } : { text });
  });
  return segs;
}

export function splitTranscript(text: string): { blocks: RawBlock[]; notes: FileNote[] } {
  const blocks: RawBlock[] = [];
  const notes: FileNote[] = [];
  const raw = text.split(/\r\n|\n|\r/);
  if (raw.length > 1 && raw[raw.length - 1] === '') raw.pop();
  let cur: RawBlock | null = null;
  let inFence = false;
  let fenceLang = '';
  let lastHost: string | undefined;
  const close = (): void => {
    if (cur && (cur.lines.length || cur.commandLine)) blocks.push(cur);
    cur = null;
  };
  const open = (startLine: number, commandLine?: string, host?: string): RawBlock => {
    close();
    const b: RawBlock = { lines: [], startLine };
    if (commandLine !== undefined) { b.commandLine = commandLine; b.facts = commandFacts(commandLine); }
    if (host) b.host = host;
    else if (lastHost) b.host = lastHost;
    if (inFence) { b.fenced = true; if (fenceLang) b.fenceLang = fenceLang; }
    cur = b;
    return b;
  };
  for (let i = 0; i < raw.length; i++) {
    const no = i + 1;
    const cleaned = cleanLine(raw[i] as string);
    if (cleaned.removed && cleaned.text.trim()) notes.push({ line: no, kind: 'ignored', message: `removed ${cleaned.removed}` });
    else if (cleaned.removed) { notes.push({ line: no, kind: 'ignored', message: cleaned.removed }); continue; }
    const line = cleaned.text;
    const fence = /^\s*(```+|~~~+)\s*([\w-]*)\s*$/.exec(line);
    if (fence) {
      close();
      inFence = !inFence;
      fenceLang = inFence ? (fence[2] ?? '') : '';
      continue;
    }
    if (!line.trim()) {
      // a blank line ends nothing by itself (outputs have blank lines), except prose-separated pastes
      (cur as RawBlock | null)?.lines.push({ no, text: '' });
      continue;
    }
    const prompt = matchPrompt(line);
    if (prompt) {
      if (prompt.host) lastHost = prompt.host;
      const segs = prompt.command.length > 200 ? flattenedSegments(line.replace(/^\s+/, '')) : null;
      if (segs && segs.length) {
        for (const seg of segs) {
          const hostFromSeg = seg.host ?? (prompt.host && seg === segs[0] ? prompt.host : undefined);
          const { command, output } = splitCommandAndOutput(seg.text);
          const b = open(no, command, hostFromSeg);
          if (output) { b.lines.push({ no, text: output }); b.flattened = true; }
          close();
        }
        continue;
      }
      const { command, output } = splitCommandAndOutput(prompt.command);
      const b = open(no, command, prompt.host);
      if (output) { b.lines.push({ no, text: output }); b.flattened = true; close(); }
      continue;
    }
    if (/^\s*#/.test(line) && !/^\s*#\s*(Generated|Completed|Warning)/.test(line) && (inFence || !cur || (cur as RawBlock).lines.length === 0) ) {
      // a shell comment in a script or a Markdown heading
      close();
      notes.push({ line: no, kind: 'ignored', message: /^#{1,6}\s/.test(line) && !inFence ? 'heading' : 'comment' });
      continue;
    }
    if (looksLikeCommand(line) && !(cur && (cur as RawBlock).facts?.parser === 'kubectl-objects' && /^\s/.test(line))) {
      const { command, output } = splitCommandAndOutput(line.trim());
      const jump = /^(?:kubectl\s+(?:ssh-jump|node-shell)\s+|ssh\s+(?:-\S+\s+)*(?:\S+@)?)([a-z][\w.-]*-vmss\w+|aks-\S+)/.exec(command);
      if (jump) lastHost = jump[1];
      const b = open(no, command);
      if (output) { b.lines.push({ no, text: output }); b.flattened = true; close(); }
      continue;
    }
    if (!inFence && isProse(line)) {
      close();
      notes.push({ line: no, kind: 'ignored', message: 'prose' });
      continue;
    }
    if (!cur) open(no);
    (cur as unknown as RawBlock).lines.push({ no, text: line });
  }
  close();
  // trailing blank lines do not belong to the output
  for (const b of blocks) while (b.lines.length && !(b.lines[b.lines.length - 1] as SourceLine).text.trim()) b.lines.pop();
  return { blocks, notes };
}
