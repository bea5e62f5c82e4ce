/**
 * Developer tool: what the model makes of every corpus file, in the figures issue #16 names — tables holding a chain
 * named "", built-in chains in a table that has none of that name, NAT targets outside nat — and how many nodes.
 * Pass another checkout's root to count there (the closing note's before and after).
 *
 *   node --import tsx scripts/corpus-model-report.ts [ROOT]
 */
import { readFileSync } from 'node:fs';

const root = process.argv[2] ?? new URL('..', import.meta.url).pathname;
const { runPipeline } = await import(`${root}/src/core/pipeline.ts`);
const dir = `${root}/src/core/ingest/fixtures/corpus/`;
const rows = readFileSync(`${dir}INDEX.tsv`, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')[0] as string);
let emptyChain = 0;
let impossible = 0;
let threw = 0;
let nodes = 0;
let files = 0;
let filterOnlyNat = 0;
const BUILT: Record<string, string[]> = { filter: ['INPUT', 'FORWARD', 'OUTPUT'], nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'], mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'], raw: ['PREROUTING', 'OUTPUT'] };
for (const f of rows) {
  files++;
  let s;
  try { s = runPipeline([{ path: f, text: readFileSync(dir + f, 'utf8') }]).snapshot; } catch { threw++; continue; }
  nodes += s.hosts.length;
  for (const h of s.hosts) for (const [t, table] of Object.entries(h.iptables) as [string, { chains: Map<string, { rules: { target?: { name: string } }[] }> }][]) {
    if (table.chains.has('')) emptyChain++;
    for (const [name, c] of table.chains) {
      if (['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'].includes(name) && !(BUILT[t] ?? []).includes(name)) impossible++;
      if (t !== 'nat' && c.rules.some((r) => ['DNAT', 'SNAT', 'MASQUERADE'].includes(r.target?.name ?? ''))) filterOnlyNat++;
    }
  }
}
console.log(JSON.stringify({ files, threw, nodes, tablesWithChainNamedEmpty: emptyChain, builtinChainsInATableWithoutThem: impossible, natTargetsOutsideNat: filterOnlyNat }));
