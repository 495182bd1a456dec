// The Pulse dashboard. Everything from the API is put on the page as text (textContent), never as HTML, so
// telemetry cannot inject markup or script.
'use strict';

const state = { antiforgery: null, timer: null, selectedSpan: null };
const palette = ['#4f46e5', '#0891b2', '#db2777', '#16a34a', '#ea580c', '#7c3aed', '#0d9488', '#ca8a04'];

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'style') Object.assign(node.style, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function api(path, options) {
  const response = await fetch(path, { credentials: 'same-origin', ...options });
  if (response.status === 401) { location.href = '/login'; throw new Error('signed out'); }
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  return response.status === 204 ? null : response.json();
}

async function post(path) {
  if (!state.antiforgery) state.antiforgery = await api('/api/antiforgery');
  return api(path, { method: 'POST', headers: { [state.antiforgery.header_name]: state.antiforgery.request_token } });
}

// Each service keeps one colour for the session, in the order the graph lists its resources, then as seen.
const colors = new Map();
function serviceColor(name) {
  if (!colors.has(name)) colors.set(name, palette[colors.size % palette.length]);
  return colors.get(name);
}

const time = iso => new Date(iso).toLocaleTimeString([], { hour12: false }) + '.' + String(new Date(iso).getMilliseconds()).padStart(3, '0');
const ms = value => value >= 1000 ? (value / 1000).toFixed(2) + ' s' : value.toFixed(value < 10 ? 2 : 1) + ' ms';
const badge = (text, extra) => el('span', { class: `badge ${text || ''} ${extra || ''}` }, text || '—');
const setStatus = text => { document.getElementById('status').textContent = text; };

function every(milliseconds, refresh) {
  clearInterval(state.timer);
  const run = () => refresh().then(() => setStatus('updated ' + new Date().toLocaleTimeString([], { hour12: false })), e => setStatus('error: ' + e.message));
  run();
  state.timer = setInterval(run, milliseconds);
}

function attributesTable(attributes) {
  const entries = Object.entries(attributes || {});
  if (entries.length === 0) return el('p', { class: 'muted' }, 'No attributes.');
  return el('table', { class: 'attributes' },
    el('tbody', {}, entries.sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) =>
      el('tr', {}, el('td', { class: 'mono' }, key), el('td', { class: 'mono' }, value)))));
}

async function servicesSelect(id, selected, onchange) {
  const resources = await api('/api/resources');
  return el('select', { id, onchange },
    el('option', { value: '' }, 'All resources'),
    resources.filter(r => r.kind === 'Project').map(r => el('option', { value: r.name, selected: r.name === selected ? 'selected' : null }, r.name)));
}

