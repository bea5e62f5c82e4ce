/** Small pieces the Share panel and the redaction preview both use. */
import { useState } from 'react';

export { formatSize as size } from '../../core/session/codec.ts';

/** Copies to the clipboard, or selects the field so the user can (a page may be refused the clipboard). */
export function CopyButton({ text, field, testId }: { text: string; field?: React.RefObject<HTMLInputElement | null>; testId: string }) {
  const [done, setDone] = useState(false);
  const copy = async () => {
    try { await navigator.clipboard.writeText(text); setDone(true); } catch { field?.current?.select(); }
    setTimeout(() => setDone(false), 1500);
  };
  return <button type="button" className="btn shrink-0" data-testid={testId} onClick={() => void copy()}>{done ? 'Copied' : 'Copy'}</button>;
}
