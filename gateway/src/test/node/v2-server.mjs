// A small MCP server built with the TypeScript SDK v2 (@modelcontextprotocol/server), served with
// createMcpHandler(...).fetch on node:http: stateless 2026-07-28, and 2025 through the SDK's default
// stateless legacy fallback. Tools get_balance (read only, declares api_test_mode mirrored in the
// Mcp-Param-Test-Mode header) and create_refund (write) echo their arguments and the x-mcp-edge-*
// request headers they received; resource demo://balance answers resources/read; the handler serves
// subscriptions/listen and publishes a tools list change every 200 ms so an open stream sees traffic.
// Prints the port as one line when listening.
//
// usage: node v2-server.mjs <port, 0 for any>
import { createServer } from 'node:http';
import { Readable } from 'node:stream';
import { McpServer, createMcpHandler, fromJsonSchema } from '@modelcontextprotocol/server';

const port = Number(process.argv[2] ?? 0);

/** The x-mcp-edge-* and mcp-param-* headers of a request, names lower case, plus whether Authorization came. */
function edgeHeaders(request) {
  const seen = {};
  for (const [name, value] of request?.headers ?? []) {
    if (name.startsWith('x-mcp-edge-') || name.startsWith('mcp-param-')) {
      seen[name] = value;
    }
  }
  return { headers: seen, authorization_header_received: Boolean(request?.headers?.has('authorization')) };
}

function echo(tool, args, request) {
  const body = { tool, arguments: args, ...edgeHeaders(request) };
  return { content: [{ type: 'text', text: JSON.stringify(body) }], structuredContent: body };
}

function server(context) {
  const mcp = new McpServer({ name: 'mcp-edge-e2e-v2-server', version: '1.0.0' });
  mcp.registerTool('get_balance', {
    description: 'The balance (echoes what reached the server)',
    annotations: { readOnlyHint: true },
    inputSchema: fromJsonSchema({
      type: 'object',
      properties: {
        currency: { type: 'string' },
        api_test_mode: { type: 'boolean', 'x-mcp-header': 'Test-Mode' },
      },
    }),
  }, async (args, ctx) => echo('get_balance', args, ctx?.http?.req ?? context.requestInfo));
  mcp.registerTool('create_refund', {
    description: 'Refunds a payment (echoes what reached the server)',
    annotations: { readOnlyHint: false },
    inputSchema: fromJsonSchema({
      type: 'object',
      properties: { payment_intent: { type: 'string' }, amount: { type: 'integer' } },
    }),
  }, async (args, ctx) => echo('create_refund', args, ctx?.http?.req ?? context.requestInfo));
  mcp.registerResource('balance', 'demo://balance', { mimeType: 'application/json' },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify({ available: 1000 }) }] }));
  return mcp;
}

const handler = createMcpHandler(server, { onerror: (error) => console.error(`mcp: ${error?.message ?? error}`) });
setInterval(() => handler.notify.toolsChanged(), 200).unref();

const http = createServer(async (req, res) => {
  try {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = chunks.length ? Buffer.concat(chunks) : undefined;
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers: Object.entries(req.headers).flatMap(([name, value]) =>
        Array.isArray(value) ? value.map((v) => [name, v]) : [[name, value]]),
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
      signal: controller.signal,
    });
    const response = await handler.fetch(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (response.body) {
      Readable.fromWeb(response.body).on('error', () => res.destroy()).pipe(res);
    } else {
      res.end();
    }
  } catch (error) {
    console.error(`request failed: ${error?.stack ?? error}`);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  }
});
http.listen(port, '127.0.0.1', () => console.log(String(http.address().port)));
