// What the e2e client scripts (v2-client.mjs, v2-client-against-v2-server.mjs) note of each HTTP
// exchange and of each call, in one place so that both summarise them the same way. The exchanges
// keep no header values but the protocol's own: never the key.

/** A fetch that notes, per HTTP exchange, the routing headers sent and the status received. */
export function recording(exchanges) {
  return async (url, init) => {
    const headers = new Headers(init?.headers);
    const response = await fetch(url, init);
    exchanges.push({
      httpMethod: init?.method ?? 'GET',
      protocolVersion: headers.get('mcp-protocol-version'),
      mcpMethod: headers.get('mcp-method'),
      mcpName: headers.get('mcp-name'),
      testModeHeader: headers.get('mcp-param-test-mode'),
      session: headers.has('mcp-session-id'),
      status: response.status,
      contentType: response.headers.get('content-type'),
      answeredSession: response.headers.has('mcp-session-id'),
    });
    return response;
  };
}

/** What a call gave: its result (with the server's echo parsed when it is JSON), or the error the client raised instead. */
export async function outcome(call) {
  try {
    const result = await call();
    const text = result.content?.[0]?.text;
    let echo;
    try {
      echo = text === undefined ? undefined : JSON.parse(text);
    } catch {
      echo = undefined;
    }
    return { isError: result.isError ?? false, text, echo };
  } catch (error) {
    return { thrown: true, code: error?.code, message: String(error?.message ?? error) };
  }
}
