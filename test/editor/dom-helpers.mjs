// Helpers for the DOM tests (dom.mjs): driving the real VS Code workbench of code-server with
// playwright-core — the Explorer tree, the command palette, quick picks, editor text geometry.
// Selectors and traps: shared/REAL-EDITORS.md (code-server section).

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Poll `fn` until it returns a truthy value; throws `message` (with the last value) on timeout. */
export async function until(fn, { timeoutMs = 30_000, intervalMs = 250, message = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  let lastError;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      const why = lastError ? ` (last error: ${lastError.message.split('\n')[0]})` : '';
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${message}${why}`);
    }
    await sleep(intervalMs);
  }
}

/** Reject after `ms` unless `promise` settles first. */
export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms); }),
  ]);
}

// ------------------------------------------------------------------ in-page geometry

/**
 * Runs in the page: the client rect of the first occurrence of `needle` in the rendered lines
 * (`.view-line`) under `scopeSelector`, measured with a DOM Range over the text node(s) — Monaco
 * splits a line into one span per token, so the Range may start and end in different nodes.
 */
function textRectInPage([needle, scopeSelector]) {
  const scope = document.querySelector(scopeSelector);
  if (!scope) return null;
  for (const line of scope.querySelectorAll('.view-line')) {
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    const nodes = [];
    let text = '';
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      nodes.push([n, text.length]);
      text += n.data;
    }
    const i = text.replace(/\u00a0/g, ' ').indexOf(needle);
    if (i < 0) continue;
    const at = (pos) => {
      for (let k = nodes.length - 1; k >= 0; k--) if (nodes[k][1] <= pos) return [nodes[k][0], pos - nodes[k][1]];
      return null;
    };
    const [startNode, startOffset] = at(i);
    const [endNode, endOffset] = at(i + needle.length - 1);
    const range = document.createRange();
    range.setStart(startNode, startOffset);
    range.setEnd(endNode, endOffset + 1);
    const b = range.getBoundingClientRect();
    return { left: b.left, top: b.top, right: b.right, bottom: b.bottom, width: b.width, height: b.height, lineText: text.replace(/\u00a0/g, ' ') };
  }
  return null;
}

/** The pixel box of `needle` in the editor area (null when not rendered). */
export function textRect(page, needle, scopeSelector = '.part.editor .editor-instance') {
  return page.evaluate(textRectInPage, [needle, scopeSelector]);
}

/** The client rects of the decorations matching `selector` (e.g. `.squiggly-error`) in the editor area. */
export function decorationRects(page, selector, scopeSelector = '.part.editor .editor-instance') {
  return page.evaluate(([sel, scopeSel]) => [...document.querySelectorAll(`${scopeSel} ${sel}`)].map((e) => {
    const b = e.getBoundingClientRect();
    return { left: b.left, top: b.top, right: b.right, bottom: b.bottom, width: b.width, height: b.height, className: e.className };
  }), [selector, scopeSelector]);
}

/**
 * A decoration lies over the text when its box (or the union of the boxes on that line) overlaps
 * the text's line vertically and spans the text horizontally (1.5 px tolerance for sub-pixel glyph
 * positions). Returns the covering box or null.
 */
export function coveringDecoration(decorations, text, tolerancePx = 1.5) {
  const onLine = decorations.filter((d) => d.width > 0 && d.bottom > text.top && d.top < text.bottom);
  if (!onLine.length) return null;
  // Union of adjacent boxes on the line that touch the text.
  const touching = onLine.filter((d) => d.right > text.left && d.left < text.right).sort((a, b) => a.left - b.left);
  if (!touching.length) return null;
  let left = touching[0].left;
  let right = touching[0].right;
  for (const d of touching.slice(1)) {
    if (d.left > right + tolerancePx) break;
    right = Math.max(right, d.right);
  }
  if (left <= text.left + tolerancePx && right >= text.right - tolerancePx) return { left, right, top: touching[0].top, bottom: touching[0].bottom };
  return null;
}

/**
 * Waits for a `selector` squiggle (`.squiggly-error`, `.squiggly-warning` …) covering the text
 * `needle`; on timeout the error lists the text box and every such squiggle, to see how far off it was.
 */
export async function squiggleOver(page, needle, selector, timeoutMs) {
  const box = ({ left, right, top, bottom }) => ({ left, right, top, bottom });
  return until(async () => {
    const text = await textRect(page, needle);
    const all = await decorationRects(page, selector);
    const cover = text && coveringDecoration(all, text);
    return cover ? { text, cover, all } : null;
  }, { timeoutMs, message: `a ${selector} box over the text ${needle}` }).catch(async (e) => {
    const text = await textRect(page, needle);
    const all = await decorationRects(page, selector);
    throw new Error(`${e.message}\ntext box: ${JSON.stringify(text && box(text))}\n${selector} boxes: ${JSON.stringify(all.map(box))}`);
  });
}

// ------------------------------------------------------------------ workbench driving

/** Close quick inputs, hovers and menus. */
export async function dismiss(page, times = 2) {
  for (let i = 0; i < times; i++) {
    await page.keyboard.press('Escape');
    await sleep(100);
  }
}

export async function quickInputVisible(page) {
  return page.evaluate(() => {
    const w = document.querySelector('.quick-input-widget');
    return !!w && w.style.display !== 'none' && w.getBoundingClientRect().height > 0;
  });
}

/** The rows of the visible quick input: aria-label, text, focused. */
export async function quickInputRows(page) {
  return page.evaluate(() => [...document.querySelectorAll('.quick-input-widget .quick-input-list .monaco-list-row')].map((r) => ({
    label: r.getAttribute('aria-label') ?? '',
    text: r.innerText,
    focused: r.classList.contains('focused'),
    index: Number(r.getAttribute('data-index')),
  })));
}

/** Title and input of the visible quick input. */
export async function quickInputState(page) {
  return page.evaluate(() => ({
    title: document.querySelector('.quick-input-widget .quick-input-title')?.textContent ?? '',
    value: document.querySelector('.quick-input-widget .quick-input-box input')?.value ?? '',
    placeholder: document.querySelector('.quick-input-widget .quick-input-box input')?.getAttribute('placeholder') ?? '',
  }));
}

/** Open the command palette with F1 (retrying a few times: the first key can get lost while the workbench settles). */
export async function openCommandPalette(page, { timeoutMs = 15_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) {
      // Give the page keyboard focus: the status bar is a neutral place to click.
      const sb = await page.$('.part.statusbar');
      const box = sb && (await sb.boundingBox());
      if (box) await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    }
    await page.keyboard.press('F1');
    try {
      await until(() => quickInputVisible(page), { timeoutMs: 3000, message: 'the command palette' });
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
  }
}

/**
 * Move the quick-input focus to the first row whose aria-label matches `match` (a predicate on
 * the label) with the arrow keys, so that Enter picks it; waits up to `timeoutMs` for it to show.
 */
export async function focusQuickInputRow(page, match, { timeoutMs = 15_000, what = 'a matching quick-pick row' } = {}) {
  const rows = await until(async () => {
    const r = await quickInputRows(page);
    return r.some((x) => match(x.label)) ? r : null;
  }, { timeoutMs, message: what });
  const target = rows.find((x) => match(x.label));
  for (let i = 0; i < 30; i++) {
    const now = await quickInputRows(page);
    const focused = now.find((x) => x.focused);
    if (focused && match(focused.label)) return focused;
    const f = focused?.index ?? -1;
    await page.keyboard.press(f < target.index ? 'ArrowDown' : 'ArrowUp');
    await sleep(80);
  }
  throw new Error(`could not move the quick-pick focus to ${what}`);
}

/** Run a command from the palette by its full title ("Category: Title"). */
export async function runCommand(page, title, { timeoutMs = 15_000 } = {}) {
  await openCommandPalette(page, { timeoutMs });
  await page.fill('.quick-input-widget .quick-input-box input', `>${title}`);
  await focusQuickInputRow(page, (l) => l.startsWith(title), { timeoutMs, what: `the command "${title}"` });
  await page.keyboard.press('Enter');
}

/** Make the Explorer's folder tree visible and expanded. */
export async function showExplorerFolders(page) {
  const tree = await page.$('.explorer-folders-view');
  if (!tree || !(await tree.isVisible())) {
    const explorer = await page.$('.activitybar .action-label[aria-label^="Explorer"]');
    if (explorer) await explorer.click();
  }
  const header = await page.$('.pane-header[aria-label^="Explorer Section"]');
  if (header && (await header.getAttribute('aria-expanded')) === 'false') await header.click();
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { state: 'visible', timeout: 30_000 });
}

function explorerRow(page, name, level) {
  return page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name.replace(/"/g, '\\"')}"][aria-level="${level}"]`).first();
}

