import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { loadConfig } from '../../src/config';
import { startHiveGatewayService } from '../../src/gateway/hive-gateway';
it('dbg', async () => {
  const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1' });
  const sg = readFileSync('schema/supergraph.graphql', 'utf8');
  const s = await startHiveGatewayService(config, sg, {}, (m, e) => console.error('LOG', m, e));
  console.log('started', s.server.url);
  for (const q of ['{ institutions { edges { node { noSuchField } } } }', '{ __typename }']) {
    try {
      const res = await fetch(s.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: q }), signal: AbortSignal.timeout(5000) });
      console.log(res.status, [...res.headers], await res.text());
    } catch (e) { console.log('ERR', e); }
  }
  await s.stop();
}, 30000);
