/**
 * Command-line arguments on `node:util` parseArgs, strict: an unknown command, option or value is a usage error
 * (exit code 2) that lists the valid ones, never a silently ignored word.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export class UsageError extends Error {}

export interface Parsed { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] }

/** Parses `args` against `options`; unknown options become a UsageError naming the valid ones. */
export function parseCommand(command: string, args: string[], options: OptionSpec): Parsed {
  try {
    const { values, positionals } = parseArgs({ args, options, strict: true, allowPositionals: true });
    return { values: values as Parsed['values'], positionals };
  } catch (err) {
    const valid = Object.entries(options).map(([name, o]) => `--${name}${o.type === 'string' ? ' <value>' : ''}`).join(', ');
    const why = (err as Error).message.split('\n')[0]?.replace(/\. To specify a positional argument.*$/, '') ?? 'bad arguments';
    throw new UsageError(`${command}: ${why}${valid ? `; valid options: ${valid}` : '; it takes no options'}`);
  }
}

/** A value from a fixed list, or a UsageError that lists the list. */
export function oneOf<T extends string>(option: string, value: string | undefined, valid: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((valid as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${option} ${value}: not one of ${valid.join(', ')}`);
}

/** A TCP/UDP port, or a UsageError. */
export function portOf(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535) throw new UsageError(`--${option} ${value}: not a port number (1-65535)`);
  return n;
}
