/**
 * The mode bar: per node, the mode detected from its capture (with the evidence, each fact linked to its line) and
 * toggles for the plugin and the policy engine. Choosing another mode rewires that node as a what-if, redraws it and
 * re-runs the trace on screen; the split view shows captured and what-if side by side. The what-if's report follows:
 * re-addressed pods, an Azure limit the what-if breaks, what it could not settle.
 */
import { useState } from 'react';
import { useApp, setApp } from '../../state/store.ts';
import { setAllNodesMode, setNodeMode } from '../../state/actions.ts';
import { PLUGINS, SUPPORTED, isPlugin, isPolicy, type PluginId, type PolicyId } from '../../core/profiles/ids.ts';
import { modeLabel, nodeModeLabel } from '../../core/profiles/labels.ts';
import type { HostSummary } from '../../workers/protocol.ts';

/** The mode a node is shown as: its what-if, else what was detected (when PacketPath models it). */
function shownMode(h: HostSummary, whatIf: Record<string, string>): { plugin: PluginId | ''; policy: PolicyId | '' } {
  const [p, q] = (whatIf[h.name] ?? `${h.mode?.plugin ?? ''}+${h.mode?.policy ?? ''}`).split('+');
  return { plugin: p && isPlugin(p) ? p : '', policy: q && isPolicy(q) ? q : '' };
}

