// A walk through ASF-ui (its production build, served by a node from actorrpc.ipc.web-root) in headless Chromium:
// each page of ASF-ui that means something for a node, checked against the node's API, with every API call's status and
// the browser console's errors printed at the end. Run it with run.sh; exit code 1 when a check failed.
import { chromium } from 'playwright-core';
import fs from 'node:fs';

const base = process.env.BASE ?? 'http://127.0.0.1:12420';
const password = process.env.PASSWORD ?? 'walk-secret';
const botsDir = process.env.BOTS_DIR;
const shots = process.env.SHOTS ?? '/tmp/asfwalk/shots';
fs.mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const problems = [];
const calls = [];
page.on('console', m => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
page.on('pageerror', e => problems.push(`page error: ${e.message}`));
page.on('response', r => { const u = new URL(r.url()); if (u.pathname.toLowerCase().startsWith('/api') || u.pathname.startsWith('/swagger')) calls.push(`${r.status()} ${r.request().method()} ${u.pathname}${u.search}`); });

const api = async (method, path, body) => {
  const r = await fetch(base + path, { method, headers: { Authentication: password, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return r.json();
};
const results = [];
const check = (name, ok, detail = '') => { results.push(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ' — ' + detail : ''}`); };
const shot = async name => page.screenshot({ path: `${shots}/${name}.png`, fullPage: false });
const step = async (name, fn) => { try { await fn(); } catch (e) { check(name, false, e.message.split('\n')[0]); await shot('fail-' + name.replace(/\W+/g, '-')); } };

await step('welcome and sign in', async () => {
  await page.goto(base + '/');
  await page.getByRole('button', { name: /continue/i }).click({ timeout: 15000 });
  await page.waitForSelector('input[type=password]', { timeout: 15000 });
  await shot('setup');
  await page.fill('input[type=password]', password);
  await page.keyboard.press('Enter');
  await page.waitForURL(u => !u.pathname.includes('setup') && !u.pathname.includes('welcome'), { timeout: 15000 });
  check('welcome, then sign in on Setup', true, new URL(page.url()).pathname);
});

await step('bots page', async () => {
  await page.waitForSelector('text=alpha', { timeout: 15000 });
  await page.waitForSelector('text=bravo', { timeout: 15000 });
  await shot('bots');
  const text = await page.locator('body').innerText();
  check('bots page lists alpha and bravo', text.includes('alpha') && text.includes('bravo'));
  // The side menu's counters: alpha runs (online), bravo is stopped (disabled); they add up to the bots.
  const counters = text.match(/(\d+)\s*Farming\s*(\d+)\s*Online\s*(\d+)\s*Offline\s*(\d+)\s*Disabled/);
  check('status counters add up', counters && counters.slice(1).join(',') === '0,1,0,1', counters ? counters.slice(1).join(',') : 'no counters');
});

await step('bot page lifecycle', async () => {
  await page.goto(base + '/bot/bravo');
  await page.waitForSelector('.bot-profile', { timeout: 15000 });
  await shot('bot-bravo');
  const state = async () => (await api('GET', '/Api/Bot/bravo')).Result.bravo.State;
  const act = async (icon, expected) => {
    const button = page.locator(`.bot-profile__actions .bot-action:has(svg[data-icon="${icon}"])`).first();
    await button.waitFor({ timeout: 15000 });
    await button.click();
    let now = await state();
    for (let i = 0; i < 50 && now !== expected; i++) { await page.waitForTimeout(100); now = await state(); }
    check(`bot page ${icon} button -> ${expected}`, now === expected, now);
  };
  await act('power-off', 'Running');
  await act('pause', 'Paused');
  await act('play', 'Running');
  await act('power-off', 'Stopped');
  await shot('bot-bravo-after');
});

await step('create bot', async () => {
  await page.goto(base + '/bot/new');
  await page.waitForSelector('input', { timeout: 15000 });
  await shot('bot-new');
  const name = page.locator('input#Name, input[name=Name], input#BotName').first();
  if (await name.count()) await name.fill('charlie'); else await page.locator('input').first().fill('charlie');
  await page.getByRole('button', { name: /create|save/i }).first().click();
  let created = false;
  for (let i = 0; i < 50 && !created; i++) { await page.waitForTimeout(100); created = !!(await api('GET', '/Api/Bot/charlie')).Result?.charlie; }
  check('"Create new bot" creates a bot', created);
  await shot('bot-new-after');
});

await step('asf config', async () => {
  await page.goto(base + '/asf-config');
  await page.waitForTimeout(1500);
  await shot('asf-config');
  const text = await page.locator('body').innerText();
  check('ASF Config page shows the settings', /SteamOwnerID|Steam owner|IPC/i.test(text), text.slice(0, 120).replace(/\s+/g, ' '));
  const save = page.getByRole('button', { name: /save/i }).first();
  if (await save.count()) {
    await page.locator('main input[type=text], main input:not([type])').last().fill('1');
    await save.click();
    await page.waitForTimeout(1000);
    const after = await page.locator('body').innerText();
    check('saving ASF Config shows the reason', after.includes('HOCON'), '');
    await shot('asf-config-save');
  }
});

await step('log', async () => {
  await page.goto(base + '/log');
  await page.waitForTimeout(1500);
  await api('POST', '/Api/Bot/alpha/Stop');
  await api('POST', '/Api/Bot/alpha/Start');
  await page.waitForSelector('text=Bot alpha started', { timeout: 10000 });
  await shot('log');
  check('Log page streams new lines', true);
});

await step('commands', async () => {
  await page.goto(base + '/commands');
  const input = page.locator('input, textarea').first();
  await input.waitFor({ timeout: 10000 });
  await input.fill('status');
  await page.keyboard.press('Enter');
  await page.waitForSelector('text=/bots running/', { timeout: 10000 });
  check('Commands page runs status', true);
  // ASF-ui's own `commands` lists what it read from the wiki's Commands page: the node's commands, a plugin's too.
  await input.fill('commands');
  await page.keyboard.press('Enter');
  await page.waitForSelector('text=/countdown/', { timeout: 10000 });
  await shot('commands');
  check('Commands page knows the node\'s commands', true);
});

await step('plugins', async () => {
  await page.goto(base + '/plugins');
  await page.waitForTimeout(1500);
  await shot('plugins');
  const text = await page.locator('body').innerText();
  const count = (text.match(/\bsample\b/gi) ?? []).length;
  check('Plugins page lists the sample plugin', count >= 1, `${count} mentions`);
});

await step('dark mode kept on the node', async () => {
  const before = (await api('GET', '/Api/Storage/asfui-settings')).Result?.darkMode === true;
  await page.goto(base + '/bots');
  await page.locator('.navigation__menu > .navigation__button').first().click();
  const moon = page.locator('.side-menu__switch', { hasText: /dark/i }).first();
  await moon.click({ timeout: 5000 });
  await page.waitForTimeout(1000);
  await shot('dark-mode');
  const stored = (await api('GET', '/Api/Storage/asfui-settings')).Result;
  check('dark mode switch stored in /Api/Storage', stored && stored.darkMode === !before, JSON.stringify(stored));
});

await step('bans', async () => {
  await page.goto(base + '/asf-bans');
  await page.waitForTimeout(1000);
  await shot('bans');
});

if (botsDir) {
  const file = `${botsDir}/.ipc-storage.json`;
  check('ASF-ui settings kept on the node', fs.existsSync(file), fs.existsSync(file) ? fs.readFileSync(file, 'utf8').replace(/\s+/g, ' ').slice(0, 100) : 'no file');
}

await step('restart', async () => {
  const before = (await api('GET', '/Api/ASF')).Result.ProcessStartTime;
  await page.goto(base + '/bots');
  await page.waitForSelector('.brand', { timeout: 10000 });
  await page.locator('.brand').click();
  await page.locator('.brand__menu-item', { hasText: /restart/i }).click({ timeout: 5000 });
  await page.waitForSelector('text=/Restarted|restart.*fail/i', { timeout: 30000 });
  await shot('restart');
  const text = await page.locator('body').innerText();
  const after = (await api('GET', '/Api/ASF')).Result.ProcessStartTime;
  check('restart from ASF-ui completes', /Restarted/i.test(text) && before !== after, `${before} -> ${after}`);
});

await browser.close();
console.log(results.join('\n'));
console.log('\n-- API calls (status method path), distinct:');
console.log([...new Set(calls)].sort().join('\n'));
console.log('\n-- browser problems:');
console.log([...new Set(problems)].join('\n') || '(none)');
process.exitCode = results.some(r => r.startsWith('FAIL')) ? 1 : 0;
