/**
 * The Session value: everything a link or a `.packetpath` file carries to open the same analysis elsewhere —
 * the inputs with their node and pod assignments, the view, the trace request and the what-if mode per node.
 * One shape for the store, the worker and the CLI; `codec.ts` turns it into a link, `file.ts` into a file.
 */

/** The format of links (`#v1=…`) and session files (`"version": 1`). A new format gets a new number; v1 keeps opening. */
export const SESSION_VERSION = 1;

export type InputOrigin = 'scenario' | 'paste' | 'file' | 'folder' | 'zip';
export const INPUT_ORIGINS: readonly InputOrigin[] = ['scenario', 'paste', 'file', 'folder', 'zip'];

/** A built-in scenario's file, referred to by id instead of copied; `hash` tells whether the scenario changed since. */
export interface ScenarioRef { id: string; file: number; hash: string }

/** The lines an evidence-only link keeps: `lines` lists their numbers ("1-5,88,90-91"), `text` holds them in order. */
export interface SparseText { lines: string; text: string }

/** One input. Exactly one of `text`, `scenario` and `sparse` holds its content. */
export interface SessionInput {
  path: string;
  origin: InputOrigin;
  node?: string;
  pod?: string;
  text?: string;
  scenario?: ScenarioRef;
  sparse?: SparseText;
}

export const TRACE_PROTOS = ['tcp', 'udp', 'icmp'] as const;
export interface SessionTrace { from: string; to: string; port?: number; proto?: (typeof TRACE_PROTOS)[number]; established?: boolean }

/**
 * What the view fields may hold, by kind. A field is one line of VIEW_FIELDS: its name in the store and its kind;
 * the store wiring reads and restores exactly these (src/state/session.ts), the decoder checks each against its kind.
 */
export type ViewFieldKind = 'string?' | 'strings' | 'boolean' | 'count' | 'count?' | readonly string[];
export const VIEW_FIELDS = {
  view: ['topology', 'chains'],
  chainsHost: 'string?',
  selected: 'string?',
  expandedNodes: 'strings',
  expandedFamilies: 'strings',
  groupByNamespace: 'boolean',
  branch: 'count',
  /** The packet marker's step on the path (null: no marker). */
  pathStep: 'count?',
} as const satisfies Record<string, ViewFieldKind>;
export type ViewValue = string | null | string[] | boolean | number;
export type SessionView = Partial<Record<keyof typeof VIEW_FIELDS, ViewValue>>;

/** What an evidence-only session must still answer: the verdict and hop count of the trace it was cut for. */
export interface EvidenceNote { verdict: string; hops: number; branches: number; level: string }

export interface Session {
  /** The built-in scenario picked in the header, if the inputs are that scenario's. */
  scenario: string | null;
  inputs: SessionInput[];
  view: SessionView;
  trace: SessionTrace | null;
  /** node name → `<plugin>+<policy>` (e.g. `azure-cni-overlay+calico`): the what-if mode of that node. */
  whatIf: Record<string, string>;
  /** Set when the inputs were cut down to the evidence of one trace. */
  evidence?: EvidenceNote;
  /** Set when the inputs were redacted before sharing. */
  redacted?: boolean;
}

export const emptySession = (): Session => ({ scenario: null, inputs: [], view: {}, trace: null, whatIf: {} });