/**
 * Open a workspace file by clicking through the Explorer tree (folders expanded by clicking),
 * then wait until the editor shows `expectText`. Returns the milliseconds it took.
 */
export async function openFromExplorer(page, relPath, expectText, { timeoutMs = 30_000 } = {}) {
  const t0 = Date.now();
  await showExplorerFolders(page);
  const parts = relPath.split('/');
  for (let i = 0; i < parts.length; i++) {
    const row = explorerRow(page, parts[i], i + 1);
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
    const isFile = i === parts.length - 1;
    if (isFile) {
      await row.click();
    } else if ((await row.getAttribute('aria-expanded')) !== 'true') {
      await row.click();
      await until(async () => (await row.getAttribute('aria-expanded')) === 'true', { timeoutMs: 10_000, message: `folder ${parts.slice(0, i + 1).join('/')} to expand` });
    }
  }
  const name = parts[parts.length - 1];
  await until(() => page.evaluate(([n, text]) => {
    const tab = document.querySelector('.part.editor .tab.active');
    if (!tab || !(tab.getAttribute('aria-label') ?? '').startsWith(n)) return false;
    return [...document.querySelectorAll('.part.editor .editor-instance .monaco-editor .view-line')].some((l) => l.textContent.replace(/\u00a0/g, ' ').includes(text));
  }, [name, expectText]), { timeoutMs, message: `${relPath} to open and show "${expectText}"` });
  return Date.now() - t0;
}

