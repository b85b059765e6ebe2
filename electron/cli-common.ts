import { type Command, InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import type { UpgradeProgress } from './api.js';
import { Workbench, WorkbenchError } from './service.js';

/* What every `pantau` command shares: output, argument parsing, opening the archive, progress bars. */

export interface GlobalOptions {
  db?: string;
}

/**
 * Ctrl-C asks long work to stop, saying `message` on standard error; a second Ctrl-C quits at once.
 * `release` removes the handler when the work is over.
 */
export function stopOnSigint(message: string): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write(`\n${message} (press Ctrl-C again to quit now)…\n`);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, release: () => process.off('SIGINT', onSigint) };
}

export const out = (s: string): void => {
  process.stdout.write(`${s}\n`);
};
export const printJson = (value: unknown): void => out(JSON.stringify(value, null, 2));

export function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expects a positive number');
  return n;
}

export function parseId(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('expects an article id (a positive whole number)');
  return Number(value);
}

/**
 * Words of a query, which may start with `-term` (commander passes unknown options through).
 * A word starting with `--` is never a query term: it is an option typed after `--` or misspelt,
 * and taking it as text would search (or save a search) for something the user did not mean,
 * possibly in an archive they did not name.
 */
export function queryOf(words: string[]): string {
  const option = words.find((w) => w.startsWith('--'));
  if (option !== undefined) {
    throw new WorkbenchError('invalid_request', `"${option}" looks like an option, not part of a query; put options before the query and before any "--"`);
  }
  return words.join(' ');
}

/** Opens the archive a command names, showing a progress bar while an older archive is backed up and upgraded. */
export async function openArchive(cmd: Command, options: { create?: boolean } = {}): Promise<Workbench> {
  const bar = progressBar<UpgradeProgress>((p) => ({
    label: p.phase === 'backup' ? 'Backing up ' : 'Upgrading ',
    value: p.done,
    total: p.total,
    unit: p.phase === 'backup' ? 'pages' : 'articles',
  }));
  let told = false;
  try {
    return await Workbench.open(cmd.optsWithGlobals<GlobalOptions>().db, {
      ...options,
      onUpgrade: (p) => {
        if (!told) {
          process.stderr.write(`This archive was made by an older Pantau; upgrading it. A copy of it as it was is kept at ${p.backup}\n`);
          told = true;
        }
        bar.update(p);
      },
    });
  } finally {
    bar.stop();
  }
}

/** One request to the archive, printed as JSON or as text for a person. */
export async function show<T>(cmd: Command, json: boolean | undefined, request: (wb: Workbench) => T | Promise<T>, printText: (value: T) => void): Promise<T> {
  const wb = await openArchive(cmd);
  let value: T;
  try {
    value = await request(wb);
  } finally {
    wb.close();
  }
  if (json) printJson(value);
  else printText(value);
  return value;
}

export const formatCount = (n: number): string => n.toLocaleString('en-US');

/** Time left at the pace so far, or a dash until there is a pace to go by. */
export function eta(startedAt: number, done: number, total: number): string {
  const elapsed = (Date.now() - startedAt) / 1000;
  if (done <= 0 || total <= done || elapsed < 1) return done >= total && total > 0 ? '0s' : '—';
  const left = Math.round((elapsed / done) * (total - done));
  return left >= 3600 ? `${Math.floor(left / 3600)}h${String(Math.floor((left % 3600) / 60)).padStart(2, '0')}m` : left >= 60 ? `${Math.floor(left / 60)}m${String(left % 60).padStart(2, '0')}s` : `${left}s`;
}

interface BarState {
  label: string;
  value: number;
  total: number;
  unit: string;
  detail?: string;
}

/** A progress bar on standard error when it is a terminal; `view` says what an event shows. */
export function progressBar<P>(view: (progress: P) => BarState): { update: (p: P) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: '{label} [{bar}] {percentage}% | {value}/{total} {unit}{detail} | ETA {left}',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let startedAt = Date.now();
  return {
    update(p) {
      const v = view(p);
      const payload = { label: v.label, unit: v.unit, detail: v.detail ?? '', left: eta(startedAt, v.value, v.total) };
      if (!started) {
        startedAt = Date.now();
        bar.start(Math.max(v.total, 1), v.value, payload);
        started = true;
      }
      bar.setTotal(Math.max(v.total, 1));
      bar.update(v.value, payload);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

