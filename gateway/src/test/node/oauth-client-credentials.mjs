// An MCP client that signs in by itself: it calls the gateway without a token, follows the
// 401 challenge to the protected resource metadata and the authorization server, gets a token with
// client credentials, then lists tools and calls one. Prints one JSON line with what it saw.
//
// usage: node oauth-client-credentials.mjs <mcp endpoint URL> <issuer URL> <client id> <client secret> <scope>
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ClientCredentialsProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';

const [endpoint, issuer, clientId, clientSecret, scope] = process.argv.slice(2);
const provider = new ClientCredentialsProvider({ clientId, clientSecret, scope, expectedIssuer: issuer });
const client = new Client({ name: 'mcp-edge-e2e', version: '1.0.0' });

async function connect() {
  const transport = new StreamableHTTPClientTransport(new URL(endpoint), { authProvider: provider });
  try {
    await client.connect(transport);
  } catch (error) {
    // The first attempt ends in 401: the SDK has fetched a token meanwhile; connect again with it.
    if (error?.constructor?.name !== 'UnauthorizedError' || !provider.tokens()) throw error;
    await client.connect(new StreamableHTTPClientTransport(new URL(endpoint), { authProvider: provider }));
  }
}

try {
  await connect();
  const tools = await client.listTools();
  const call = await client.callTool({ name: 'get_balance', arguments: { api_test_mode: true } });
  console.log(JSON.stringify({
    tools: tools.tools.map((t) => t.name),
    result: call.content[0].text,
    tokenObtained: Boolean(provider.tokens()?.access_token),
  }));
  await client.close();
} catch (error) {
  console.error(`client failed: ${error?.stack ?? error}`);
  process.exit(1);
}