// Resources: state, health, endpoints, environment (masked by the server), and the commands.
function resourcesView(main) {
  const table = el('tbody');
  main.append(el('h2', {}, 'Resources'),
    el('table', { id: 'resources' }, el('thead', {}, el('tr', {}, ['Name', 'Kind', 'State', 'Health', 'Endpoint', 'PID', 'Environment', 'Actions'].map(h => el('th', {}, h)))), table));
  const open = new Set();
  every(2000, async () => {
    const resources = await api('/api/resources');
    table.querySelectorAll('details[open]').forEach(d => open.add(d.dataset.name));
    table.replaceChildren(...resources.map(r => {
      const command = name => async event => {
        event.target.disabled = true;
        try { await post(`/api/resources/${encodeURIComponent(r.name)}/${name}`); } catch (e) { setStatus(`${name} failed: ${e.message}`); }
      };
      const running = r.state === 'Running' || r.state === 'Starting';
      return el('tr', { 'data-resource': r.name },
        el('td', {}, el('strong', {}, r.name), r.error ? el('div', { class: 'error-text' }, r.error) : null),
        el('td', { class: 'muted' }, r.kind),
        el('td', {}, badge(r.state, 'state')),
        el('td', {}, r.health ? badge(r.health, 'health') : el('span', { class: 'muted' }, '—')),
        el('td', { class: 'mono' }, r.endpoints.map(e => e.startsWith('http') ? el('a', { href: e, target: '_blank', rel: 'noopener noreferrer' }, e) : e)),
        el('td', { class: 'mono muted' }, r.pid ?? ''),
        el('td', {}, r.environment.length === 0 ? el('span', { class: 'muted' }, '—') :
          el('details', { 'data-name': r.name, open: open.has(r.name) ? 'open' : null },
            el('summary', {}, `${r.environment.length} variables`),
            el('table', { class: 'env' }, el('tbody', {}, r.environment.map(v =>
              el('tr', {}, el('td', { class: 'mono' }, v.name), el('td', { class: 'mono' + (v.secret ? ' muted' : '') }, v.value))))))),
        el('td', {}, el('div', { class: 'actions' },
          el('button', { class: 'secondary', 'data-command': 'stop', disabled: running ? null : 'disabled', onclick: command('stop') }, 'Stop'),
          el('button', { class: 'secondary', 'data-command': 'start', disabled: running ? 'disabled' : null, onclick: command('start') }, 'Start'),
          el('button', { 'data-command': 'restart', onclick: command('restart') }, 'Restart'),
          el('a', { href: `#/console/${encodeURIComponent(r.name)}` }, 'Console'))));
    }));
  });
}

// Console: the live output of one resource.
async function consoleView(main, name) {
  const resources = await api('/api/resources');
  name = name || (resources[0] && resources[0].name);
  const output = el('pre', { class: 'console', id: 'console' });
  main.append(el('h2', {}, 'Console'),
    el('div', { class: 'toolbar' }, el('select', { id: 'console-resource', onchange: e => { location.hash = '#/console/' + encodeURIComponent(e.target.value); } },
      resources.map(r => el('option', { value: r.name, selected: r.name === name ? 'selected' : null }, r.name)))),
    output);
  if (!name) return;
  every(1000, async () => {
    const lines = await api(`/api/resources/${encodeURIComponent(name)}/console?limit=2000`);
    const atBottom = output.scrollTop + output.clientHeight >= output.scrollHeight - 20;
    output.replaceChildren(...lines.map(line => el('div', { class: line.stream }, el('span', { class: 'ts' }, time(line.timestamp)), line.text)));
    if (atBottom) output.scrollTop = output.scrollHeight;
  });
}

// Structured logs: filter by resource, minimum level and text.
async function logsView(main, params) {
  const filters = { service: params.get('service') || '', level: params.get('level') || '', q: params.get('q') || '' };
  const apply = () => { location.hash = '#/logs?' + new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString(); };
  const body = el('tbody');
  main.append(el('h2', {}, 'Structured logs'),
    el('div', { class: 'toolbar' },
      await servicesSelect('logs-service', filters.service, e => { filters.service = e.target.value; apply(); }),
      el('select', { id: 'logs-level', onchange: e => { filters.level = e.target.value; apply(); } },
        ['', 'Trace', 'Debug', 'Information', 'Warning', 'Error', 'Critical'].map(l =>
          el('option', { value: l, selected: l === filters.level ? 'selected' : null }, l ? l + ' and above' : 'Any level'))),
      el('input', { id: 'logs-text', type: 'search', placeholder: 'Filter text', value: filters.q, onchange: e => { filters.q = e.target.value; apply(); } })),
    el('table', { id: 'logs' }, el('thead', {}, el('tr', {}, ['Time', 'Resource', 'Level', 'Message', 'Trace'].map(h => el('th', {}, h)))), body));
  const expanded = new Set();
  every(2000, async () => {
    const query = new URLSearchParams(Object.entries({ ...filters, limit: 500 }).filter(([, v]) => v));
    const logs = await api('/api/logs?' + query);
    if (logs.length === 0) { body.replaceChildren(el('tr', {}, el('td', { colspan: 5, class: 'muted' }, 'No log records match.'))); return; }
    body.replaceChildren(...logs.flatMap((log, index) => {
      const key = log.timestamp + log.message;
      const row = el('tr', { class: 'clickable', 'data-level': log.level, onclick: () => { expanded.has(key) ? expanded.delete(key) : expanded.add(key); detail.hidden = !detail.hidden; } },
        el('td', { class: 'mono muted' }, time(log.timestamp)),
        el('td', {}, log.service),
        el('td', {}, badge(log.level)),
        el('td', { class: 'mono' }, log.message),
        el('td', {}, log.trace_id ? el('a', { class: 'mono', href: '#/traces/' + log.trace_id, onclick: e => e.stopPropagation() }, log.trace_id.slice(0, 8)) : ''));
      const detail = el('tr', { hidden: expanded.has(key) ? null : 'hidden' }, el('td', { colspan: 5 }, attributesTable(log.attributes)));
      return [row, detail];
    }));
  });
}

