// Restricted Mode: the wxperm.authorization setting (which names files to read) is ignored until the
// workspace is trusted; wxperm.json and wxperm.grants still count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LspClient, copyFixture } from './lspClient';

const T = { timeout: 60_000 };

async function notGrantedIn(trusted: boolean): Promise<string[]> {
  const ws = copyFixture('workspace');
  fs.rmSync(path.join(ws, 'wxperm.json'));
  // The saved response grants 17, 18 and 30: /wxa/commit (18) is covered only if it is read.
  const client = new LspClient();
  try {
    await client.initialize({ folders: [ws], configuration: false, initializationOptions: { trusted, wxperm: { authorization: 'auth/shop-b.json' } } });
    // 17 and 18 are in the response; /wxaapi/broadcast/room/create (52) is not.
    const file = path.join(ws, 'src', 'qrcode.ts');
    fs.appendFileSync(file, "\nexport const live = 'https://api.weixin.qq.com/wxaapi/broadcast/room/create';\n");
    const uri = client.open(file, 'typescript');
    const diags = await client.diagnostics(uri, () => true);
    await client.shutdown();
    return diags.filter((d: { code: string }) => d.code === 'not-granted').map((d: { message: string }) => d.message);
  } finally {
    client.kill();
    fs.rmSync(ws, { recursive: true, force: true });
  }
}

test('trusted: the authorization file from settings is read', T, async () => {
  const trusted = await notGrantedIn(true);
  assert.equal(trusted.length, 1, trusted.join('\n'));
  assert.match(trusted[0], /\/wxaapi\/broadcast\/room\/create/);
});

test('untrusted: it is not read, so nothing counts as granted and not-granted stays silent', T, async () => {
  const untrusted = await notGrantedIn(false);
  assert.deepEqual(untrusted, []);
});
