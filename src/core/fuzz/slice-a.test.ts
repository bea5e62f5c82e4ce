import { describe } from 'vitest';
import { sliceHalf } from './slice.ts';

describe('fuzz slice, first half', () => sliceHalf(0));
