import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { repoRoot } from './helpers.js';

/*
 * The release workflow (GitHub Actions) cannot run here; this reads it as data: what starts it, the
 * jobs and their steps, the runners, the permissions, and where its secrets come from.
 */

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  shell?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  'runs-on': string;
  container?: string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  strategy?: { matrix: { os: string[] } };
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const FILE = join(repoRoot, '.github', 'workflows', 'release.yml');
const text = readFileSync(FILE, 'utf8');
const workflow = parse(text) as Workflow;
const SIGNING = ['CSC_LINK', 'CSC_KEY_PASSWORD', 'WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'];

const job = (name: string): Job => {
  const found = workflow.jobs[name];
  assert.ok(found, `a job named ${name}`);
  return found;
};
const runs = (j: Job): string[] => j.steps.flatMap((s) => (s.run ?? '').split('\n').map((l) => l.trim())).filter(Boolean);
const uses = (j: Job, action: string): Step | undefined => j.steps.find((s) => s.uses?.split('@')[0] === action);

/** What is wrong in a workflow's handling of secrets: an empty list when nothing is. */
function secretProblems(source: string, flow: Workflow): string[] {
  const problems: string[] = [];
  for (const [, expression] of source.matchAll(/\$\{\{([^}]*)\}\}/g)) {
    if (/secrets/.test(expression!) && !/^\s*secrets\.[A-Z][A-Z0-9_]*\s*$/.test(expression!)) problems.push(`a secret used in an expression: \${{${expression}}}`);
  }
  const literal = [
    [/-----BEGIN [A-Z ]+-----/, 'a PEM block'],
    [/\b(?:ghp|gho|ghs|github_pat)_[A-Za-z0-9_]{20,}/, 'a GitHub token'],
    [/[A-Za-z0-9+/]{60,}={0,2}/, 'a base64 blob'],
  ] as const;
  for (const [pattern, what] of literal) if (pattern.test(source)) problems.push(`${what} written into the workflow`);
  // Secrets only in the steps that need them: never where npm ci's install scripts could read them.
  for (const env of [flow.env, ...Object.values(flow.jobs).map((j) => j.env)]) {
    for (const [name, value] of Object.entries(env ?? {})) if (/secrets\./.test(value)) problems.push(`${name}: a secret in a workflow's or job's env`);
  }
  for (const j of Object.values(flow.jobs)) {
    for (const step of j.steps) {
      for (const [name, value] of Object.entries(step.env ?? {})) {
        if (SIGNING.includes(name) && value !== `\${{ secrets.${name} }}`) problems.push(`${name} is not read from the secret store: ${value}`);
        if (/secrets\./.test(value) && step.run && new RegExp(`\\b(?:echo|printf)\\b[^\\n]*\\$\\{?${name}\\b`).test(step.run)) problems.push(`${name} is printed`);
      }
    }
  }
  return problems;
}

test('a version tag starts the release, and nothing else does', () => {
  assert.deepEqual(Object.keys(workflow.on), ['push']);
  assert.deepEqual(workflow.on.push, { tags: ['v*'] });
});

test('the tests run first on Linux with npm ci and npm test, with the system packages .ci/run installs', () => {
  const tests = job('test');
  assert.match(tests['runs-on'], /^ubuntu-/);
  assert.ok(tests.steps.some((s) => s.uses?.startsWith('actions/checkout@')));
  const lines = runs(tests);
  assert.ok(lines.includes('npm ci') && lines.includes('npm test'), lines.join('\n'));
  assert.ok(lines.indexOf('npm ci') < lines.indexOf('npm test'));
  const wanted = [...readFileSync(join(repoRoot, '.ci', 'run'), 'utf8').matchAll(/missing\+=\(([^)]+)\)/g)].map((m) => m[1]!);
  assert.ok(wanted.includes('chromium') && wanted.includes('libreoffice-calc-nogui'), `.ci/run installs ${wanted.join(', ')}`);
  const install = lines.find((l) => l.startsWith('apt-get install')) ?? '';
  assert.deepEqual(wanted.filter((p) => !install.split(/\s+/).includes(p)), [], install);
});