/**
 * The text of the editor area: the workbench page's `.part.editor`, and every other frame's body
 * (webviews, e.g. the Markdown preview, render in nested iframes). Quick picks, hovers and the
 * side bar are left out, so text found here is really shown in an editor.
 */
export async function frameTexts(page) {
  const out = [];
  for (const f of page.frames()) {
    try {
      const main = f === page.mainFrame();
      const t = await withTimeout(f.evaluate((m) => (m ? document.querySelector('.part.editor') : document.body)?.innerText ?? '', main), 3000, 'frame text');
      out.push({ url: f.url(), text: t });
    } catch { /* detached or not ready */ }
  }
  return out;
}

/** Drag the sash at the side bar's right edge so the side bar is `width` px wide (best effort). */
export async function widenSideBar(page, width) {
  const bar = await page.$('.part.sidebar');
  const box = bar && (await bar.boundingBox());
  if (!box || box.width >= width) return;
  const sash = await page.evaluateHandle((right) => [...document.querySelectorAll('.monaco-sash.vertical')]
    .find((s) => { const b = s.getBoundingClientRect(); return b.height > 200 && Math.abs(b.left + b.width / 2 - right) < 6; }) ?? null, box.x + box.width);
  const el = sash.asElement();
  const sb = el && (await el.boundingBox());
  if (!sb) return;
  const x = sb.x + sb.width / 2;
  const y = sb.y + sb.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + (width - box.width) / 2, y, { steps: 4 });
  await page.mouse.move(box.x + width, y, { steps: 4 });
  await page.mouse.up();
  await sleep(300);
}
