import type { ServerResponse } from 'node:http';

import type { RegisteredMethod } from '../../rpc/index.js';
import type { Route } from './Route.js';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function signatureText(method: RegisteredMethod): string {
  if (method.signatures === undefined || method.signatures.length === 0)
    return escapeHtml(`${method.name}(…)`);
  return method.signatures
    .map((s) => escapeHtml(`${s[0] ?? 'any'} ${method.name}(${s.slice(1).join(', ')})`))
    .join('<br>');
}

/**
 * The HTML page a GET on a service path returns when documentation is on, in
 * the spirit of CPython's DocXMLRPCServer: every method with its signatures
 * and help. Help text is escaped, never trusted as markup.
 */
export function documentationPage(title: string, methods: readonly RegisteredMethod[]): string {
  const rows = methods
    .map(
      (m) =>
        `<dt id="${escapeHtml(m.name)}"><code>${signatureText(m)}</code></dt>\n` +
        `<dd>${m.help === '' ? '<em>no help</em>' : escapeHtml(m.help).replace(/\n/g, '<br>')}</dd>`,
    )
    .join('\n');
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' +
    `<title>${escapeHtml(title)}</title></head>\n<body>\n<h1>${escapeHtml(title)}</h1>\n` +
    `<p>XML-RPC service: POST a methodCall to this URL.</p>\n<dl>\n${rows}\n</dl>\n</body></html>\n`
  );
}

/** Answers a GET on `route`'s path with its documentation page. */
export function replyDocumentation(res: ServerResponse, route: Route): void {
  const page = Buffer.from(documentationPage(route.title, route.dispatcher.registry.entries()), 'utf8');
  res.writeHead(200, ['Content-Type', 'text/html; charset=utf-8', 'Content-Length', String(page.length)]);
  res.end(page);
}
