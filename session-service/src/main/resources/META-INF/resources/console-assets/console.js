// The console: plain JavaScript, no framework. Data from /console/api (cookie-authenticated),
// live updates from the session's Server-Sent Events stream.
(function () {
  'use strict';

  const page = document.body.dataset.page;

  const signOut = document.getElementById('sign-out');
  if (signOut) {
    signOut.addEventListener('click', async () => {
      await fetch('/console/logout', {method: 'POST', credentials: 'same-origin', headers: {'X-Console-Request': '1'}});
      window.location.assign('/console/login');
    });
  }

  async function api(path, options) {
    const response = await fetch(path, Object.assign({credentials: 'same-origin',
      // X-Console-Request: a cross-site page cannot send it without a preflight this server never grants (CSRF).
      headers: {'Content-Type': 'application/json', 'Accept': 'application/json', 'X-Console-Request': '1'}}, options || {}));
    if (response.status === 401) {
      window.location.assign('/console/login');
      throw new Error('signed out');
    }
    if (!response.ok) {
      let detail = response.statusText;
      try { detail = (await response.json()).detail || detail; } catch (e) { /* not JSON */ }
      throw new Error(detail);
    }
    return response.status === 204 ? null : response.json();
  }

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([k, v]) => {
      if (k === 'class') node.className = v; else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    });
    children.flat().forEach(c => node.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))));
    return node;
  }

  let me = null;
  async function whoAmI() {
    me = await api('/console/api/me');
    document.getElementById('me').textContent = (me.name || me.id) + ' · ' + me.role;
  }

  // ---- Today's sessions -------------------------------------------------------------------
  async function today() {
    const sessions = await api('/console/api/today');
    const body = document.querySelector('#sessions tbody');
    body.replaceChildren(...sessions.map(s => el('tr', {},
      el('td', {}, el('a', {href: '/console/sessions/' + s.id}, s.startLocal)),
      el('td', {}, s.patientId), el('td', {}, s.type), el('td', {}, s.state),
      el('td', {}, el('span', {class: 'badge' + (s.openAlerts > 0 ? ' hot' : ''),
        'aria-label': s.openAlerts + ' open alerts'}, s.openAlerts)))));
    if (!sessions.length) body.append(el('tr', {}, el('td', {colspan: 5}, 'No sessions today.')));
    document.getElementById('zone-note').textContent = 'Times in ' + me.timezone + '.';
  }

  // ---- Alerts (session panel and on-call view) --------------------------------------------
  const alerts = new Map(); // id -> snapshot (the newest version)

  function beep() {
    try {
      const audio = new (window.AudioContext || window.webkitAudioContext)();
      const tone = audio.createOscillator();
      tone.frequency.value = 880; tone.connect(audio.destination); tone.start(); tone.stop(audio.currentTime + 0.25);
    } catch (e) { /* no audio: the visual cue remains */ }
  }

  function renderAlerts(container, withSessionLink) {
    const open = [...alerts.values()].filter(a => a.status !== 'RESOLVED')
      .sort((a, b) => ['INFO', 'WARNING', 'CRITICAL'].indexOf(b.severity) - ['INFO', 'WARNING', 'CRITICAL'].indexOf(a.severity));
    container.replaceChildren(...open.map(a => {
      const comment = el('input', {type: 'text', 'aria-label': 'Comment', placeholder: 'Comment', id: 'comment-' + a.alertId});
      const act = action => async () => {
        try {
          await api('/console/api/alerts/' + a.alertId + '/' + action, {method: 'POST', body: JSON.stringify({comment: comment.value})});
          comment.value = '';
        } catch (e) { window.alert(e.message); }
      };
      return el('article', {class: 'alert ' + a.severity + (a.fresh ? ' new' : ''), 'data-alert-id': a.alertId, 'data-status': a.status},
        el('h3', {}, a.severity + ' · ' + a.summary),
        el('p', {}, 'Latest ' + a.latestValue + ' · worst ' + a.worstValue + ' · ' + a.occurrences + '× · ' + a.status
          + (a.acknowledgedBy ? ' by ' + a.acknowledgedBy : '')),
        withSessionLink ? el('p', {}, el('a', {href: '/console/sessions/' + a.sessionId}, 'Open session')) : '',
        el('div', {class: 'buttons'}, comment,
          a.status === 'OPEN' ? el('button', {type: 'button', class: 'ack', onclick: act('acknowledge')}, 'Acknowledge') : '',
          el('button', {type: 'button', class: 'secondary resolve', onclick: act('resolve')}, 'Resolve')));
    }));
    if (!open.length) container.append(el('p', {class: 'note'}, 'No open alerts.'));
  }

  function takeAlert(snapshot, announce) {
    const known = alerts.get(snapshot.alertId);
    if (known && known.version >= snapshot.version) return false;
    snapshot.fresh = announce && !known;
    alerts.set(snapshot.alertId, snapshot);
    if (snapshot.fresh) beep();
    return true;
  }

  let onCallShown = false;
  async function onCall() {
    const list = await api('/console/api/alerts');
    let changed = !onCallShown;
    onCallShown = true;
    list.forEach(envelope => { changed = takeAlert(envelope.payload, alerts.size > 0) || changed; });
    const ids = new Set(list.map(e => e.payload.alertId));
    [...alerts.keys()].filter(id => !ids.has(id)).forEach(id => { alerts.delete(id); changed = true; });
    if (changed) renderAlerts(document.getElementById('alerts'), true);
  }

  // ---- A session, live ----------------------------------------------------------------------
  const sessionId = page === 'session' ? window.location.pathname.split('/').pop() : null;
  const series = {t: [], sys: [], dia: [], hr: [], spo2: []};
  const prompts = new Map();   // promptId -> {respondent, sequence, dueAt, answered}
  let detail = null, lastId = -1, bpPlot = null, hrPlot = null;

  function thresholdPlugin() {
    return {hooks: {draw: [u => {
      if (!detail || !detail.session.dosedAt) return;
      const x = u.valToPos(Date.parse(detail.session.dosedAt) / 1000, 'x', true);
      const ctx = u.ctx; ctx.save(); ctx.strokeStyle = '#4a4a4a'; ctx.setLineDash([6, 4]); ctx.beginPath();
      ctx.moveTo(x, u.bbox.top); ctx.lineTo(x, u.bbox.top + u.bbox.height); ctx.stroke();
      ctx.fillStyle = '#4a4a4a'; ctx.fillText('dose', x + 4, u.bbox.top + 12); ctx.restore();
    }]}};
  }

  function charts() {
    const width = Math.min(document.querySelector('.charts').clientWidth || 700, 900);
    const t = detail.thresholds;
    const flat = v => series.t.map(() => v);
    const bpData = [series.t, series.sys, series.dia, flat(t.warnSystolic), flat(t.warnDiastolic)];
    const hrData = [series.t, series.hr, series.spo2, flat(t.heartRateHigh), flat(t.spo2Warning)];
    if (!bpPlot) {
      const opts = (title, names, colors) => ({width, height: 220, plugins: [thresholdPlugin()],
        series: [{}].concat(names.map((n, i) => ({label: n, stroke: colors[i], width: i > 1 ? 1 : 2, dash: i > 1 ? [4, 4] : undefined}))),
        axes: [{}, {}], title});
      bpPlot = new uPlot(opts('', ['Systolic', 'Diastolic', 'Systolic threshold', 'Diastolic threshold'],
        ['#a50e0e', '#0b57d0', '#a50e0e', '#0b57d0']), bpData, document.getElementById('bp-chart'));
      hrPlot = new uPlot(opts('', ['Heart rate', 'SpO2', 'Heart rate threshold', 'SpO2 threshold'],
        ['#1e6b34', '#6a1b9a', '#1e6b34', '#6a1b9a']), hrData, document.getElementById('hr-chart'));
    } else {
      bpPlot.setData(bpData);
      hrPlot.setData(hrData);
    }
  }

  function renderSummary() {
    const s = detail.session;
    document.getElementById('state').textContent = s.state;
    document.title = 'Session ' + s.state + ' · Ketamine session monitoring';
    document.getElementById('when').textContent = s.type + ' · starts ' + s.startClinicianLocal.replace('T', ' ')
      + ' (' + s.clinicianTimezone + ')' + (s.dosedAt ? ' · dosed ' + new Date(s.dosedAt).toLocaleTimeString() : '');
    const phone = p => p ? el('a', {href: 'tel:' + p.phone.replace(/\s/g, '')}, p.name + ' ' + p.phone) : '—';
    document.getElementById('sitter').replaceChildren(phone(detail.sitter));
    document.getElementById('contact').replaceChildren(phone(detail.emergencyContact));
    const labels = {'check-in': 'Check in', gate: 'Run the pre-dose gate', dose: 'Authorize the dose',
      'tablet-taken': 'Tablet taken (on the patient\'s behalf)', monitoring: 'Start monitoring',
      recovery: 'Confirm recovery', complete: 'Complete', abort: 'Abort', cancel: 'Cancel session',
      handover: 'Hand over to emergency services', discharge: 'Discharge (ended early)'};
    document.getElementById('actions').replaceChildren(...detail.actions.map(step => el('button',
      {type: 'button', class: step === 'abort' || step === 'cancel' ? 'danger' : '', 'data-step': step,
        onclick: () => confirmStep(step, labels[step])}, labels[step])));
  }

  function confirmStep(step, label) {
    const dialog = document.getElementById('confirm');
    document.getElementById('confirm-title').textContent = label + '?';
    const fields = {
      'check-in': [['sitterName', 'Sitter present (name)', 'text', detail.sitter ? detail.sitter.name : ''], ['patientOnline', 'The patient is online', 'checkbox']],
      handover: [['called', 'Who was called (e.g. 911, EMS unit 12)', 'text', ''],
        ['calledAt', 'When (UTC, ISO 8601)', 'text', new Date().toISOString()], ['reason', 'Reason', 'text', '']],
      abort: [['reason', 'Reason', 'text', '']], cancel: [['reason', 'Reason', 'text', '']]}[step] || [];
    document.getElementById('confirm-fields').replaceChildren(...fields.map(([name, text, type, value]) =>
      el('label', {}, type === 'checkbox' ? el('input', {type, name, id: 'field-' + name}) : '',
        ' ' + text + ' ', type === 'text' ? el('input', {type, name, id: 'field-' + name, value, required: ''}) : '')));
    document.getElementById('confirm-cancel').onclick = () => dialog.close('cancel');
    dialog.onclose = async () => {
      if (dialog.returnValue !== 'ok') return;
      const body = {};
      fields.forEach(([name, , type]) => {
        const input = document.getElementById('field-' + name);
        body[name] = type === 'checkbox' ? input.checked : input.value;
      });
      try {
        await api('/console/api/sessions/' + sessionId + '/steps/' + step, {method: 'POST', body: JSON.stringify(body)});
        await reloadDetail();
      } catch (e) { window.alert(label + ': ' + e.message); }
    };
    dialog.returnValue = '';
    dialog.showModal();
  }

  async function reloadDetail() {
    detail = await api('/console/api/sessions/' + sessionId);
    renderSummary();
  }

  function renderTimeline() {
    const now = Date.now();
    const items = [...prompts.values()].sort((a, b) => a.sequence - b.sequence || a.respondent.localeCompare(b.respondent));
    if (!items.length) {
      document.getElementById('timeline').replaceChildren(el('li', {class: 'note'}, 'No prompts yet: the first is due one check-in interval (15 minutes by default) after the dose.'));
      return;
    }
    document.getElementById('timeline').replaceChildren(...items.map(p => {
      const late = !p.answered && now - Date.parse(p.dueAt) > 5 * 60 * 1000;
      return el('li', {class: p.answered ? 'answered' : late ? 'missed' : ''},
        new Date(p.dueAt).toLocaleTimeString() + ' · ' + p.respondent + ' prompt ' + p.sequence + ' · '
        + (p.answered ? 'answered' : late ? 'MISSED' : 'waiting'));
    }));
  }

  function take(id, type, event, announce) {
    if (id <= lastId) return; // already shown: resumed streams never repeat, but history and stream may overlap
    lastId = id;
    const p = event.payload;
    if (type === 'reading.recorded') {
      series.t.push(Date.parse(p.measuredAt) / 1000); series.sys.push(p.systolic); series.dia.push(p.diastolic);
      series.hr.push(p.heartRate); series.spo2.push(p.spo2);
      document.getElementById('latest').textContent = p.systolic + '/' + p.diastolic + ' mm[Hg]'
        + (p.heartRate != null ? ' · HR ' + p.heartRate : '') + (p.spo2 != null ? ' · SpO2 ' + p.spo2 + ' %' : '')
        + ' at ' + new Date(p.measuredAt).toLocaleTimeString();
      charts();
    } else if (type === 'check-in.prompted') {
      prompts.set(p.promptId, Object.assign(prompts.get(p.promptId) || {}, {respondent: p.respondent, sequence: p.sequence, dueAt: p.dueAt}));
      renderTimeline();
    } else if (type === 'check-in.patient' || type === 'check-in.sitter') {
      if (p.promptId && prompts.has(p.promptId)) { prompts.get(p.promptId).answered = true; renderTimeline(); }
    } else if (type.startsWith('alert.')) {
      if (takeAlert(p, announce)) renderAlerts(document.getElementById('alerts'), false);
    } else if (type === 'session.changed') {
      reloadDetail();
    }
  }

  async function session() {
    await reloadDetail();
    const history = await api('/console/api/sessions/' + sessionId + '/history');
    history.forEach(h => take(h.id, h.type, h.event, false));
    charts();
    renderTimeline();
    renderAlerts(document.getElementById('alerts'), false);
    const banner = document.getElementById('connection');
    const source = new EventSource('/console/api/sessions/' + sessionId + '/stream?after=' + lastId);
    source.onopen = () => { banner.hidden = true; };
    source.onerror = () => { banner.hidden = false; }; // EventSource reconnects by itself, sending Last-Event-ID
    ['reading', 'patient-check-in', 'sitter-check-in', 'prompt', 'alert', 'session'].forEach(name =>
      source.addEventListener(name, e => {
        const event = JSON.parse(e.data);
        take(Number(e.lastEventId), event.type, event, true);
      }));
    setInterval(renderTimeline, 30000);
  }

  function failed(e) {
    if (e.message === 'signed out') return;
    document.querySelector('main').replaceChildren(el('p', {class: 'error', role: 'alert', id: 'failure'}, e.message));
  }

  whoAmI().then(() => {
    if (page === 'today') { today().catch(failed); setInterval(() => today().catch(failed), 15000); }
    if (page === 'on-call') { onCall().catch(failed); setInterval(() => onCall().catch(failed), 2000); }
    if (page === 'session') session().catch(failed);
  }).catch(failed);
})();
