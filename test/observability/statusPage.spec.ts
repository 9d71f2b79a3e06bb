import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

import type { RunningProcess } from '../helpers/nodeProcess.js';
import { startNode } from '../helpers/nodeProcess.js';
import { ReplicaProcess } from '../ha/harness/ReplicaProcess.js';
import { fetchText, spindleBin, writeClientContext } from './helpers.js';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The member rows of pool `pool` on the page, as [description, state]. */
async function memberRows(page: Page): Promise<[string, string][]> {
  return page.$$eval(
    'section[data-pool="pool"] tr[data-member]',
    (rows: { getAttribute(name: string): string | null }[]) =>
      rows.map((row): [string, string] => [
        row.getAttribute('data-member') ?? '',
        row.getAttribute('data-state') ?? '',
      ]),
  );
}

describe('observability: the status page in a real headless Chromium', function () {
  this.timeout(120_000);
  let dir: string;
  let userDataDir: string;
  const replicas: ReplicaProcess[] = [];
  let client: RunningProcess | undefined;
  let browser: BrowserContext | undefined;
  let statusUrl: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'spindle-status-'));
    userDataDir = mkdtempSync(join(tmpdir(), 'spindle-chromium-'));
    for (let i = 0; i < 3; i++) replicas.push(new ReplicaProcess({ replica: i, dir }));
    await Promise.all(replicas.map((replica) => replica.start()));
    const context = writeClientContext(
      dir,
      replicas.map((replica) => replica.url),
      { intervalMs: 100, faultEvery: 0 },
    );
    client = startNode([spindleBin, 'run', context, '--status', '127.0.0.1:0', '--log-level', 'warn']);
    await client.waitFor(/status page at (http:\S+)/, 30_000);
    statusUrl = /status page at (http:\S+)/.exec(client.stdout())?.[1] ?? '';
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 60_000,
    });
  });

  after(async () => {
    await browser?.close();
    await client?.stop();
    await Promise.all(replicas.map((replica) => replica.stop()));
    rmSync(dir, { recursive: true, force: true });
    rmSync(userDataDir, { recursive: true, force: true });
  });

  it('serves the page and its JSON, and nothing it does not know', async () => {
    const html = await fetchText(statusUrl);
    assert.match(html, /<title>Spindle status<\/title>/);
    const status = JSON.parse(await fetchText(`${statusUrl}status.json`)) as {
      objects: { id: string; kind: string }[];
      pools: { id: string; members: unknown[] }[];
    };
    assert.deepEqual(
      status.objects.map((object) => [object.id, object.kind]),
      [
        ['pool', 'pool'],
        ['caller', 'object'],
      ],
    );
    assert.equal(status.pools[0]?.members.length, 3);
    const missing = await fetch(`${statusUrl}nope`, { signal: AbortSignal.timeout(10_000) });
    assert.equal(missing.status, 404);
  });

  it('shows a pool of three healthy members, then the killed replica ejected, live', async () => {
    const page = await (browser as BrowserContext).newPage();
    await page.goto(statusUrl, { timeout: 30_000 });
    assert.equal(await page.title(), 'Spindle status');
    await page
      .locator('section[data-pool="pool"] tr[data-member][data-state="healthy"]')
      .nth(2)
      .waitFor({ timeout: 30_000 });
    assert.deepEqual(
      (await memberRows(page)).map(([, state]) => state),
      ['healthy', 'healthy', 'healthy'],
    );
    assert.equal(await page.locator('[data-object="caller"]').count(), 1);

    const victim = replicas[1] as ReplicaProcess;
    await victim.kill('SIGKILL');
    // The page was not reloaded: its script polls and redraws.
    await page.waitForSelector(`tr[data-member="${victim.url}"][data-state="ejected"]`, { timeout: 30_000 });
    const rows = await memberRows(page);
    assert.deepEqual(
      rows.map(([member, state]) => [member, state]),
      replicas.map((replica) => [replica.url, replica === victim ? 'ejected' : 'healthy']),
    );
    const victimRow = page.locator(`tr[data-member="${victim.url}"]`);
    assert.match(await victimRow.innerText(), /ejected/i);
    assert.match(await victimRow.locator('td.error').innerText(), /\S/);
    assert.match(await page.locator('section[data-pool="pool"] h3').innerText(), /2 of 3 healthy/);

    const shots = mkdtempSync(join(tmpdir(), 'spindle-status-shot-'));
    const shot = join(shots, 'status-page.png');
    await page.screenshot({ path: shot, fullPage: true });
    assert.ok(statSync(shot).size > 1000);
    console.log(`      status page screenshot: ${shot}`);
  });
});
