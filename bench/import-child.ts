/**
 * One member import through the real import path (importMembers, as the API and the CLI call it), in a process of
 * its own so that its peak memory is its own. Run by bench/run.ts; prints one JSON object on stdout.
 *
 *   node --import tsx bench/import-child.ts --file F.xlsx --org ORG_ID (--sqlite FILE | --postgres URL --schema S)
 *
 * The master key comes in XIANFENG_BENCH_KEY (hex) so that the parent reads what was imported.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createDb } from '../src/db/create-db.ts';
import { SYSTEM_ACTOR } from '../src/lib/actor.ts';
import { createCryptoProvider } from '../src/lib/crypto/provider.ts';
import { checkCharacter } from '../src/lib/id-number.ts';
import { importMembers } from '../src/modules/members/members.import.ts';
import { AuditTrail } from '../src/modules/audit/audit.service.ts';

const { values: args } = parseArgs({
  options: { file: { type: 'string' }, org: { type: 'string' }, sqlite: { type: 'string' }, postgres: { type: 'string' }, schema: { type: 'string' } },
});
const key = process.env.XIANFENG_BENCH_KEY;
if (!args.file || !args.org || !key || !(args.sqlite || args.postgres)) throw new Error('usage: --file F --org ID (--sqlite FILE | --postgres URL --schema S), key in XIANFENG_BENCH_KEY');

const handle = args.sqlite
  ? createDb({ dialect: 'sqlite', file: args.sqlite })
  : createDb({ dialect: 'postgres', url: args.postgres as string, ...(args.schema ? { schema: args.schema } : {}), poolSize: 2 });
const crypto = createCryptoProvider('intl', Buffer.from(key, 'hex'));
const audit = new AuditTrail(handle.db, crypto);
try {
  const bytes = await readFile(args.file);
  const t0 = performance.now();
  // The last 'check' report comes when every row has been read, checked and written; the commit follows.
  let checkedAt = t0;
  let lastLog = 0;
  const result = await importMembers({ db: handle.db, crypto, audit }, SYSTEM_ACTOR, bytes, {
    orgId: args.org,
    format: 'xlsx',
    fileName: 'bench.xlsx',
    onProgress: (phase, done, total) => {
      if (phase === 'check') checkedAt = performance.now();
      if (done - lastLog >= 20_000 || done === total) {
        lastLog = done;
        process.stderr.write(`  import ${phase}: ${done.toLocaleString('en-US')}${total ? ` / ${total.toLocaleString('en-US')}` : ''}\n`);
      }
    },
  });
  const ms = performance.now() - t0;
  if (!('imported' in result)) throw new Error('the import did not write');
  const rssMb = Math.round(process.resourceUsage().maxRSS / 1024);

  // The CPU share of personal data: encrypting and indexing as many ID numbers (and as many phones) alone.
  const t1 = performance.now();
  for (let i = 0; i < result.imported; i++) {
    const first17 = `110101${19_500_101 + (i % 28)}${String(i % 1000).padStart(3, '0')}`;
    const id = first17 + checkCharacter(first17);
    crypto.encrypt(id);
    crypto.blindIndex('id-number', id);
    crypto.encrypt('13800138000');
    crypto.blindIndex('phone', '13800138000');
  }
  const cryptoMs = performance.now() - t1;
  process.stdout.write(
    `${JSON.stringify({
      rows: result.imported,
      ms: Math.round(ms),
      stream_ms: Math.round(checkedAt - t0),
      commit_ms: Math.round(t0 + ms - checkedAt),
      peak_rss_mb: rssMb,
      file_mb: Number((bytes.length / 1024 / 1024).toFixed(1)),
      crypto_ms: Math.round(cryptoMs),
    })}\n`,
  );
} finally {
  await handle.close();
}
