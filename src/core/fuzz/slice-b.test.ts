import { describe } from 'vitest';
import { sliceHalf } from './slice.ts';

describe('fuzz slice, second half', () => sliceHalf(1));
