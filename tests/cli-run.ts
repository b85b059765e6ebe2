import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './helpers.js';

export const CLI = join(repoRoot, 'dist', 'electron', 'cli.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the real `pantau` command as a user would, with its own environment. */
export function pantau(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, PANTAU_DB: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export async function pantauJson<T = Record<string, unknown>>(args: string[], env?: NodeJS.ProcessEnv): Promise<{ code: number | null; json: T; stderr: string }> {
  // Before a `--`, after which it would be part of a query.
  const end = args.indexOf('--');
  const r = await pantau(end < 0 ? [...args, '--json'] : [...args.slice(0, end), '--json', ...args.slice(end)], env);
  try {
    return { code: r.code, json: JSON.parse(r.stdout) as T, stderr: r.stderr };
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
  }
}