// Traces: the newest first, by resource.
async function tracesView(main, params) {
  const service = params.get('service') || '';
  const body = el('tbody');
  main.append(el('h2', {}, 'Traces'),
    el('div', { class: 'toolbar' }, await servicesSelect('traces-service', service, e => {
      location.hash = '#/traces' + (e.target.value ? '?service=' + encodeURIComponent(e.target.value) : '');
    })),
    el('table', { id: 'traces' }, el('thead', {}, el('tr', {}, ['Start', 'Root span', 'Resources', 'Spans', 'Duration', 'Trace id'].map(h => el('th', {}, h)))), body));
  every(3000, async () => {
    const traces = await api('/api/traces?limit=100' + (service ? '&service=' + encodeURIComponent(service) : ''));
    if (traces.length === 0) { body.replaceChildren(el('tr', {}, el('td', { colspan: 6, class: 'muted' }, 'No traces yet.'))); return; }
    body.replaceChildren(...traces.map(t => el('tr', { class: 'clickable', 'data-trace': t.trace_id, onclick: () => { location.hash = '#/traces/' + t.trace_id; } },
      el('td', { class: 'mono muted' }, time(t.start)),
      el('td', {}, t.root),
      el('td', {}, t.services.map(s => el('span', { class: 'span-service', style: { background: serviceColor(s) } }, s))),
      el('td', {}, t.span_count),
      el('td', { class: 'mono' }, ms(t.duration_ms)),
      el('td', { class: 'mono muted' }, t.trace_id))));
  });
}