test('the installers are built with npm run dist on Linux, Windows and macOS runners, Node 22, after the tests', () => {
  const build = job('build');
  assert.equal(build.needs, 'test');
  assert.equal(build['runs-on'], '${{ matrix.os }}');
  const os = build.strategy?.matrix.os ?? [];
  for (const family of ['ubuntu-', 'windows-', 'macos-']) assert.ok(os.some((o) => o.startsWith(family)), `${family} in ${os.join(', ')}`);
  assert.equal(String(uses(build, 'actions/setup-node')?.with?.['node-version']), '22');
  const lines = runs(build);
  assert.ok(lines.includes('npm ci') && lines.includes('npm run dist'), lines.join('\n'));
  assert.ok(lines.indexOf('npm ci') < lines.indexOf('npm run dist'));
  const upload = uses(build, 'actions/upload-artifact');
  assert.match(String(upload?.with?.path), /dist\/installers\/\*\.AppImage[\s\S]*\.deb[\s\S]*\.exe[\s\S]*\.dmg/);
});

test('the installers go to a draft release; only that job may write to the repository', () => {
  const release = job('release');
  assert.equal(release.needs, 'build');
  const action = uses(release, 'softprops/action-gh-release');
  assert.equal(action?.with?.draft, true);
  assert.ok(uses(release, 'actions/download-artifact'));
  assert.deepEqual(workflow.permissions, { contents: 'read' });
  assert.deepEqual(release.permissions, { contents: 'write' });
  for (const [name, j] of Object.entries(workflow.jobs)) if (name !== 'release') assert.equal(j.permissions, undefined, `${name} keeps the read-only default`);
  assert.doesNotMatch(text, /write-all/);
});

test('every action is pinned to a major version or a commit', () => {
  const all = Object.values(workflow.jobs).flatMap((j) => j.steps.map((s) => s.uses).filter((u): u is string => u !== undefined));
  assert.ok(all.length >= 6);
  for (const action of all) assert.match(action, /^[\w.-]+\/[\w.-]+@(?:v\d+(?:\.\d+){0,2}|[0-9a-f]{40})$/, action);
});

test('signing and notarisation read their secrets from the secret store, and say so when they are absent', () => {
  assert.deepEqual(secretProblems(text, workflow), []);
  const build = job('build');
  const named = new Set(build.steps.flatMap((s) => Object.keys(s.env ?? {})));
  assert.deepEqual(SIGNING.filter((name) => !named.has(name)), [], 'every signing secret reaches the build');
  // Each system's build step has its own secrets only, and turns signing off, saying so, without them.
  const stepOf = (os: string): Step => {
    const step = build.steps.find((s) => s.if === `runner.os == '${os}'` && s.run?.includes('npm run dist'));
    assert.ok(step?.run, `a build step for ${os}`);
    return step;
  };
  assert.deepEqual(Object.keys(stepOf('Linux').env ?? {}), [], 'no secret reaches the Linux build');
  assert.deepEqual(Object.keys(stepOf('macOS').env ?? {}).sort(), ['APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_ID', 'APPLE_TEAM_ID', 'CSC_KEY_PASSWORD', 'CSC_LINK']);
  assert.deepEqual(Object.keys(stepOf('Windows').env ?? {}).sort(), ['WIN_CSC_KEY_PASSWORD', 'WIN_CSC_LINK']);
  for (const [os, notice] of [['macOS', /::notice::No macOS signing certificate/], ['Windows', /::notice::No Windows signing certificate/]] as const) {
    assert.match(stepOf(os).run!, notice);
    assert.match(stepOf(os).run!, /CSC_IDENTITY_AUTO_DISCOVERY=false/);
  }
  for (const step of build.steps) if (step.env && Object.keys(step.env).length > 0) assert.ok(step.if, `${step.name}: secrets only in a step for one system`);
  // The checker sees a secret written in, one used in an expression, one in a job's env, and one printed.
  const leaky = text
    .replace('CSC_KEY_PASSWORD: ${{ secrets.CSC_KEY_PASSWORD }}', 'CSC_KEY_PASSWORD: hunter2')
    .replace('${{ secrets.APPLE_ID }}', "${{ secrets.APPLE_ID || 'me@example.org' }}")
    .replace('fi\n          npm run dist', 'fi\n          echo "$CSC_LINK"\n          npm run dist');
  const leakyFlow = parse(leaky) as Workflow;
  leakyFlow.jobs.build!.env = { GH_TOKEN: '${{ secrets.GITHUB_TOKEN }}' };
  const found = secretProblems(`${leaky}\n# MIIKXwIBAzCCCiUGCSqGSIb3DQEHAaCCChYEggoSMIIKDjCCBHoGCSqGSIb3DQEHBqCCBGswggRn\n`, leakyFlow);
  for (const expected of [/CSC_KEY_PASSWORD is not read/, /a secret used in an expression/, /GH_TOKEN: a secret in a workflow's or job's env/, /CSC_LINK is printed/, /a base64 blob/]) {
    assert.ok(found.some((p) => expected.test(p)), `${expected} in ${found.join('; ')}`);
  }
});
