/**
 * Pastes as people make them (issue #16's classes): each fixture under fixtures/pastes is a text (or a folder of files
 * dropped together) in the shape of a real public paste or a kernel capture, with what it must read as. Its
 * `.expect.json` names the class, the origin of its shape, and the parts of the model digest it pins (see digest.ts).
 */
import { describe, expect, it } from 'vitest';
import { loadPastes, readPaste } from './pastes.ts';

const pastes = loadPastes();

describe('pastes', () => {
  it.each(pastes.map((p) => [p.name, p] as const))('%s reads as its fixture says', (_name, p) => {
    expect(readPaste(p)).toEqual([]);
  });
});
