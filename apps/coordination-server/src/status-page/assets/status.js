// The coordination-server's status page: every agent from `coordination.state`, then kept live
// from `GET /events`. Plain script, no build step. The token (when the server has auth on) lives
// in sessionStorage and goes out as an Authorization header only: fetch streaming reads /events,
// because EventSource cannot send headers and a token must never travel in a URL.
(() => {
  'use strict';

  const ROOT = new URL('..', document.baseURI); // the page is /status/, the server's root is one up
  const TOKEN_KEY = 'agentcore-coordination-token';
  const SPARK_POINTS = 60;
  const $ = (id) => document.getElementById(id);

  /** agent id → { state, loads: number[], risk, stale, ejectedUntil, lastReport } */
  const agents = new Map();
  const dirty = new Set();
  let lastEventId = '';
  let rpcId = 0;
  let renderQueued = false;
  let controller = new AbortController();

  class AuthError extends Error {}

  const token = () => sessionStorage.getItem(TOKEN_KEY);

  function headers(extra) {
    const all = Object.assign({}, extra);
    const t = token();
    if (t) all.authorization = `Bearer ${t}`;
    return all;
  }

  async function rpc(method, params) {
    const response = await fetch(new URL('rpc', ROOT), {
      method: 'POST',
      headers: headers({ 'content-type': 'application/json' }),
      body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params }),
      signal: controller.signal,
    });
    const body = await response.json();
    if (body.error) {
      // -32001 unauthorized, -32003 forbidden (an agent token may not read states)
      if (body.error.code === -32001 || body.error.code === -32003) throw new AuthError(body.error.message);
      throw new Error(body.error.message);
    }
    return body.result;
  }

  function agent(id) {
    let entry = agents.get(id);
    if (!entry) {
      entry = { state: null, loads: [], risk: null, stale: false, ejectedUntil: null, lastReport: null };
      agents.set(id, entry);
    }
    return entry;
  }

  function applyState(state) {
    const entry = agent(state.agent_id);
    const first = entry.state === null;
    entry.state = state;
    const load = state.signals && state.signals.load;
    if (first && load) entry.loads.push(load.value);
    const newest = Object.values(state.signals || {}).reduce((max, s) => (s.timestamp > max ? s.timestamp : max), '');
    if (newest && (!entry.lastReport || newest > entry.lastReport)) entry.lastReport = newest;
    if (state.ejected_until) entry.ejectedUntil = state.ejected_until;
  }

  async function loadAll() {
    const seen = new Set();
    let cursor = null;
    do {
      const page = await rpc('coordination.state', { limit: 1000, cursor });
      for (const state of page.states) {
        applyState(state);
        seen.add(state.agent_id);
      }
      cursor = page.next_cursor;
    } while (cursor);
    for (const id of [...agents.keys()]) if (!seen.has(id)) agents.delete(id);
    queueRender();
  }

  /** Scores change with signals: read the states of agents that reported, at most once a second. */
  async function refreshDirty() {
    if (dirty.size === 0) return;
    const ids = [...dirty].slice(0, 1000);
    for (const id of ids) dirty.delete(id);
    const result = await rpc('coordination.state', { agent_ids: ids });
    for (const state of result.states) applyState(state);
    queueRender();
  }

  function onEvent(type, data) {
    switch (type) {
      case 'signals': {
        const entry = agent(data.agent_id);
        if (typeof data.latest.load === 'number') {
          entry.loads.push(data.latest.load);
          if (entry.loads.length > SPARK_POINTS) entry.loads.splice(0, entry.loads.length - SPARK_POINTS);
        }
        entry.stale = false;
        if (!entry.lastReport || data.last_timestamp > entry.lastReport) entry.lastReport = data.last_timestamp;
        dirty.add(data.agent_id);
        break;
      }
      case 'agent_stale':
        agent(data.agent_id).stale = true;
        break;
      case 'agent_expired':
        agents.delete(data.agent_id);
        dirty.delete(data.agent_id);
        break;
      case 'overload_predicted':
        // A prediction speaks for its horizon; after that it is old news unless repeated.
        agent(data.agent_id).risk = {
          probability: data.probability,
          inSeconds: data.time_to_overload_seconds,
          untilMs: Date.parse(data.time) + data.horizon_seconds * 1000,
        };
        break;
      case 'overload_cleared':
        agent(data.agent_id).risk = null;
        break;
      case 'agent_ejected':
        agent(data.agent_id).ejectedUntil = data.until || 'later';
        break;
      case 'agent_restored':
        agent(data.agent_id).ejectedUntil = null;
        break;
      case 'selection_mode':
        pill('selection', data.mode, data.mode === 'coordinated' ? 'selection: coordinated' : `selection: fallback (${data.mode})`);
        break;
      case 'replication_degraded':
      case 'replication_recovered':
        pill('replication', data.mode, `replication: ${data.mode}`);
        break;
      case 'reset':
        // Events were missed (a long disconnection, or another server): read everything again.
        loadAll().catch(showError);
        break;
      default:
      // An event this page does not know: a newer server.
    }
    queueRender();
  }

  /** Server-Sent Events framing (the server sends LF line ends and one data line per event). */
  function sseParser(dispatch) {
    let buffer = '';
    let fields = { id: null, event: 'message', data: [] };
    return (text) => {
      buffer += text;
      const lines = buffer.split('\n');
      buffer = lines.pop();
      for (const raw of lines) {
        const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (line === '') {
          if (fields.data.length > 0) dispatch(fields.event, fields.data.join('\n'), fields.id);
          fields = { id: null, event: 'message', data: [] };
        } else if (!line.startsWith(':')) {
          const colon = line.indexOf(':');
          const name = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (name === 'data') fields.data.push(value);
          else if (name === 'event') fields.event = value;
          else if (name === 'id') fields.id = value;
        }
      }
    };
  }

  async function stream() {
    let failures = 0;
    for (;;) {
      try {
        const extra = { accept: 'text/event-stream' };
        if (lastEventId) extra['last-event-id'] = lastEventId;
        const response = await fetch(new URL('events', ROOT), { headers: headers(extra), signal: controller.signal });
        if (response.status === 401 || response.status === 403) throw new AuthError(`GET /events: HTTP ${response.status}`);
        if (!response.ok) throw new Error(`GET /events: HTTP ${response.status}`);
        pill('connection', 'live', 'live');
        failures = 0;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        const parse = sseParser((type, data, id) => {
          if (id !== null) lastEventId = id;
          onEvent(type, JSON.parse(data));
        });
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parse(value);
        }
      } catch (error) {
        if (error instanceof AuthError) throw error;
        if (controller.signal.aborted) return;
      }
      failures++;
      pill('connection', 'reconnecting', 'reconnecting…');
      await new Promise((resolve) => setTimeout(resolve, Math.min(30000, 500 * 2 ** Math.min(failures, 6)) * (0.5 + Math.random() / 2)));
    }
  }

  function pill(id, state, text) {
    const el = $(id);
    el.hidden = false;
    el.dataset.state = state;
    el.textContent = text;
  }

  function queueRender() {
    if (renderQueued) return;
    renderQueued = true;
    requestAnimationFrame(() => {
      renderQueued = false;
      render();
    });
  }

  function sparkline(values) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('class', 'spark');
    svg.setAttribute('viewBox', '0 0 120 24');
    svg.setAttribute('preserveAspectRatio', 'none');
    const threshold = document.createElementNS(ns, 'line');
    for (const [k, v] of [['x1', 0], ['x2', 120], ['y1', 24 - 0.8 * 22 - 1], ['y2', 24 - 0.8 * 22 - 1]]) threshold.setAttribute(k, String(v));
    svg.appendChild(threshold);
    if (values.length > 0) {
      const step = values.length > 1 ? 120 / (values.length - 1) : 0;
      const points = values.map((v, i) => `${(i * step).toFixed(1)},${(24 - v * 22 - 1).toFixed(1)}`);
      if (values.length === 1) points.push(`120,${(24 - values[0] * 22 - 1).toFixed(1)}`);
      const line = document.createElementNS(ns, 'polyline');
      line.setAttribute('points', points.join(' '));
      svg.appendChild(line);
    }
    svg.dataset.points = String(values.length);
    return svg;
  }

  function ago(iso) {
    if (!iso) return '—';
    const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    return seconds < 60 ? `${seconds} s ago` : seconds < 3600 ? `${Math.round(seconds / 60)} min ago` : `${Math.round(seconds / 3600)} h ago`;
  }

  function cell(row, className, content) {
    const td = document.createElement('td');
    td.className = className;
    if (content instanceof Node) td.appendChild(content);
    else td.textContent = content;
    row.appendChild(td);
    return td;
  }

  function render() {
    const query = $('search').value.trim().toLowerCase();
    const ids = [...agents.keys()].sort();
    const shown = ids.filter((id) => id.toLowerCase().includes(query));
    const body = document.querySelector('#agents tbody');
    const rows = document.createDocumentFragment();
    const now = Date.now();
    for (const id of shown) {
      const entry = agents.get(id);
      const state = entry.state;
      const row = document.createElement('tr');
      row.dataset.agent = id;
      if (entry.stale) row.classList.add('stale');
      const name = cell(row, 'agent', id);
      if (entry.stale) name.appendChild(Object.assign(document.createElement('span'), { className: 'badge', textContent: 'stale' }));
      if (entry.ejectedUntil) name.appendChild(Object.assign(document.createElement('span'), { className: 'badge ejected', textContent: 'ejected' }));
      cell(row, 'num score', state ? state.routing_score.toFixed(3) : '…');
      const load = state ? 1 - state.load_score : null;
      const loadCell = cell(row, 'num load', '');
      if (load !== null) {
        const bar = document.createElement('span');
        bar.className = 'bar';
        const fill = document.createElement('span');
        fill.style.width = `${Math.round(load * 100)}%`; // CSSOM, which the page's CSP allows (a style attribute it would not)
        bar.appendChild(fill);
        loadCell.append(bar, `${Math.round(load * 100)} %`);
      } else loadCell.textContent = '…';
      cell(row, 'num inflight', state && typeof state.in_flight === 'number' ? String(Math.round(state.in_flight * 10) / 10) : '—');
      const risk = entry.risk && entry.risk.untilMs > now ? entry.risk : null;
      const riskCell = cell(
        row,
        'num risk',
        risk ? `${Math.round(risk.probability * 100)} %${risk.inSeconds === null ? '' : ` in ${Math.round(risk.inSeconds)} s`}` : '—',
      );
      if (risk) riskCell.classList.add(risk.probability >= 0.5 ? 'risk-high' : 'risk-some');
      cell(row, 'spark', sparkline(entry.loads));
      cell(row, 'reported', ago(entry.lastReport));
      rows.appendChild(row);
    }
    body.replaceChildren(rows);
    $('count').textContent = query ? `${shown.length} of ${ids.length} agents` : `${ids.length} agents`;
    $('empty').hidden = ids.length > 0;
  }

  function showError(error) {
    if (error instanceof AuthError) {
      askForToken(token() ? 'That token was refused (it needs the router or admin role).' : '');
      return;
    }
    pill('connection', 'reconnecting', `error: ${error.message}`);
  }

  function askForToken(message) {
    controller.abort();
    pill('connection', 'token', 'token needed');
    $('token-form').hidden = false;
    $('main').hidden = true;
    $('token-error').hidden = !message;
    $('token-error').textContent = message;
    $('token').focus();
  }

  async function start() {
    controller = new AbortController();
    $('token-form').hidden = true;
    $('main').hidden = false;
    $('forget').hidden = !token();
    pill('connection', 'connecting', 'connecting…');
    try {
      await loadAll();
      fetch(new URL('version', ROOT), { headers: headers({}) })
        .then((r) => (r.ok ? r.json() : null))
        .then((v) => {
          if (v) $('version').textContent = `coordination-server ${v.version} (commit ${v.commit.slice(0, 12)}, node ${v.node})`;
        })
        .catch(() => undefined);
      await stream();
    } catch (error) {
      if (!controller.signal.aborted || error instanceof AuthError) showError(error);
    }
  }

  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    $('token').value = '';
    start();
  });
  $('forget').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    agents.clear();
    render();
    askForToken('');
  });
  $('search').addEventListener('input', queueRender);
  setInterval(() => refreshDirty().catch(showError), 1000);
  setInterval(queueRender, 5000); // "n s ago" and prediction horizons age
  start();
})();
