// The TypeScript SDK clients through the gateway to a server built with the v2 SDK (v2-server.mjs).
// With a test key the v2 client pinned to 2026-07-28 discovers, lists the tools, calls get_balance,
// reads demo://balance, asks for live data (the edge refuses) and holds a subscriptions/listen stream
// open for a while counting the notifications it receives; then the v1 client (2025) lists and calls.
// With a live key the v2 client calls get_balance; with a restricted key it calls get_balance and
// create_refund. Prints one JSON line with what they saw; the HTTP exchanges are summarised without
// any header values but the protocol's own.
//
// usage: node v2-client-against-v2-server.mjs <mcp endpoint URL> <test key> <live key> <restricted key> <listen ms>
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1Transport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { outcome, recording } from './exchanges.mjs';

const [endpoint, testKey, liveKey, restrictedKey, listenMs] = process.argv.slice(2);

async function v2Client(key, exchanges) {
  const client = new Client({ name: 'mcp-edge-e2e-v2', version: '1.0.0' },
    { versionNegotiation: { mode: { pin: '2026-07-28' } } });
  await client.connect(new StreamableHTTPClientTransport(new URL(endpoint),
    { requestInit: { headers: { Authorization: `Bearer ${key}` } }, fetch: recording(exchanges) }));
  return client;
}

async function testKeyRun() {
  const exchanges = [];
  const client = await v2Client(testKey, exchanges);
  const seen = {
    era: client.getProtocolEra(),
    protocolVersion: client.getNegotiatedProtocolVersion(),
    server: client.getServerVersion()?.name,
  };
  const tools = await client.listTools();
  const balance = tools.tools.find((t) => t.name === 'get_balance');
  const call = await outcome(() => client.callTool({ name: 'get_balance', arguments: { currency: 'eur' } }));
  const resource = await outcome(async () => {
    const read = await client.readResource({ uri: 'demo://balance' });
    return { content: [{ text: JSON.stringify(read.contents) }] };
  });
  const live = await outcome(() => client.callTool({ name: 'get_balance', arguments: { api_test_mode: false } }));
  const listen = await (async () => {
    let notifications = 0;
    client.setNotificationHandler('notifications/tools/list_changed', () => { notifications += 1; });
    try {
      const subscription = await client.listen({ toolsListChanged: true });
      let endedEarly = null;
      subscription.closed.then((how) => { endedEarly ??= how; });
      await new Promise((resolve) => setTimeout(resolve, Number(listenMs)));
      const openAfterWait = endedEarly === null;
      const counted = notifications;
      await subscription.close();
      return { acknowledged: true, honoredFilter: subscription.honoredFilter, notifications: counted, openAfterWait, endedEarly };
    } catch (error) {
      return { acknowledged: false, code: error?.code, message: String(error?.message ?? error), notifications };
    }
  })();
  await client.close();
  return {
    ...seen,
    tools: tools.tools.map((t) => t.name),
    apiTestModeSchema: balance?.inputSchema?.properties?.api_test_mode ?? null,
    readOnlyHint: balance?.annotations?.readOnlyHint ?? null,
    call,
    resource,
    live,
    listen,
    exchanges,
  };
}

async function liveKeyRun() {
  const exchanges = [];
  const client = await v2Client(liveKey, exchanges);
  const call = await outcome(() => client.callTool({ name: 'get_balance', arguments: {} }));
  await client.close();
  return { call, exchanges };
}

async function restrictedKeyRun() {
  const exchanges = [];
  const client = await v2Client(restrictedKey, exchanges);
  const tools = await outcome(async () => {
    const list = await client.listTools();
    return { content: [{ text: JSON.stringify(list.tools.map((t) => t.name)) }] };
  });
  const balance = await outcome(() => client.callTool({ name: 'get_balance', arguments: {} }));
  const refund = await outcome(() => client.callTool({ name: 'create_refund', arguments: { payment_intent: 'pi_1', amount: 100 } }));
  await client.close();
  return { tools, balance, refund, exchanges };
}

async function v1Run() {
  const exchanges = [];
  const client = new V1Client({ name: 'mcp-edge-e2e-v1', version: '1.0.0' });
  const transport = new V1Transport(new URL(endpoint),
    { requestInit: { headers: { Authorization: `Bearer ${testKey}` } }, fetch: recording(exchanges) });
  try {
    await client.connect(transport);
  } catch (error) {
    return { connected: false, message: String(error?.message ?? error), exchanges };
  }
  const tools = await client.listTools();
  const call = await outcome(() => client.callTool({ name: 'get_balance', arguments: {} }));
  const resource = await outcome(async () => {
    const read = await client.readResource({ uri: 'demo://balance' });
    return { content: [{ text: JSON.stringify(read.contents) }] };
  });
  const protocolVersion = transport.protocolVersion;
  await client.close();
  return {
    connected: true,
    protocolVersion,
    server: client.getServerVersion()?.name,
    tools: tools.tools.map((t) => t.name),
    call,
    resource,
    exchanges,
  };
}

try {
  console.log(JSON.stringify({
    test: await testKeyRun(),
    live: await liveKeyRun(),
    restricted: await restrictedKeyRun(),
    v1: await v1Run(),
  }));
} catch (error) {
  console.error(`client failed: ${error?.stack ?? error}`);
  process.exit(1);
}
