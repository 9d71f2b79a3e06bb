/**
 * The status page of `spindle run --status`: one self-contained HTML document
 * (no framework, no external resource) whose script polls `status.json` every
 * second and redraws. Data is written with `textContent` only, so a service
 * or error text can never inject markup.
 */
export const STATUS_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Spindle status</title>
<style>
  :root { color-scheme: light; --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; --line: #d0d7de; }
  body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5rem; color: #1f2328; background: #fff; }
  h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
  h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
  h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
  table { border-collapse: collapse; width: 100%; margin-bottom: .5rem; }
  th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
  th { background: #f6f8fa; font-weight: 600; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; }
  code { font: 13px ui-monospace, monospace; }
  .meta { color: #57606a; }
  .state { font-weight: 600; text-transform: uppercase; font-size: 12px; padding: .1rem .4rem; border-radius: 4px; color: #fff; }
  .state-healthy { background: var(--ok); }
  .state-ejected, .state-removed { background: var(--bad); }
  .state-probing { background: var(--warn); }
  .error { color: var(--bad); }
  .empty { color: #57606a; font-style: italic; }
  #connection.down { color: var(--bad); font-weight: 600; }
</style>
</head>
<body>
<h1>Spindle status</h1>
<p class="meta">pid <span id="pid">?</span> · up <span id="uptime">?</span> s · <span id="files"></span> ·
  updated <span id="updated">never</span> <span id="connection"></span></p>
<h2>Pools</h2>
<div id="pools"><p class="empty">no pool in this context</p></div>
<h2>Exporters</h2>
<div id="exporters"></div>
<h2>Proxies</h2>
<div id="proxies"></div>
<h2>Objects</h2>
<div id="objects"></div>
<script>
'use strict';
function el(tag, attrs, children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
  for (const child of children || []) {
    node.append(child instanceof Node ? child : document.createTextNode(child === null || child === undefined ? '' : String(child)));
  }
  return node;
}
function table(headers, rows, attrs) {
  const head = el('tr', {}, headers.map((h) => el('th', {}, [h])));
  return el('table', attrs, [el('thead', {}, [head]), el('tbody', {}, rows)]);
}
function num(value) { return el('td', { class: 'num' }, [value]); }
function replace(id, nodes, emptyText) {
  const holder = document.getElementById(id);
  holder.replaceChildren(...(nodes.length > 0 ? nodes : [el('p', { class: 'empty' }, [emptyText])]));
}
function render(status) {
  document.getElementById('pid').textContent = status.pid;
  document.getElementById('uptime').textContent = status.uptimeSeconds;
  document.getElementById('files').textContent = status.files.join(', ');
  document.getElementById('updated').textContent = new Date(status.generatedAt).toLocaleTimeString();
  replace('pools', status.pools.map((pool) => el('section', { 'data-pool': pool.id }, [
    el('h3', {}, [pool.id + ' — ' + pool.healthy + ' of ' + pool.members.length + ' healthy · retries: ' + pool.retries]),
    table(['member', 'state', 'calls', 'failures', 'faults', 'ejections', 'in flight', 'mean ms', 'p99 ms', 'last error'],
      pool.members.map((m) => el('tr', { 'data-member': m.description, 'data-state': m.state }, [
        el('td', {}, [el('code', {}, [m.description])]),
        el('td', {}, [el('span', { class: 'state state-' + m.state }, [m.state])]),
        num(m.calls), num(m.failures), num(m.faults), num(m.ejections), num(m.inFlight),
        num(m.meanLatencyMs), num(m.p99LatencyMs),
        el('td', { class: 'error' }, [m.lastError === null ? '' : m.lastError + ' (' + new Date(m.lastErrorAt).toLocaleTimeString() + ')']),
      ]))),
  ])), 'no pool in this context');
  replace('exporters', status.exporters.length === 0 ? [] : [table(['id', 'listens on', 'methods', 'calls', 'errors', 'in flight', 'mean ms'],
    status.exporters.map((x) => el('tr', { 'data-exporter': x.id }, [
      el('td', {}, [x.id]), el('td', {}, [el('code', {}, [x.url || 'not started'])]), el('td', {}, [x.methods.join(', ')]),
      num(x.calls), num(x.errors), num(x.inFlight), num(x.meanLatencyMs),
    ])))], 'no exporter in this context');
  replace('proxies', status.proxies.length === 0 ? [] : [table(['id', 'target', 'calls', 'faults', 'transport failures', 'last error'],
    status.proxies.map((p) => el('tr', { 'data-proxy': p.id }, [
      el('td', {}, [p.id]), el('td', {}, [el('code', {}, [p.target])]),
      num(p.calls), num(p.faults), num(p.transportFailures), el('td', { class: 'error' }, [p.lastError || '']),
    ])))], 'no plain proxy in this context');
  replace('objects', status.objects.length === 0 ? [] : [table(['id', 'class', 'scope', 'kind'],
    status.objects.map((o) => el('tr', { 'data-object': o.id }, [
      el('td', {}, [o.id]), el('td', {}, [el('code', {}, [o.className])]), el('td', {}, [o.scope]), el('td', {}, [o.kind]),
    ])))], 'no object');
}
async function poll() {
  const connection = document.getElementById('connection');
  try {
    const response = await fetch('status.json', { cache: 'no-store' });
    if (!response.ok) throw new Error('HTTP ' + response.status);
    render(await response.json());
    connection.textContent = '';
    connection.className = '';
  } catch (error) {
    connection.textContent = '— cannot reach the process (' + error.message + ')';
    connection.className = 'down';
  }
  setTimeout(poll, 1000);
}
poll();
</script>
</body>
</html>
`;
