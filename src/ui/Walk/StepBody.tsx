/** What one step of a walk says: the opening, a talk, a mode flip, a flow's card, the packet with its notes, the verdict, the questions. */
import type { PlayStep, Question } from '../../core/session/walk/index.ts';
import type { WalkOnPage } from '../../state/store.ts';
import { currentStep } from '../../state/walk.ts';
import { CheckpointView, Evidence } from './Checkpoint.tsx';
import { PacketCard } from './PacketCard.tsx';

const VERDICT_STYLE: Record<string, string> = { delivered: 'bg-green-700', dropped: 'bg-red-700', 'no-route': 'bg-orange-700', unknown: 'bg-slate-600' };

function Questions({ walk, questions, large }: { walk: WalkOnPage; questions: Question[]; large: boolean }) {
  return (
    <ol className="space-y-2 list-decimal ml-5" data-testid="walk.questions">
      {questions.map((q) => {
        const cp = walk.play.checkpoints.find((c) => c.id === q.id && c.predict === 'question');
        return (
          <li key={q.id}>
            {cp ? <CheckpointView cp={cp} chosen={walk.answers[cp.id]} revealed={walk.revealed.includes(cp.id)} large={large} />
              : <><p>{q.ask}</p>{q.why && <details className="muted"><summary>discussion</summary>{q.why}</details>}</>}
          </li>
        );
      })}
    </ol>
  );
}

export function StepBody({ walk, large = false }: { walk: WalkOnPage; large?: boolean }) {
  const { step, asking } = currentStep(walk);
  const text = large ? 'text-lg' : 'text-sm';
  const body = (s: PlayStep) => {
    switch (s.kind) {
      case 'intro':
        return (
          <div className={`space-y-2 ${text}`}>
            {s.summary && <p>{s.summary}</p>}
            <div className="font-medium">You will understand:</div>
            <ul className="list-disc ml-5 space-y-1">{s.goals.map((g, i) => <li key={i}>{g}</li>)}</ul>
            {s.minutes && <p className="muted">About {s.minutes} minutes · {walk.play.steps.length} steps · {walk.play.checkpoints.length} checkpoints</p>}
          </div>
        );
      case 'talk':
        return (
          <div className={`space-y-2 ${text}`}>
            <div className="font-medium">{s.title}</div>
            <p className="whitespace-pre-line">{s.text}</p>
            <Evidence refs={s.evidence} large={large} />
            {s.questions.length > 0 && <Questions walk={walk} questions={s.questions} large={large} />}
          </div>
        );
      case 'mode':
        return (
          <div className={`space-y-1 ${text}`} data-testid="walk.mode">
            <p>{s.caption}</p>
            <ul className="font-mono text-xs">{s.changes.map((c) => <li key={c.node}>{c.node}: {c.from ?? 'as captured'} → <b>{c.to ?? 'as captured'}</b></li>)}</ul>
            <p className="muted text-xs">The mode bar shows the node as this mode would wire it; what the capture does not hold is marked what-if.</p>
          </div>
        );
      case 'flow':
        return (
          <div className={`space-y-1 ${text}`}>
            <div className="font-medium">{s.title}</div>
            {s.request && <div className="font-mono text-xs">{s.request.from} → {s.request.to}{s.request.port ? `:${s.request.port}` : ''}{s.request.proto ? `/${s.request.proto}` : ''}{s.request.ctstate ? ' (established)' : ''}</div>}
            {s.intro && <p>{s.intro}</p>}
          </div>
        );
      case 'packet': {
        const cp = s.checkpoint ? walk.play.checkpoints.find((c) => c.id === s.checkpoint) : undefined;
        return (
          <div className="space-y-2">
            {cp && <CheckpointView cp={cp} chosen={walk.answers[cp.id]} revealed={walk.revealed.includes(cp.id)} large={large} />}
            {!asking && (
              <>
                {s.notes.map((n, i) => <div key={i} className={`space-y-1 ${text}`} data-testid="walk.note"><p>{n.text}</p><Evidence refs={n.evidence} large={large} /></div>)}
                {!s.notes.length && <p className={`${text} muted`}>{s.packet.step.detail}</p>}
                {s.fork && (
                  <div className="text-xs" data-testid="walk.fork">The trace forks here: {s.fork.branches.map((b) => `${b.played ? '▸ ' : ''}${b.n}: ${b.verdict}${b.to ? ` to ${b.to}` : ''} (${Math.round(b.probability * 100)}%${b.uncertain ? ', assumed' : ''})`).join(' · ')}</div>
                )}
                <PacketCard packet={s.packet} large={large} />
              </>
            )}
          </div>
        );
      }
      case 'verdict':
        return (
          <div className={`space-y-2 ${text}`}>
            <span className={`rounded px-2 py-0.5 text-white ${VERDICT_STYLE[s.verdict] ?? ''}`} data-testid="walk.verdict">{s.verdict}</span>
            <p>{s.caption}</p>
            {!s.ok && s.expected && <p className="text-[var(--danger)]">The walk expected {s.expected.verdict}: the inputs have changed since it was written.</p>}
          </div>
        );
      case 'pending':
        return <p className={`${text} text-[var(--warn)]`}>This flow cannot be shown: {s.reason}</p>;
      case 'questions':
        return <div className={text}><div className="font-medium mb-1">Questions for the room</div><Questions walk={walk} questions={s.questions} large={large} /></div>;
    }
  };
  return <div data-testid="walk.body" data-kind={step.kind}>{body(step)}</div>;
}
