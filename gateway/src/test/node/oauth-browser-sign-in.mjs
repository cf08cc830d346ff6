// An MCP client whose user signs in with a browser: the SDK's client calls the gateway without a
// token, follows the 401 to the protected resource metadata and the authorization server, registers
// itself (RFC 7591) and starts the authorization code flow with PKCE. Instead of opening a browser it
// prints "AUTHORIZE <url>" for the Java test, which drives Chromium through login and consent; the
// browser lands on this script's callback, the client exchanges the code, then lists tools and calls
// one. Prints one JSON line with what it saw.
//
// usage: node oauth-browser-sign-in.mjs <mcp endpoint URL>
import http from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';

const [endpoint] = process.argv.slice(2);

let received;
const code = new Promise((resolve) => { received = resolve; });
const callback = http.createServer((request, response) => {
  const url = new URL(request.url, 'http://127.0.0.1');
  if (url.pathname !== '/callback') {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'Content-Type': 'text/plain' }).end('Signed in. You can close this window.');
  received(url.searchParams.get('code'));
});
await new Promise((resolve) => callback.listen(0, '127.0.0.1', resolve));
const redirectUrl = `http://127.0.0.1:${callback.address().port}/callback`;

/** Keeps everything in memory; hands the authorization URL to whoever runs this script. */
class BrowserHandOff {
  get redirectUrl() { return redirectUrl; }
  get clientMetadata() {
    return {
      client_name: 'mcp-edge browser test',
      redirect_uris: [redirectUrl],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  clientInformation() { return this.client; }
  saveClientInformation(client) { this.client = client; }
  tokens() { return this.saved; }
  saveTokens(tokens) { this.saved = tokens; }
  redirectToAuthorization(url) { console.log(`AUTHORIZE ${url}`); }
  saveCodeVerifier(verifier) { this.verifier = verifier; }
  codeVerifier() { return this.verifier; }
}

const provider = new BrowserHandOff();
const client = new Client({ name: 'mcp-edge-browser-e2e', version: '1.0.0' });

try {
  const first = new StreamableHTTPClientTransport(new URL(endpoint), { authProvider: provider });
  try {
    await client.connect(first);
  } catch (error) {
    if (!(error instanceof UnauthorizedError)) throw error;
    await first.finishAuth(await code);
    await client.connect(new StreamableHTTPClientTransport(new URL(endpoint), { authProvider: provider }));
  }
  const tools = await client.listTools();
  const call = await client.callTool({ name: 'get_balance', arguments: { api_test_mode: true } });
  console.log(JSON.stringify({
    registered: Boolean(provider.client?.client_id),
    scope: provider.tokens()?.scope,
    tools: tools.tools.map((t) => t.name),
    result: call.content[0].text,
  }));
  await client.close();
  callback.close();
} catch (error) {
  console.error(`client failed: ${error?.stack ?? error}`);
  process.exit(1);
}
