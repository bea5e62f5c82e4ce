/**
 * Pastes as people make them (issue #16's classes): each fixture under fixtures/pastes is a text (or a folder of files
 * dropped together) in the shape of a real public paste or a kernel capture, with what it must read as. Its
 * `.expect.json` names the class, the origin of its shape, and the parts of the model digest it pins (see digest.ts).
 */
import { describe, expect, it } from 'vitest';
import { loadPastes, readPaste } from './pastes.ts';

const pastes = loadPastes();

describe('pastes', () => {
  it('has fixtures for every class of issue #16, real-shaped and kernel-captured', () => {
    expect([...new Set(pastes.map((p) => p.class))].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(pastes.filter((p) => p.origin.startsWith('kernel capture')).length).toBeGreaterThanOrEqual(5);
  });

  it.each(pastes.map((p) => [p.name, p] as const))('%s reads as its fixture says', (_name, p) => {
    expect(readPaste(p)).toEqual([]);
  });
});
