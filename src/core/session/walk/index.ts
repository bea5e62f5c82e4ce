/**
 * Workshop walks (issue #15, phase 1): the walk file format and its parser, the runner that traces a walk's
 * flows, the walk in play (steps, the packet before and after each, notes, mode flips), checkpoints and their
 * score, and the walk's permalink keys. README "Walks" documents the format.
 */
export * from './types.ts';
export { parseWalk, modeProblem, type ParseOptions, type ParsedWalk } from './parse.ts';
export { runWalk, walkInputs, flowRequest, expandModes, type FlowRun, type WalkRun, type WhatIf, type RunOptions, type ScenarioFiles } from './run.ts';
export { playWalk, type PlayStep, type WalkPlay, type PlayNote, type Fork } from './play.ts';
export { packetSteps, playTrace, headerText, ruleParts, type PacketStep, type PacketView, type Decision, type Header, type Change } from './packet.ts';
export { buildCheckpoint, inferPredict, answerCheckpoint, scoreWalk, type PlayCheckpoint, type Choice, type Answered, type Score } from './checkpoint.ts';
export { findStep, matchAll, describeMatcher, type Found } from './match.ts';
export { findEvidence } from './evidence.ts';
export { readWalkLink, walkLinkParams, clampStep, type WalkLink } from './link.ts';
