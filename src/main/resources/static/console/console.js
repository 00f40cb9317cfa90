// The operators' page: reads GET /api/v1/console and draws it; replay and discard call the DLQ API.
// Every value goes in as text (never as HTML). POSTs carry the CSRF token from the XSRF-TOKEN cookie.
'use strict';

const REFRESH_MS = 10000;
let canAct = false;

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else if (k.startsWith('data-')) e.setAttribute(k, v); else e[k] = v;
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
  return e;
}

// 2026-11-22T10:00:00+08:00 -> 2026-11-22 10:00:00 (the page says the zone once, at the top)
function time(t) {
  return t ? String(t).replace('T', ' ').replace(/(\.\d+)?([+-]\d\d:\d\d|Z)$/, '') : '';
}

function fill(tableId, rows, columns, empty) {
  const body = document.querySelector('#' + tableId + ' tbody');
  body.replaceChildren();
  if (!rows.length) {
    const span = document.querySelectorAll('#' + tableId + ' thead th').length;
    body.append(el('tr', {}, el('td', { class: 'empty', colSpan: span }, empty)));
    return;
  }
  for (const row of rows) body.append(columns(row));
}

function status(text, error) {
  const s = document.getElementById('status');
  s.textContent = text;
  s.className = error ? 'error' : '';
}

function csrfHeader() {
  const m = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]*)/);
  return m ? { 'X-XSRF-TOKEN': decodeURIComponent(m[1]) } : {};
}

async function post(url, body) {
  const r = await fetch(url, {
    method: 'POST', credentials: 'same-origin',
    headers: Object.assign({ 'Content-Type': 'application/json', 'Accept': 'application/json' }, csrfHeader()),
    body: body == null ? '' : JSON.stringify(body)
  });
  let json = {};
  try { json = await r.json(); } catch (e) { /* no body */ }
  if (!r.ok) {
    const fields = (json.fields || []).map(f => f.field + ' ' + f.message).join('; ');
    throw new Error(r.status + ' ' + (fields || json.error || r.statusText));
  }
  return json;
}

function drawRoutes(routes) {
  fill('routes', routes, r => el('tr', { 'data-route-id': r.id },
    el('td', { title: r.from }, r.id),
    r.onDemand && r.state === 'Stopped'
      ? el('td', { class: 'state-idle', title: 'started by each consolidation run, stopped between runs' }, 'Idle (runs nightly)')
      : el('td', { class: 'state-' + r.state }, r.state),
    el('td', { class: 'n' }, r.exchangesTotal),
    el('td', { class: 'n' }, r.exchangesFailed),
    el('td', { class: 'n' }, r.exchangesInflight),
    el('td', { class: 'n' }, r.meanProcessingMs >= 0 ? r.meanProcessingMs : ''),
    el('td', {}, time(r.lastExchangeAt))), 'no routes');
}

function drawForms(summary, open) {
  fill('form-summary', summary, s => el('tr', { class: s.breached > 0 ? 'breached' : '' },
    el('td', {}, s.formType), el('td', {}, s.state), el('td', { class: 'n' }, s.open),
    el('td', { class: 'n' }, s.breached)), 'no open forms');
  fill('open-forms', open, f => el('tr', { class: f.breached ? 'breached' : '', 'data-form-no': f.formNo },
    el('td', {}, f.formNo), el('td', {}, f.formType), el('td', {}, f.state), el('td', {}, f.custNo),
    el('td', {}, f.grade),
    el('td', { class: 'deadline' }, time(f.deadline), f.breached ? el('span', { class: 'late' }, ' past deadline') : '')),
    'no open forms');
}

function drawAlarms(alarms) {
  fill('alarms', alarms, a => el('tr', { 'data-alarm-no': a.alarmNo },
    el('td', {}, time(a.raisedAt)), el('td', { class: 'level-' + a.level }, a.level), el('td', {}, a.kind),
    el('td', {}, a.formNo), el('td', {}, a.custNo), el('td', {}, a.message)), 'no alarms');
}

function drawDeadLetters(letters) {
  fill('dlq', letters, m => {
    const actions = el('td', { class: 'actions' });
    if (canAct) {
      const reason = el('input', { type: 'text', class: 'reason', placeholder: 'reason to discard' });
      const replay = el('button', { type: 'button', class: 'replay', title: 'put it back on ' + m.sourceQueue }, 'Replay');
      const discard = el('button', { type: 'button', class: 'discard' }, 'Discard');
      replay.onclick = () => act(() => post('/api/v1/dlq/' + encodeURIComponent(m.messageId) + '/replay'),
        'replayed to ' + m.sourceQueue);
      discard.onclick = () => {
        if (!reason.value.trim()) { status('Say why the message is thrown away', true); reason.focus(); return; }
        act(() => post('/api/v1/dlq/' + encodeURIComponent(m.messageId) + '/discard', { reason: reason.value.trim() }),
          'discarded');
      };
      actions.append(replay, ' ', reason, ' ', discard);
    }
    return el('tr', { 'data-message-id': m.messageId },
      el('td', { title: m.messageId }, time(m.deadAt)), el('td', {}, m.sourceQueue),
      el('td', { class: 'error' }, m.error), el('td', { class: 'body' }, m.body), actions);
  }, 'hub.dlq is empty');
}

function drawRuns(runs) {
  fill('runs', runs, r => el('tr', { 'data-run-id': r.runId },
    el('td', {}, r.runId), el('td', {}, r.businessDate), el('td', {}, r.trigger + (r.requestedBy ? ' (' + r.requestedBy + ')' : '')),
    el('td', { class: 'status-' + r.status }, r.status), el('td', {}, time(r.startedAt)), el('td', {}, time(r.endedAt)),
    el('td', {}, (r.sources || []).map(s => s.source + ': ' + s.files + ' · ' + s.read + ' / ' + s.loaded + ' / '
      + s.rejected).join('\n')),
    el('td', {}, r.message)), 'no runs yet');
}

async function act(call, done) {
  try {
    const r = await call();
    status(done + ' (' + r.messageId + ')');
  } catch (e) {
    status('Not done: ' + e.message, true);
  }
  await load();
}

async function load() {
  let r;
  try {
    r = await fetch('/api/v1/console', { credentials: 'same-origin', headers: { 'Accept': 'application/json' } });
  } catch (e) {
    status('The hub does not answer: ' + e.message, true);
    return;
  }
  if (r.status === 401) { window.location.assign('/login'); return; }
  if (!r.ok) { status('Cannot read the console: HTTP ' + r.status, true); return; }
  const view = await r.json();
  canAct = view.canAct;
  document.getElementById('who').textContent = view.user + (view.canAct ? ' (operator)' : ' (viewer)');
  document.getElementById('clock').textContent = time(view.now) + ' ' + view.zone;
  drawRoutes(view.routes);
  drawForms(view.formSummary, view.openForms);
  drawAlarms(view.alarms);
  drawDeadLetters(view.deadLetters);
  drawRuns(view.runs);
  document.body.dataset.loaded = 'true';
}

document.getElementById('logout').onclick = async () => {
  await fetch('/logout', { method: 'POST', credentials: 'same-origin', headers: csrfHeader() });
  window.location.assign('/login?logout');
};

load();
setInterval(() => {
  // do not redraw under an operator typing a reason
  const typing = [...document.querySelectorAll('#dlq input.reason')].some(i => i.value || i === document.activeElement);
  if (!typing) load();
}, REFRESH_MS);
