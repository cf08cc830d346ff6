// Two real MCP clients through the gateway with one API key: the TypeScript SDK v2 client pinned to
// protocol 2026-07-28 (server/discover instead of initialize, no session), then the v1 client
// speaking 2025 (initialize and a session). Each lists the tools, calls get_balance, and the v2
// client also asks for live data, which a test key must be refused. Prints one JSON line with what
// they saw; the HTTP exchanges are summarised without any header values but the protocol's own.
//
// usage: node v2-client.mjs <mcp endpoint URL> <api key>
import { Client } from '@modelcontextprotocol/client';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1Transport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { outcome, recording } from './exchanges.mjs';

const [endpoint, key] = process.argv.slice(2);
const requestInit = { headers: { Authorization: `Bearer ${key}` } };

async function v2() {
  const exchanges = [];
  const client = new Client({ name: 'mcp-edge-e2e-v2', version: '1.0.0' },
    { versionNegotiation: { mode: { pin: '2026-07-28' } } });
  await client.connect(new StreamableHTTPClientTransport(new URL(endpoint), { requestInit, fetch: recording(exchanges) }));
  const discovered = client.getDiscoverResult();
  const tools = await client.listTools();
  const balance = tools.tools.find((t) => t.name === 'get_balance');
  const call = await outcome(() => client.callTool({ name: 'get_balance', arguments: {} }));
  const live = await outcome(() => client.callTool({ name: 'get_balance', arguments: { api_test_mode: false } }));
  const seen = {
    era: client.getProtocolEra(),
    protocolVersion: client.getNegotiatedProtocolVersion(),
    supportedVersions: discovered?.supportedVersions,
    server: client.getServerVersion()?.name,
  };
  await client.close();
  return {
    ...seen,
    tools: tools.tools.map((t) => t.name),
    apiTestModeDeclared: Boolean(balance?.inputSchema?.properties?.api_test_mode),
    call,
    live,
    exchanges,
  };
}

async function v1() {
  const exchanges = [];
  const client = new V1Client({ name: 'mcp-edge-e2e-v1', version: '1.0.0' });
  const transport = new V1Transport(new URL(endpoint), { requestInit, fetch: recording(exchanges) });
  await client.connect(transport);
  const tools = await client.listTools();
  const call = await outcome(() => client.callTool({ name: 'get_balance', arguments: {} }));
  const protocolVersion = transport.protocolVersion;
  await client.close();
  return {
    protocolVersion,
    server: client.getServerVersion()?.name,
    tools: tools.tools.map((t) => t.name),
    call,
    exchanges,
  };
}

try {
  console.log(JSON.stringify({ v2: await v2(), v1: await v1() }));
} catch (error) {
  console.error(`client failed: ${error?.stack ?? error}`);
  process.exit(1);
}