// One trace as a waterfall across services: each span under its parent, its bar placed in time.
async function traceView(main, traceId) {
  clearInterval(state.timer);
  const spans = await api('/api/traces/' + encodeURIComponent(traceId));
  const byParent = new Map();
  const ids = new Set(spans.map(s => s.span_id));
  for (const span of spans) {
    const parent = span.parent_span_id && ids.has(span.parent_span_id) ? span.parent_span_id : null;
    if (!byParent.has(parent)) byParent.set(parent, []);
    byParent.get(parent).push(span);
  }
  const ordered = [];
  const walk = (parent, depth) => (byParent.get(parent) || []).forEach(span => { ordered.push({ span, depth }); walk(span.span_id, depth + 1); });
  walk(null, 0);
  const start = Math.min(...spans.map(s => Date.parse(s.start)));
  const end = Math.max(...spans.map(s => Date.parse(s.start) + s.duration_ms));
  const total = Math.max(end - start, 0.001);
  const details = el('div', { class: 'details', id: 'span-details' });
  const select = (span, row) => {
    document.querySelectorAll('.span-row.selected').forEach(r => r.classList.remove('selected'));
    row.classList.add('selected');
    details.replaceChildren(el('h3', {}, span.name),
      el('p', { class: 'muted' }, `${span.service} · ${span.kind} · ${ms(span.duration_ms)} · status `, badge(span.status)),
      attributesTable(span.attributes),
      span.events.length ? el('div', {}, el('h3', {}, 'Events'), span.events.map(e => el('div', {}, el('p', { class: 'mono' }, time(e.timestamp) + ' ' + e.name), attributesTable(e.attributes)))) : null);
  };
  const services = [...new Set(spans.map(s => s.service))];
  main.append(el('h2', {}, 'Trace ', el('span', { class: 'mono muted' }, traceId)),
    el('p', { class: 'muted' }, `${spans.length} spans across `, services.map(s => el('span', { class: 'span-service', style: { background: serviceColor(s) } }, s)), ` · ${ms(end - start)}`),
    el('div', { class: 'waterfall', id: 'waterfall' }, ordered.map(({ span, depth }) => {
      const offset = (Date.parse(span.start) - start) / total * 100;
      const width = Math.max(span.duration_ms / total * 100, 0.2);
      const row = el('div', { class: 'span-row', 'data-service': span.service, 'data-span': span.span_id },
        el('div', { class: 'span-label', style: { paddingLeft: (10 + depth * 16) + 'px' } },
          el('span', { class: 'span-service', style: { background: serviceColor(span.service) } }, span.service),
          el('span', { class: 'span-name' }, span.name)),
        el('div', { class: 'span-track' }, el('div', { class: 'span-bar ' + span.status, style: { left: offset + '%', width: width + '%', background: serviceColor(span.service) } })),
        el('div', { class: 'span-duration' }, ms(span.duration_ms)));
      row.addEventListener('click', () => select(span, row));
      return row;
    })),
    details);
  setStatus('');
}

// Metrics: the latest value of each instrument.
async function metricsView(main, params) {
  const service = params.get('service') || '';
  const body = el('tbody');
  main.append(el('h2', {}, 'Metrics'),
    el('div', { class: 'toolbar' }, await servicesSelect('metrics-service', service, e => {
      location.hash = '#/metrics' + (e.target.value ? '?service=' + encodeURIComponent(e.target.value) : '');
    })),
    el('table', { id: 'metrics' }, el('thead', {}, el('tr', {}, ['Resource', 'Metric', 'Kind', 'Value', 'Count', 'Unit', 'At'].map(h => el('th', {}, h)))), body));
  every(3000, async () => {
    const metrics = await api('/api/metrics' + (service ? '?service=' + encodeURIComponent(service) : ''));
    body.replaceChildren(...metrics.map(m => el('tr', { title: m.description },
      el('td', {}, m.service), el('td', { class: 'mono' }, m.name), el('td', { class: 'muted' }, m.kind),
      el('td', { class: 'mono' }, Number.isInteger(m.value) ? m.value : m.value.toFixed(3)),
      el('td', { class: 'mono' }, m.count ?? ''), el('td', { class: 'muted' }, m.unit), el('td', { class: 'mono muted' }, time(m.timestamp)))));
  });
}

async function route() {
  clearInterval(state.timer);
  const [path, query] = (location.hash.slice(1) || '/resources').split('?');
  const params = new URLSearchParams(query || '');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const main = document.getElementById('view');
  main.replaceChildren();
  document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.dataset.view === parts[0]));
  try {
    switch (parts[0]) {
      case 'console': await consoleView(main, parts[1]); break;
      case 'logs': await logsView(main, params); break;
      case 'traces': parts[1] ? await traceView(main, parts[1]) : await tracesView(main, params); break;
      case 'metrics': await metricsView(main, params); break;
      default: resourcesView(main);
    }
  } catch (e) {
    main.append(el('div', { class: 'empty' }, 'Could not load this view: ' + e.message));
  }
}

window.addEventListener('hashchange', route);
api('/api/resources').then(resources => resources.forEach(r => serviceColor(r.name)), () => {}).finally(route);
