/** The built-in scenarios for the CLI: the catalog's files read from src/scenarios (the page bundles them instead). */
import { readFileSync } from 'node:fs';
import { SCENARIO_CATALOG } from '../scenarios/catalog.ts';
import type { ScenarioSource } from '../core/session/inputs.ts';

let cache: ScenarioSource[] | null = null;

export function builtinScenarios(): ScenarioSource[] {
  cache ??= SCENARIO_CATALOG.map((s) => ({ id: s.id, title: s.title,
    files: s.files.map((path) => ({ path, text: readFileSync(new URL(`../scenarios/${path}`, import.meta.url), 'utf8') })) }));
  return cache;
}