function Evidence({ h }: { h: HostSummary }) {
  const m = h.mode;
  if (!m) return <p className="muted">no evidence in the inputs</p>;
  return (
    <div className="space-y-1" data-testid="modebar.evidence">
      {m.detected.map((d) => (
        <div key={d.mode}>
          <div className="font-medium">{modeLabel(d.mode)} <span className="muted">({d.score})</span></div>
          <ul className="ml-2 font-mono">
            {d.evidence.map((e, i) => (
              <li key={i} className="break-all">{e.fact.replace(`${h.name}: `, '')}
                {e.source && e.source.line > 0 && (
                  <button type="button" className="ml-1 muted hover:underline" onClick={() => setApp({ showLine: { input: e.source?.input ?? '', line: e.source?.line ?? 0 } })}>[{e.source.input}:{e.source.line}]</button>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {(m.notes ?? []).map((n) => <p key={n} className="text-[var(--warn)]">{n}</p>)}
    </div>
  );
}

function NodeModes({ h }: { h: HostSummary }) {
  const { whatIf } = useApp();
  const [open, setOpen] = useState(false);
  const shown = shownMode(h, whatIf);
  const detected = h.mode ? nodeModeLabel(h.mode.plugin, h.mode.policy) : 'unknown';
  const active = !!whatIf[h.name];
  const choose = (plugin: PluginId, policy: PolicyId | '') => {
    const q = policy && SUPPORTED[plugin].includes(policy) ? policy : (SUPPORTED[plugin][0] as PolicyId);
    const mode = `${plugin}+${q}`;
    void setNodeMode(h.name, mode === `${h.mode?.plugin}+${h.mode?.policy}` ? null : mode);
  };
  return (
    <div data-testid="modebar.node" data-node={h.name} data-what-if={active ? 'true' : 'false'}
      className={`relative flex flex-wrap items-center gap-1 rounded border px-2 py-0.5 ${active ? 'border-[var(--whatif)] bg-[var(--whatif)]/10' : 'border-[var(--border)]'}`}>
      <span className="font-medium">{h.name}</span>
      <button type="button" data-testid="modebar.detected" className="rounded bg-indigo-700 text-white px-1.5 text-[11px]" aria-expanded={open}
        title="the mode detected from this node's capture: click for the evidence" onClick={() => setOpen(!open)}>captured: {detected}</button>
      <label className="flex items-center gap-1"><span className="muted">plugin</span>
        <select data-testid="modebar.plugin" className="field" value={shown.plugin} onChange={(e) => { if (isPlugin(e.target.value)) choose(e.target.value, shown.policy); }}>
          {!shown.plugin && <option value="">{h.mode ? modeLabel(h.mode.plugin) : 'unknown'}</option>}
          {PLUGINS.map((p) => <option key={p} value={p}>{modeLabel(p)}</option>)}
        </select>
      </label>
      <label className="flex items-center gap-1"><span className="muted">policy</span>
        <select data-testid="modebar.policy" className="field" value={shown.policy} disabled={!shown.plugin}
          onChange={(e) => { if (shown.plugin && isPolicy(e.target.value)) choose(shown.plugin, e.target.value); }}>
          {!shown.policy && <option value="">{h.mode ? modeLabel(h.mode.policy) : 'unknown'}</option>}
          {(shown.plugin ? SUPPORTED[shown.plugin] : []).map((q) => <option key={q} value={q}>{modeLabel(q)}</option>)}
        </select>
      </label>
      {active && (
        <>
          <span data-testid="modebar.what-if" className="rounded bg-[var(--whatif)] text-white px-1.5 text-[11px]">what-if</span>
          <button type="button" data-testid="modebar.reset" className="btn" onClick={() => void setNodeMode(h.name, null)}>as captured</button>
        </>
      )}
      {open && (
        <div className="absolute z-30 top-full left-0 mt-1 panel p-2 w-[32rem] max-h-80 overflow-auto shadow-lg">
          <div className="flex justify-between mb-1"><b>why {detected}</b><button type="button" className="btn" onClick={() => setOpen(false)}>Close</button></div>
          <Evidence h={h} />
        </div>
      )}
    </div>
  );
}

export function ModeBar() {
  const { summary, whatIf, whatIfReport, whatIfError, split, whatIfMs } = useApp();
  if (!summary?.hosts.length) return null;
  const active = Object.keys(whatIf).length > 0;
  const problems = [...(whatIfReport?.limits.filter((l) => !l.ok).map((l) => l.text) ?? [])];
  const notes = (whatIfReport?.warnings ?? []).filter((w) => !problems.includes(w));
  return (
    <section aria-label="network modes" data-testid="modebar" className="px-3 py-1 border-b border-[var(--border)] text-xs space-y-1">
      <div className="flex flex-wrap items-center gap-2">
        <b>Modes</b>
        {summary.hosts.map((h) => <NodeModes key={h.name} h={h} />)}
        {summary.hosts.length > 1 && (
          <label className="flex items-center gap-1"><span className="muted">all nodes</span>
            <select data-testid="modebar.all" className="field" value="" onChange={(e) => void setAllNodesMode(e.target.value || null)}>
              <option value="">choose…</option>
              {PLUGINS.flatMap((p) => SUPPORTED[p].map((q) => <option key={`${p}+${q}`} value={`${p}+${q}`}>{nodeModeLabel(p, q)}</option>))}
            </select>
          </label>
        )}
        <label className="flex items-center gap-1" title="the capture and the what-if side by side, the same flow traced in both">
          <input type="checkbox" data-testid="modebar.split" checked={split} disabled={!active} onChange={(e) => setApp({ split: e.target.checked })} /> split view
        </label>
        {active && <button type="button" data-testid="modebar.reset-all" className="btn" onClick={() => void setAllNodesMode(null)}>all as captured</button>}
        {active && whatIfMs !== null && <span className="muted" data-testid="modebar.ms">what-if built in {Math.round(whatIfMs)} ms</span>}
      </div>
      {whatIfError && <p className="text-[var(--danger)]" data-testid="modebar.error">{whatIfError}</p>}
      {problems.map((p) => <p key={p} className="text-[var(--danger)] font-medium" data-testid="modebar.limit">⚠ {p}</p>)}
      {active && whatIfReport && (whatIfReport.mapping.length > 0 || notes.length > 0) && (
        <details data-testid="modebar.report">
          <summary className="cursor-pointer">
            what-if: {whatIfReport.mapping.length} pod(s) re-addressed{notes.length ? `, ${notes.length} note(s)` : ''}
          </summary>
          {whatIfReport.mapping.length > 0 && (
            <table className="font-mono" data-testid="modebar.mapping">
              <tbody>{whatIfReport.mapping.map((m) => <tr key={m.pod}><td className="pr-2">{m.pod}</td><td className="pr-2 muted">{m.node}</td><td>{m.from} → {m.to}</td></tr>)}</tbody>
            </table>
          )}
          <ul>{notes.map((n) => <li key={n} className="text-[var(--warn)]">{n}</li>)}</ul>
        </details>
      )}
    </section>
  );
}
