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

  // ---- Times as the clinician reads them: 14:05 PST today, 26 Nov 14:05 PST another day -------------
  // Instants from the server (ISO-8601, up to nanoseconds), all in one zone: the signed-in person's (their profile's,
  // UTC without one), with its abbreviation, whatever zone the browser is in.
  const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})/g;

  // A dosing address on one line, as alerting's page shows it: "12 Oak St, Oakland, CA 94607, US".
  function oneLine(a) {
    return [a.street, a.city, [a.region, a.postalCode].filter(Boolean).join(' '), a.country].filter(Boolean).join(', ');
  }

  function zone() {
    return (me && me.timezone) || 'UTC';
  }

  function inZone(d, options) {
    return d.toLocaleString([], Object.assign({timeZone: zone()}, options));
  }

  function instant(t) {
    // Date parses at most milliseconds reliably.
    return new Date(String(t).replace(/(\.\d{3})\d+/, '$1'));
  }

  function clockTime(t, withSeconds) {
    if (!t) return '—';
    const d = instant(t);
    if (isNaN(d.getTime())) return String(t);
    const time = inZone(d, Object.assign({hour: '2-digit', minute: '2-digit', timeZoneName: 'short'},
      withSeconds ? {second: '2-digit'} : {}));
    const day = x => inZone(x, {year: 'numeric', month: '2-digit', day: '2-digit'});
    const now = new Date();
    if (day(d) === day(now)) return time;
    const sameYear = inZone(d, {year: 'numeric'}) === inZone(now, {year: 'numeric'});
    return inZone(d, sameYear ? {day: 'numeric', month: 'short'} : {day: 'numeric', month: 'short', year: 'numeric'})
      + ' ' + time;
  }

  /** Server text (criteria figures, refusal reasons) with each instant in it shown as a clock time. */
  function withClockTimes(text) {
    return text == null ? '' : String(text).replace(ISO_INSTANT, clockTime);
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
      let problem = {};
      try { problem = await response.json(); } catch (e) { /* not JSON */ }
      const error = new Error(problem.detail || problem.title || response.statusText);
      error.violations = problem.violations || [];
      throw error;
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

  // A prompt unanswered this long after it was due is MISSED: the server's figure (alerting's, scaled like every clinical
  // time on a compressed demonstration stack), from the station's and the session's answers.
  let missedAfterMs = null;

  /** "Alex Rivera, 40": the name and age the patient's plan carried (the short id for an older plan). */
  function patientLabel(p) {
    return p ? p.name + (p.age != null ? ', ' + p.age : '') : '—';
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
      el('td', {}, patientLabel(s.patient)), el('td', {}, s.type),
      el('td', {class: 'state-' + s.state}, s.state + (s.state === 'ENDED_EARLY' ? ' · still monitored' : '')),
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
    // A new version of an alert redraws the panel: keep what the clinician was typing, and where.
    const typed = new Map([...container.querySelectorAll('input[id^="comment-"]')].map(i => [i.id, i.value]));
    const focused = document.activeElement && container.contains(document.activeElement) ? document.activeElement.id : null;
    container.replaceChildren(...open.map(a => {
      const comment = el('input', {type: 'text', 'aria-label': 'Comment', placeholder: 'Comment', id: 'comment-' + a.alertId});
      comment.value = typed.get(comment.id) || '';
      const act = action => async () => {
        try {
          await api('/console/api/alerts/' + a.alertId + '/' + action, {method: 'POST', body: JSON.stringify({comment: comment.value})});
          comment.value = '';
        } catch (e) { showProblem(action === 'acknowledge' ? 'Acknowledge' : 'Resolve', e); }
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
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
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

  // ---- The central station: every live session at a glance, alarms that demand attention ---------------
  // Tiles redraw only when their session's data changed, each in its place: the wall is never rebuilt as a whole, so
  // the browser lays out only what changed and a flashing tile keeps its rhythm. The ages of readings tick every
  // second; text is written only when it changes. Alarm sound follows IEC 60601-1-8's priorities: CRITICAL as high
  // (a burst of 10 pulses, again every 10 s until acknowledged), WARNING as medium (3 pulses every 25 s), INFO as low
  // (silent). Acknowledging pauses an alarm's sound without hiding it; one still unresolved 2 minutes after its
  // acknowledgement sounds again.
  const ALARM = {CRITICAL: {every: 10000, pulses: [0, 150, 300, 650, 800, 1600, 1750, 1900, 2250, 2400], hz: 880, length: 0.1},
    WARNING: {every: 25000, pulses: [0, 250, 500], hz: 660, length: 0.18}};
  const SOUND_AGAIN_AFTER_MS = 2 * 60 * 1000;
  const stationTiles = new Map(); // sessionId -> {json, node, tile}
  let stationNow = null, stationOffset = 0, audio = null;
  const lastBurst = {CRITICAL: 0, WARNING: 0};
  const silencedHere = new Set(); // alert ids acknowledged from this page, before the server's answer comes back

  function serverNow() {
    return Date.now() + stationOffset;
  }

  function armSound() {
    if (audio) return;
    try {
      audio = new (window.AudioContext || window.webkitAudioContext)();
      document.body.dataset.sound = 'armed';
      document.getElementById('sound-note').hidden = true;
    } catch (e) {
      document.getElementById('sound-note').textContent = 'This browser cannot play the alarm sound: watch the tiles.';
    }
  }

  function burst(priority) {
    window.stationBursts = window.stationBursts || {CRITICAL: 0, WARNING: 0};
    window.stationBursts[priority]++;
    if (!audio) return;
    const a = ALARM[priority];
    a.pulses.forEach(ms => {
      const tone = audio.createOscillator();
      tone.type = 'square'; // harmonics, as the standard asks, so the pulse is heard and located
      tone.frequency.value = a.hz;
      const gain = audio.createGain();
      gain.gain.value = 0.2;
      tone.connect(gain).connect(audio.destination);
      const at = audio.currentTime + ms / 1000;
      tone.start(at);
      tone.stop(at + a.length);
    });
  }

  /** The alarms that sound now: unresolved, and not acknowledged, or acknowledged more than 2 minutes ago. */
  function sounding(now) {
    const loud = new Set();
    stationTiles.forEach(({tile}) => tile.alerts.forEach(a => {
      const acknowledged = a.status === 'ACKNOWLEDGED' || silencedHere.has(a.alertId);
      const stillUnresolvedLong = a.acknowledgedAt && now - Date.parse(a.acknowledgedAt) > SOUND_AGAIN_AFTER_MS;
      if (ALARM[a.severity] && (!acknowledged || stillUnresolvedLong)) loud.add(a.severity);
    }));
    return loud.has('CRITICAL') ? 'CRITICAL' : loud.has('WARNING') ? 'WARNING' : '';
  }

  function soundAlarms() {
    const now = serverNow();
    const priority = sounding(now);
    document.body.dataset.sounding = priority;
    if (priority && Date.now() - lastBurst[priority] >= ALARM[priority].every) {
      lastBurst[priority] = Date.now();
      burst(priority);
    }
  }

  function age(at) {
    if (!at) return '';
    const seconds = Math.max(0, Math.round((serverNow() - Date.parse(at)) / 1000));
    return seconds < 120 ? seconds + ' s ago' : Math.round(seconds / 60) + ' min ago';
  }

  /** Green while a measure is as fresh as its device sends, amber when one or two are missing, red beyond. */
  function freshness(at, everyMs) {
    if (!at) return 'stale';
    const late = serverNow() - Date.parse(at);
    return late <= 2 * everyMs ? 'fresh' : late <= 4 * everyMs ? 'late' : 'stale';
  }

  function sparkline(points) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 120 32');
    svg.setAttribute('class', 'sparkline');
    svg.setAttribute('role', 'img');
    const end = serverNow(), start = end - 30 * 60 * 1000;
    const x = t => ((Date.parse(t) - start) / (end - start) * 120).toFixed(1);
    const line = (values, low, high, cls) => {
      const drawn = points.filter(p => values(p) != null);
      if (!drawn.length) return;
      const path = document.createElementNS(ns, 'polyline');
      const xy = drawn.map(p => [Number(x(p.minute)), 31 - (Math.min(high, Math.max(low, values(p))) - low) / (high - low) * 30]);
      if (xy.length === 1) xy.push([xy[0][0] + 2, xy[0][1]]); // a single minute shows as a short stroke
      path.setAttribute('points', xy.map(([px, py]) => px.toFixed(1) + ',' + py.toFixed(1)).join(' '));
      path.setAttribute('class', cls);
      svg.append(path);
    };
    line(p => p.systolic, 60, 220, 'systolic');
    line(p => p.spo2, 80, 100, 'spo2');
    const title = document.createElementNS(ns, 'title');
    title.textContent = 'Last 30 minutes: systolic pressure (red) and lowest SpO2 (purple), a minute at a time';
    svg.prepend(title);
    return svg;
  }

  function renderTile(t) {
    const critical = t.alerts.some(a => a.severity === 'CRITICAL' && a.status !== 'ACKNOWLEDGED' && !silencedHere.has(a.alertId));
    const bp = t.bloodPressure, ox = t.oxygen, c = t.checkIns;
    const dose = t.dosedAt ? el('span', {'data-since': t.dosedAt}, '') : 'not dosed yet';
    const checkIn = !c ? 'no check-in yet' : [
      c.promptDueAt ? c.promptRespondent + ' check-in ' + (c.promptAnswered ? 'answered'
        : missedAfterMs != null && serverNow() - Date.parse(c.promptDueAt) >= missedAfterMs ? 'MISSED (due ' + clockTime(c.promptDueAt) + ')'
          : 'due ' + clockTime(c.promptDueAt)) : null,
      c.patientOk == null ? null : 'patient ' + (c.patientOk ? 'OK' : 'NOT OK'),
      c.moaas == null ? null : 'MOAA/S ' + c.moaas,
      c.sitterPresent == null ? null : 'sitter ' + (c.sitterPresent ? 'present' : 'AWAY')].filter(Boolean).join(' · ');
    const alertsShown = t.alerts.map(a => {
      const comment = el('input', {type: 'text', 'aria-label': 'Comment', placeholder: 'Comment (optional)',
        id: 'tile-comment-' + a.alertId});
      const acknowledge = async () => {
        silencedHere.add(a.alertId);
        soundAlarms();
        try {
          await api('/console/api/alerts/' + a.alertId + '/acknowledge', {method: 'POST', body: JSON.stringify({comment: comment.value})});
          refreshStation();
        } catch (e) {
          silencedHere.delete(a.alertId);
          document.getElementById('station-note').textContent = 'Acknowledge failed: ' + e.message;
        }
      };
      const acknowledged = a.status === 'ACKNOWLEDGED' || silencedHere.has(a.alertId);
      return el('li', {class: 'tile-alert ' + a.severity, 'data-alert-id': a.alertId, 'data-status': a.status},
        el('span', {}, a.severity + ' · ' + a.summary + (a.acknowledgedBy ? ' · acknowledged by ' + a.acknowledgedBy : '')),
        acknowledged ? '' : el('span', {class: 'buttons'}, comment, el('button', {type: 'button', class: 'ack', onclick: acknowledge}, 'Acknowledge')));
    });
    return el('article', {class: 'tile ' + (t.urgency || 'calm') + (critical ? ' flashing' : ''), 'data-session-id': t.sessionId,
        'data-urgency': t.urgency || ''},
      el('h2', {}, el('a', {href: '/console/sessions/' + t.sessionId}, patientLabel(t.patient)), ' ',
        el('span', {class: 'state state-' + t.state}, t.state)),
      el('p', {class: 'dose'}, dose),
      el('dl', {class: 'vitals'},
        el('div', {class: 'measure ' + (bp ? freshness(bp.measuredAt, 15 * 60 * 1000) : 'stale')},
          el('dt', {}, 'BP'), el('dd', {class: 'bp'}, bp ? bp.systolic + '/' + bp.diastolic : '—'),
          el('dd', {class: 'age', 'data-age': bp ? bp.measuredAt : ''}, '')),
        el('div', {class: 'measure ' + (ox ? freshness(ox.measuredAt, 5000) : 'stale')},
          el('dt', {}, 'SpO2'), el('dd', {class: 'spo2'}, ox ? ox.spo2 + '%' : '—'),
          el('dd', {class: 'age', 'data-age': ox ? ox.measuredAt : ''}, '')),
        el('div', {class: 'measure'}, el('dt', {}, 'HR'),
          el('dd', {class: 'hr'}, ox && ox.heartRate != null ? ox.heartRate : bp && bp.heartRate != null ? bp.heartRate : '—'))),
      sparkline(t.trend),
      el('p', {class: 'check-ins'}, checkIn),
      t.alerts.length ? el('ul', {class: 'tile-alerts'}, alertsShown) : '');
  }

  /** Minutes since the dose and the floor's end, and every reading's age, from the server's clock. */
  function tickStation() {
    document.querySelectorAll('#tiles [data-age]').forEach(n => setText(n, age(n.dataset.age)));
    stationTiles.forEach(({tile, node}) => {
      const since = node.querySelector('[data-since]');
      if (!since) return;
      const minutes = Math.floor((serverNow() - Date.parse(tile.dosedAt)) / 60000);
      const floorLeft = Math.ceil((Date.parse(tile.floorEndsAt) - serverNow()) / 60000);
      setText(since, 'dosed ' + minutes + ' min ago · ' + (floorLeft > 0 ? 'floor ends in ' + floorLeft + ' min'
        : 'floor reached'));
    });
    soundAlarms();
  }

  /** Writes text only when it differs: an unchanged write still costs a layout, and the banner would be read out again. */
  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  function renderBanner() {
    const count = (severity, acknowledged) => [...stationTiles.values()].flatMap(({tile}) => tile.alerts)
      .filter(a => a.severity === severity && (acknowledged == null || (a.status === 'ACKNOWLEDGED') === acknowledged)).length;
    const critical = count('CRITICAL'), warning = count('WARNING');
    const banner = document.getElementById('alarm-banner');
    const className = 'alarm-banner' + (critical ? ' CRITICAL' : warning ? ' WARNING' : '');
    if (banner.className !== className) banner.className = className;
    setText(banner, !critical && !warning ? 'No unresolved alarms.'
      : critical + ' CRITICAL (' + count('CRITICAL', false) + ' not acknowledged) · ' + warning + ' WARNING ('
        + count('WARNING', false) + ' not acknowledged)');
  }

  // The station arrives on its live stream (event "station") whenever a tile changed, and "alive" every 5 s while the
  // server reads the station well. A stream silent for 15 s is taken as dead (or its server as unable to read the
  // station) and opened again; while it cannot be opened the station is
  // asked for every few seconds, so the screen never freezes on old figures.
  const STATION_SILENT_MS = 15000, STATION_POLL_MS = 2000, STATION_REOPEN_MS = 15000;
  let stationSource = null, stationHeard = 0, stationPolling = null;

  function followStation() {
    if (stationSource) stationSource.close();
    const source = stationSource = new EventSource('/console/api/station/stream');
    source.addEventListener('station', e => { heard(source); showStation(JSON.parse(e.data), Date.now()); });
    source.addEventListener('alive', e => { heard(source); stationOffset = Date.parse(e.data) - Date.now(); });
    source.onerror = () => {
      if (source !== stationSource) return;
      connectionLost();
      // Refused (signed out, too many streams) or ended for good: asked for meanwhile, the stream tried again later.
      if (source.readyState === EventSource.CLOSED) pollStation();
    };
  }

  function heard(source) {
    if (source !== stationSource) return;
    stationHeard = Date.now();
    document.getElementById('connection').hidden = true;
    if (stationPolling) { clearInterval(stationPolling); stationPolling = null; }
    stationNote('Live.');
  }

  function connectionLost() {
    document.getElementById('connection').hidden = false;
    stationNote('The live feed is reconnecting; the figures are asked for every ' + STATION_POLL_MS / 1000 + ' seconds meanwhile.');
  }

  function pollStation() {
    if (stationPolling) return;
    refreshStation();
    let sinceReopen = 0;
    stationPolling = setInterval(() => {
      refreshStation();
      sinceReopen += STATION_POLL_MS;
      if (sinceReopen >= STATION_REOPEN_MS) { sinceReopen = 0; followStation(); }
    }, STATION_POLL_MS);
  }

  /** A stream that has said nothing, not even "alive", for too long is dead: a new one, and polling until it speaks. */
  function watchStationStream() {
    if (stationSource && stationSource.readyState === EventSource.OPEN && Date.now() - stationHeard > STATION_SILENT_MS) {
      connectionLost();
      followStation();
      pollStation();
    }
  }

  let refreshing = false;
  async function refreshStation() {
    if (refreshing) return; // a slow answer is not asked for twice
    refreshing = true;
    const asked = Date.now();
    let station;
    try {
      station = await api('/console/api/station');
    } catch (e) {
      return;
    } finally {
      refreshing = false;
    }
    showStation(station, (asked + Date.now()) / 2);
  }

  let stationNoteText = '';
  function stationNote(text) {
    stationNoteText = text;
    setText(document.getElementById('station-note'), 'Times in ' + zone() + '. ' + text);
  }

  /** Draws the station: a changed tile replaced in its place, only tiles out of order moved. */
  function showStation(station, receivedAt) {
    stationOffset = Date.parse(station.now) - receivedAt;
    missedAfterMs = station.checkInMissedAfterMillis;
    const container = document.getElementById('tiles');
    const seen = new Set();
    // Replacing a tile takes the focus from the comment being typed in it: given back below.
    const focused = document.activeElement && container.contains(document.activeElement) ? document.activeElement.id : null;
    const ordered = station.tiles.map(t => {
      seen.add(t.sessionId);
      const json = JSON.stringify(t);
      const known = stationTiles.get(t.sessionId);
      // A tile being typed in keeps its node until its data changes.
      if (known && known.json === json) return known.node;
      const typed = known ? [...known.node.querySelectorAll('input')].map(i => [i.id, i.value]) : [];
      const node = renderTile(t);
      typed.forEach(([id, value]) => { const i = node.querySelector('#' + CSS.escape(id)); if (i) i.value = value; });
      if (known && known.node.parentNode === container) known.node.replaceWith(node);
      t.alerts.filter(a => a.status === 'ACKNOWLEDGED').forEach(a => silencedHere.delete(a.alertId));
      stationTiles.set(t.sessionId, {json, node, tile: t});
      return node;
    });
    [...stationTiles.keys()].filter(id => !seen.has(id)).forEach(id => stationTiles.delete(id));
    if (!ordered.length) {
      if (!container.querySelector('p.note')) container.replaceChildren(el('p', {class: 'note'}, 'No live sessions to watch.'));
    } else {
      // Ended sessions leave; then only the tiles out of their place move.
      const kept = new Set(ordered);
      [...container.children].filter(n => !kept.has(n)).forEach(n => n.remove());
      ordered.forEach((n, i) => { if (container.children[i] !== n) container.insertBefore(n, container.children[i] || null); });
    }
    if (focused && document.getElementById(focused) && document.activeElement !== document.getElementById(focused)) {
      document.getElementById(focused).focus();
    }
    stationNote(stationNoteText);
    renderBanner();
    tickStation();
  }

  function centralStation() {
    document.addEventListener('click', armSound);
    document.addEventListener('keydown', armSound);
    followStation();
    setInterval(tickStation, 1000);
    setInterval(watchStationStream, 2000);
  }

  // ---- A session, live ----------------------------------------------------------------------
  const sessionId = page === 'session' ? window.location.pathname.split('/').pop() : null;
  // Chart points by measurement time: a cuff's or a monitor's reading is a point of its own; a pulse oximeter's
  // readings (about 1 Hz) fall into 15-second points holding the lowest SpO2 and the last pulse of that stretch.
  const OXIMETER_POINT_SECONDS = 15;
  const points = new Map();   // key -> {t, sys, dia, hr, spo2}
  const series = {t: [], sys: [], dia: [], hr: [], spo2: []};
  const latestByMeasure = {bp: null, spo2: null};
  const prompts = new Map();   // promptId -> {respondent, sequence, dueAt, answered}
  let detail = null, lastId = -1, bpPlot = null, hrPlot = null, dischargeRefresh = null, chartsDose = null;

  function thresholdPlugin() {
    return {hooks: {draw: [u => {
      if (!detail || !detail.session.dosedAt) return;
      const x = u.valToPos(Date.parse(detail.session.dosedAt) / 1000, 'x', true);
      const ctx = u.ctx; ctx.save(); ctx.strokeStyle = '#4a4a4a'; ctx.setLineDash([6, 4]); ctx.beginPath();
      ctx.moveTo(x, u.bbox.top); ctx.lineTo(x, u.bbox.top + u.bbox.height); ctx.stroke();
      ctx.fillStyle = '#4a4a4a'; ctx.fillText('dose', x + 4, u.bbox.top + 12); ctx.restore();
    }]}};
  }

  /** Ticks at whole minutes from the dose, as many as fit: every 1, 2, 5, 10, 15, 20, 30 or 60 minutes. */
  function minuteSplits(u, dose, min, max) {
    if (min == null || max == null || max <= min) return [];
    const room = Math.max(2, Math.floor(u.width / 70));
    const step = [1, 2, 5, 10, 15, 20, 30, 60].find(m => (max - min) / 60 / m <= room) || 120;
    const ticks = [];
    for (let m = Math.ceil((min - dose) / 60 / step) * step; dose + m * 60 <= max; m += step) ticks.push(dose + m * 60);
    return ticks;
  }

  function charts() {
    const width = Math.min(document.querySelector('.charts').clientWidth || 700, 900);
    const t = detail.thresholds;
    const flat = v => series.t.map(() => v);
    const sorted = Array.from(points.values()).sort((a, b) => a.t - b.t);
    series.t = sorted.map(p => p.t); series.sys = sorted.map(p => p.sys); series.dia = sorted.map(p => p.dia);
    series.hr = sorted.map(p => p.hr); series.spo2 = sorted.map(p => p.spo2);
    const bpData = [series.t, series.sys, series.dia, flat(t.warnSystolic), flat(t.warnDiastolic)];
    const hrData = [series.t, series.hr, series.spo2, flat(t.heartRateHigh), flat(t.spo2Warning)];
    // Once dosed, minutes since the dose is the primary axis (below) and the clock the secondary (above): the axes are
    // made anew when the dose time arrives.
    const dose = detail.session.dosedAt ? Date.parse(detail.session.dosedAt) / 1000 : null;
    if (bpPlot && dose !== chartsDose) {
      bpPlot.destroy(); hrPlot.destroy(); bpPlot = null; hrPlot = null;
    }
    if (!bpPlot) {
      chartsDose = dose;
      const hhmm = (v, seconds) => inZone(new Date(v * 1e3), Object.assign({hour: '2-digit', minute: '2-digit'},
        seconds ? {second: '2-digit'} : {}));
      // Ticks less than a minute apart (the first minute of a session) carry their seconds, or two would read alike.
      const clockAxis = side => ({side, label: 'Clock time (' + zone() + ')', labelSize: 20, space: 80,
        values: (u, splits, axis, space, increment) => splits.map(v => hhmm(v, increment < 60))});
      const sinceDose = v => Math.round((v - dose) / 60);
      const axes = dose == null ? [clockAxis(2), {}] : [{label: 'Minutes since the dose', labelSize: 20,
        splits: (u, axis, min, max) => minuteSplits(u, dose, min, max), values: (u, splits) => splits.map(sinceDose)},
        {}, Object.assign(clockAxis(0), {scale: 'x', grid: {show: false}})];
      const opts = (title, names, colors) => ({width, height: dose == null ? 240 : 280, plugins: [thresholdPlugin()],
        // The legend's x: the clock time, and the minutes since the dose once dosed.
        series: [{label: 'At', value: (u, v) => v == null ? '--' : hhmm(v, true) + (dose == null ? '' : ' (' + sinceDose(v) + ' min)')}]
          .concat(names.map((n, i) => ({label: n, stroke: colors[i], width: i > 1 ? 1 : 2, spanGaps: true,
            dash: i > 1 ? [4, 4] : undefined, points: {show: i < 2}}))),
        axes, title,
        // Once dosed the x range holds the dose (and a minute after it), so the minutes axis and the dose line show
        // even while every reading is from before the dose.
        scales: dose == null ? {} : {x: {time: true,
          range: (u, lo, hi) => [Math.min(lo == null ? dose : lo, dose), Math.max(hi == null ? dose : hi, dose + 60)]}},
        // The charts' clock is the page's: the signed-in person's zone, not the browser's.
        tzDate: ts => uPlot.tzDate(new Date(ts * 1e3), zone())});
      bpPlot = new uPlot(opts('', ['Systolic', 'Diastolic', 'Systolic threshold', 'Diastolic threshold'],
        ['#a50e0e', '#0b57d0', '#a50e0e', '#0b57d0']), bpData, document.getElementById('bp-chart'));
      hrPlot = new uPlot(opts('', ['Heart rate', 'SpO2', 'Heart rate threshold', 'SpO2 threshold'],
        ['#1e6b34', '#6a1b9a', '#1e6b34', '#6a1b9a']), hrData, document.getElementById('hr-chart'));
    } else {
      bpPlot.setData(bpData);
      hrPlot.setData(hrData);
    }
  }

  // ---- Problems: a refused step says why in the page, each reason on its own line -----------
  function showProblem(label, error) {
    const box = document.getElementById('problem');
    if (!box) { window.alert(label + ': ' + error.message); return; }
    box.replaceChildren(el('h2', {}, label + ': not done'), el('p', {id: 'problem-detail'}, withClockTimes(error.message)),
      (error.violations || []).length ? el('ul', {id: 'problem-violations'},
        error.violations.map(v => el('li', {}, withClockTimes(v.rule)))) : '',
      el('button', {type: 'button', class: 'secondary', onclick: clearProblem}, 'Dismiss'));
    box.hidden = false;
    box.focus();
  }

  function clearProblem() {
    const box = document.getElementById('problem');
    if (box) { box.hidden = true; box.replaceChildren(); }
  }

  const ENDED = ['COMPLETED', 'ABORTED', 'CANCELLED', 'HANDED_OVER'];
  const STATE_NOTES = {
    HELD: 'Held: the gate failed. Recheck after a new reading.',
    DOSE_AUTHORIZED: 'Dose authorized: waiting for the patient to take the tablet.',
    DOSED: 'The tablet was taken: start monitoring.',
    ENDED_EARLY: 'Ended early, still monitored: readings, check-ins and alerts keep running until the patient is '
      + 'discharged or handed over to emergency services.',
    HANDED_OVER: 'Handed over to emergency services: monitoring in this service has ended.'};
  const CRITERIA = {vitals: 'Vitals near the pre-dose reading (last 15 minutes)',
    sitter: 'Sitter: MOAA/S 5 and present (latest check-in, within 15 minutes)',
    patient: 'Patient\'s last check-in says OK', alerts: 'No unresolved WARNING or CRITICAL alert',
    floor: 'Monitoring floor: 120 minutes since the tablet'};

  // The server's clock minus the browser's: the countdown is the server's, whatever the browser's clock says.
  let clockOffset = 0, countdownTimer = null, expiryPolls = 0, shownState = null;

  function mmss(ms) {
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    return Math.floor(seconds / 60) + ':' + String(seconds % 60).padStart(2, '0');
  }

  function renderCountdown() {
    const s = detail.session;
    const box = document.getElementById('countdown');
    clearInterval(countdownTimer);
    const until = s.state === 'PRE_DOSE_CHECK' ? s.gateExpiresAt : s.state === 'DOSE_AUTHORIZED' ? s.authorizationExpiresAt : null;
    if (!until) { box.hidden = true; expiryPolls = 0; return; }
    box.hidden = false;
    const what = s.state === 'PRE_DOSE_CHECK' ? 'Gate passes expire in ' : 'The dose authorization expires in ';
    const tick = () => {
      const left = Date.parse(until) - (Date.now() + clockOffset);
      box.classList.toggle('soon', left < 3 * 60 * 1000);
      if (left > 0) { box.textContent = what + mmss(left); return; }
      clearInterval(countdownTimer);
      box.textContent = (s.state === 'PRE_DOSE_CHECK' ? 'The gate result has expired' : 'The dose authorization has expired')
        + ': run the gate again. Refreshing…';
      // The server's sweep moves the session back to CHECKED_IN and the stream says so; ask as well, in case.
      if (expiryPolls++ < 10) setTimeout(() => reloadDetail().catch(failed), 3000);
    };
    tick();
    countdownTimer = setInterval(tick, 1000);
  }

  /** " (17:05 EST the patient's time)": an instant on the patient's clock, from their plan's zone ('' without one). */
  function patientClock(t) {
    const there = detail.patientTimezone;
    if (!t || !there) return '';
    const d = instant(t);
    const on = z => d.toLocaleString([], {timeZone: z, year: 'numeric', month: '2-digit', day: '2-digit'});
    const day = on(there) !== on(zone()) ? d.toLocaleString([], {timeZone: there, day: 'numeric', month: 'short'}) + ' ' : '';
    return ' (' + day + d.toLocaleString([], {timeZone: there, hour: '2-digit', minute: '2-digit', timeZoneName: 'short'})
      + ' the patient\'s time)';
  }

  function renderSummary() {
    const s = detail.session;
    renderDevices();
    const stateBox = document.getElementById('state');
    stateBox.textContent = s.state;
    stateBox.className = 'state state-' + s.state;
    document.getElementById('patient').textContent = patientLabel(detail.patient);
    document.title = patientLabel(detail.patient) + ' · ' + s.state + ' · Ketamine session monitoring';
    document.getElementById('when').textContent = s.type + ' · starts ' + s.startClinicianLocal.replace('T', ' ')
      + ' (' + s.clinicianTimezone + ')' + (s.dosedAt ? ' · dosed ' + clockTime(s.dosedAt) + patientClock(s.dosedAt) : '');
    const note = document.getElementById('state-note');
    note.textContent = STATE_NOTES[s.state] || '';
    note.className = 'state-note state-' + s.state;
    note.hidden = !STATE_NOTES[s.state];
    const tablet = document.getElementById('tablet');
    tablet.hidden = !s.dosedAt;
    tablet.replaceChildren(...(s.dosedAt ? ['Tablet taken at ' + clockTime(s.dosedAt),
      el('span', {class: 'patient-time', id: 'dose-patient-time'}, patientClock(s.dosedAt)), ', confirmed by '
      + (s.tabletConfirmedBy || 'unknown') + '. The monitoring floor counts from then.'] : []));
    renderCountdown();
    const phone = p => p ? el('a', {href: 'tel:' + p.phone.replace(/\s/g, '')}, p.name + ' ' + p.phone) : '—';
    document.getElementById('sitter').replaceChildren(phone(detail.sitter));
    document.getElementById('sitter-texts').textContent = !detail.sitter ? ''
      : detail.textSitterOnCriticalAlerts ? '(texted on critical alerts)' : '(not texted on alerts: the plan says not to)';
    document.getElementById('contact').replaceChildren(phone(detail.emergencyContact));
    const at = s.dosingAddress;
    document.getElementById('dosing-address').textContent = !at ? 'none on file: record it at check-in'
      : oneLine(at.address) + (at.address.accessNotes ? ' (' + at.address.accessNotes + ')' : '')
        + (at.confirmedAt ? ' — confirmed by ' + at.confirmedBy + ' at ' + clockTime(at.confirmedAt)
          : ' — not yet confirmed for this session (no dose before)');
    document.getElementById('emergency-number').replaceChildren(at
      ? el('a', {href: 'tel:' + at.address.emergencyNumber.replace(/[^0-9+]/g, '')}, at.address.emergencyNumber) : '—');
    renderActions();
    const staff = me && me.role !== 'on-call';
    const record = document.getElementById('record');
    record.hidden = !(staff && s.type === 'DOSING');
    document.getElementById('record-link').href = '/console/api/sessions/' + sessionId + '/record?format=pdf';
    if (s.state !== shownState) {
      shownState = s.state;
      const proposal = staff && s.type === 'DOSING' && (s.state === 'MONITORING' || s.state === 'ENDED_EARLY');
      document.getElementById('discharge').hidden = !proposal;
      if (proposal) loadDischarge().catch(e => showProblem('Discharge criteria', e));
      const ended = staff && s.type === 'DOSING' && ENDED.includes(s.state) && s.dosedAt;
      document.getElementById('record-summary').hidden = !ended;
      if (ended) loadRecordSummary().catch(e => showProblem('Monitoring record', e));
    }
  }

  // ---- The steps offered: exactly those the server would take now; a refused one says why, in words ----------
  const STEP_LABELS = {'check-in': 'Check in', gate: 'Run the pre-dose gate', dose: 'Authorize the dose',
    'tablet-taken': 'Patient has taken the tablet', monitoring: 'Start monitoring',
    recovery: 'Confirm recovery', complete: 'Complete', abort: 'Abort', cancel: 'Cancel session',
    handover: 'Hand over to emergency services', discharge: 'Discharge (ended early)'};
  let actionsRefresh = null, detailLoads = 0;

  function renderActions() {
    const box = document.getElementById('actions');
    // Keep the buttons (and the focus on one) when nothing changed.
    const json = JSON.stringify(detail.actions);
    if (box.dataset.shown === json) return;
    box.dataset.shown = json;
    box.replaceChildren(...detail.actions.map(a => {
      const label = STEP_LABELS[a.step] || a.step;
      const button = el('button', {type: 'button', class: ['abort', 'cancel', 'handover'].includes(a.step) ? 'danger' : '',
        'data-step': a.step, onclick: () => confirmStep(a.step, label)}, label);
      if (a.allowed) return button;
      button.disabled = true;
      const why = el('span', {class: 'why-not', id: 'why-not-' + a.step}, withClockTimes(a.reason));
      button.setAttribute('aria-describedby', why.id);
      return el('span', {class: 'step-offer blocked', 'data-step-offer': a.step}, button, ' ', why);
    }));
  }

  /** The offers again soon: a reading, a check-in or an alert may allow or block a step (once per 2 s at most). */
  function refreshActionsSoon() {
    if (actionsRefresh || !detail || me.role === 'on-call') return;
    actionsRefresh = setTimeout(async () => {
      const loads = detailLoads;
      try {
        const actions = await api('/console/api/sessions/' + sessionId + '/steps');
        // A step taken meanwhile reloaded the whole session: that answer is the newer one.
        if (loads === detailLoads) { detail.actions = actions; renderActions(); }
      } catch (e) { /* asked again on the next event or tick */ }
      actionsRefresh = null;
    }, 2000);
  }

  // ---- Discharge from the data: the system proposes, the clinician confirms or overrides in writing --
  async function loadDischarge() {
    const proposal = await api('/console/api/sessions/' + sessionId + '/discharge');
    document.getElementById('discharge-title').textContent = (proposal.state === 'ENDED_EARLY'
      ? 'Discharge (ended early)' : 'Recovery') + ': the system\'s proposal' + (proposal.allMet ? ' · all criteria met' : '');
    document.getElementById('discharge-when').textContent = 'As of ' + clockTime(proposal.at)
      + '. The clinician confirms; an unmet criterion may be overridden only with a written reason, the floor never.';
    document.querySelector('#criteria tbody').replaceChildren(...proposal.criteria.map(c => el('tr',
      {'data-criterion': c.criterion, 'data-met': String(c.met), class: c.met ? 'met' : 'unmet'},
      el('th', {scope: 'row'}, CRITERIA[c.criterion] || c.criterion),
      el('td', {}, c.met ? 'Met' : 'Not met' + (c.overridable ? '' : ' (cannot be overridden)')),
      el('td', {}, withClockTimes(c.figures)))));
    return proposal;
  }

  function dischargeFields(proposal) {
    const unmet = proposal.criteria.filter(c => !c.met);
    const floor = unmet.find(c => !c.overridable);
    const nodes = proposal.criteria.map(c => {
      const row = el('div', {class: 'criterion ' + (c.met ? 'met' : 'unmet'), 'data-criterion': c.criterion},
        el('p', {}, el('strong', {}, (c.met ? 'Met: ' : 'Not met: ') + (CRITERIA[c.criterion] || c.criterion)), ' · ' + withClockTimes(c.figures)));
      if (!c.met && c.overridable) {
        const reason = el('textarea', {id: 'reason-' + c.criterion, name: 'reason-' + c.criterion, maxlength: '1000', rows: '2',
          disabled: '', 'aria-label': 'Why ' + c.criterion + ' is overridden'});
        const box = el('input', {type: 'checkbox', id: 'override-' + c.criterion});
        box.addEventListener('change', () => {
          reason.disabled = !box.checked; reason.required = box.checked;
          if (box.checked) reason.focus();
        });
        row.append(el('label', {}, box, ' Override, with a written reason (recorded):'), reason);
      }
      return row;
    });
    if (floor) nodes.push(el('p', {class: 'error', id: 'floor-note'}, 'The monitoring floor is not met (' + withClockTimes(floor.figures)
      + '). It cannot be overridden: confirm once it has passed.'));
    else if (unmet.length) nodes.push(el('p', {class: 'note'}, 'Each unmet criterion must be overridden with a reason, or the step is refused.'));
    return {nodes, blocked: !!floor, body: () => ({overrides: unmet.filter(c => c.overridable)
      .filter(c => document.getElementById('override-' + c.criterion).checked)
      .map(c => ({criterion: c.criterion, reason: document.getElementById('reason-' + c.criterion).value}))})};
  }

  /** The page's zone's wall-clock minute of an instant, as a datetime-local field holds it: "2026-11-28T14:05". */
  function localMinute(date) {
    const part = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {timeZone: zone(), hourCycle: 'h23', year: 'numeric',
      month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit'}).formatToParts(date).map(p => [p.type, p.value]));
    return part.year + '-' + part.month + '-' + part.day + 'T' + part.hour + ':' + part.minute;
  }

  /** A datetime-local field's value read in the page's zone (not the browser's): the instant. */
  function fromLocalMinute(value) {
    const asIfUtc = new Date(value + 'Z');
    const offset = Date.parse(localMinute(asIfUtc) + 'Z') - asIfUtc.getTime();
    return new Date(asIfUtc.getTime() - offset);
  }

  function simpleFields(step) {
    const text = (name, label, value, attributes) => el('label', {}, label + ' ',
      el('input', Object.assign({type: 'text', name, id: 'field-' + name, value: value || '', required: ''}, attributes || {})));
    const onFile = detail.session.dosingAddress;
    // Today's address, when the patient is not at the one on file: sent as dosingAddress when any part is filled in.
    const part = (name, label, max) => el('label', {}, label + ' ', el('input', {type: 'text', name: 'dosingAddress.' + name,
      id: 'field-dosingAddress-' + name, maxlength: String(max)}));
    const fields = {
      'check-in': [text('sitterName', 'Sitter present (name)', detail.sitter ? detail.sitter.name : '', {maxlength: '200'}),
        el('label', {}, el('input', {type: 'checkbox', name: 'patientOnline', id: 'field-patientOnline'}), ' The patient is online'),
        onFile ? el('label', {}, el('input', {type: 'checkbox', name: 'addressConfirmed', id: 'field-addressConfirmed'}),
          ' The patient is at ' + oneLine(onFile.address)) : el('p', {class: 'note'}, 'No dosing address is on file: '
          + 'record where the patient is (no dose before it is confirmed).'),
        el('details', onFile ? {} : {open: ''}, el('summary', {}, 'At a different address today'),
          part('street', 'Street', 200), part('city', 'City', 200), part('region', 'State or region', 200),
          part('postalCode', 'Postal code', 16), part('country', 'Country (ISO code, e.g. US)', 2),
          part('accessNotes', 'Access notes', 1000), part('emergencyNumber', 'Emergency number (blank: the country\'s)', 25))],
      'tablet-taken': [el('p', {}, 'Confirm on the patient\'s behalf that they have taken the tablet now. The dose time, '
        + 'the monitoring floor and the check-in prompts count from this moment.')],
      handover: [text('called', 'Who was called (e.g. 911, EMS unit 12)', '', {maxlength: '200'}),
        el('label', {}, 'When they were called (' + zone() + ') ', el('input', {type: 'datetime-local', name: 'calledAt',
          id: 'field-calledAt', required: '', value: localMinute(new Date(Date.now() + clockOffset))})),
        el('label', {}, 'Reason ', el('textarea', {name: 'reason', id: 'field-reason', required: '', maxlength: '1000', rows: '2'}))],
      abort: [text('reason', 'Reason', '', {maxlength: '1000'})], cancel: [text('reason', 'Reason', '', {maxlength: '1000'})]}[step] || [];
    if (step === 'abort' && detail.session.dosedAt) {
      fields.unshift(el('p', {class: 'note'}, 'The tablet has been taken: the session ends early and stays monitored '
        + 'until the patient is discharged or handed over.'));
    }
    return {nodes: fields, blocked: false, body: () => {
      const body = {};
      document.querySelectorAll('#confirm-fields [name]').forEach(input => {
        if (input.name.startsWith('dosingAddress.')) {
          if (input.value.trim()) (body.dosingAddress = body.dosingAddress || {})[input.name.slice(14)] = input.value;
        } else if (input.type === 'checkbox') body[input.name] = input.checked;
        else if (input.type === 'datetime-local') body[input.name] = fromLocalMinute(input.value).toISOString();
        else body[input.name] = input.value;
      });
      return body;
    }};
  }

  async function confirmStep(step, label) {
    const dialog = document.getElementById('confirm');
    const ok = document.getElementById('confirm-ok');
    let form;
    try {
      form = step === 'recovery' || step === 'discharge' ? dischargeFields(await loadDischarge()) : simpleFields(step);
    } catch (e) { showProblem(label, e); return; }
    document.getElementById('confirm-title').textContent = label + '?';
    document.getElementById('confirm-fields').replaceChildren(...form.nodes);
    ok.disabled = form.blocked;
    document.getElementById('confirm-cancel').onclick = () => dialog.close('cancel');
    dialog.onclose = async () => {
      if (dialog.returnValue !== 'ok') return;
      try {
        await api('/console/api/sessions/' + sessionId + '/steps/' + step, {method: 'POST', body: JSON.stringify(form.body())});
        clearProblem();
        await reloadDetail();
      } catch (e) { showProblem(label, e); }
    };
    dialog.returnValue = '';
    dialog.showModal();
  }

  // ---- The monitoring record's key figures, once the session has ended ---------------------
  async function loadRecordSummary() {
    const r = await api('/console/api/sessions/' + sessionId + '/record');
    const time = clockTime;
    // Whole minutes either side of the dose: a reading taken just before it is "before", not "0 min after".
    const relative = t => {
      const ms = Date.parse(t) - Date.parse(r.dosedAt);
      return ms < 0 ? Math.ceil(-ms / 60000) + ' min before the dose' : Math.floor(ms / 60000) + ' min after the dose';
    };
    const vitals = v => v ? v.systolic + '/' + v.diastolic + ' mm[Hg], HR ' + (v.heartRate == null ? '—' : v.heartRate)
      + ' at ' + time(v.measuredAt) + (r.dosedAt && v.measuredAt ? ' (' + relative(v.measuredAt) + ')' : '') : 'no reading';
    const finding = f => f.outcome === 'OCCURRED' ? 'yes, first at ' + time(f.firstAt) + ' (worst ' + f.worst + ')'
      : f.outcome === 'NOT_OBSERVED' ? 'not observed' : 'not assessed';
    const d = r.discharge;
    const rows = [['Before the dose', vitals(r.beforeDose)], ['Near 40 minutes', vitals(r.atPeak)],
      ['Before discharge', vitals(r.beforeDischarge)],
      ['Worst SpO2', r.worstSpo2 ? r.worstSpo2.spo2 + ' % at ' + time(r.worstSpo2.measuredAt) : 'not measured'],
      ['Sedation (MOAA/S ≤ 3)', finding(r.sedation)], ['Dissociation', finding(r.dissociation)],
      ['Respiratory depression', finding(r.respiratoryDepression)],
      ['Alerts', r.alerts.length ? r.alerts.map(a => a.severity + ' ' + a.summary + ': ' + a.ending).join('; ') : 'none'],
      ['Discharge criteria met', d.metCriteriaAt ? time(d.metCriteriaAt) + ' (' + d.minutesAfterDose + ' min after the dose; floor '
        + time(d.floorAt) + ')' : 'not met (floor ' + time(d.floorAt) + ')'],
      ['Ended', d.endedAs ? d.endedAs + ' at ' + time(d.endedAt) + ' by ' + d.endedBy : '—']];
    document.getElementById('record-figures').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
  }

  async function reloadDetail() {
    const asked = Date.now();
    detailLoads++;
    detail = await api('/console/api/sessions/' + sessionId);
    clockOffset = Date.parse(detail.now) - (asked + Date.now()) / 2;
    missedAfterMs = detail.checkInMissedAfterMillis;
    renderSummary();
    if (bpPlot) charts(); // the dose time, when it arrives, changes the charts' axes
  }

  function renderTimeline() {
    const now = Date.now() + clockOffset;
    const items = [...prompts.values()].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt)
      || a.sequence - b.sequence || a.respondent.localeCompare(b.respondent));
    if (!items.length) {
      document.getElementById('timeline').replaceChildren(el('li', {class: 'note'}, 'No prompts yet: the first is due one check-in interval (15 minutes by default) after the dose.'));
      return;
    }
    document.getElementById('timeline').replaceChildren(...items.map(p => {
      const late = !p.answered && missedAfterMs != null && now - Date.parse(p.dueAt) >= missedAfterMs;
      return el('li', {class: p.concern ? 'answered concern' : p.answered ? 'answered' : late ? 'missed' : ''},
        clockTime(p.dueAt) + ' · ' + p.respondent + (p.unprompted ? ' check-in' : ' prompt ' + p.sequence) + ' · '
        + (p.answered ? 'answered' + (p.answer ? ': ' + p.answer : '') : late ? 'MISSED' : 'waiting'));
    }));
  }

  /** What a check-in said, in a line: the patient's dissociation total and ratings, or the sitter's MOAA/S. */
  function checkInAnswer(type, c) {
    if (type === 'check-in.sitter') {
      return 'MOAA/S ' + c.moaas + ' of 5 · sitter ' + (c.sitterPresent ? 'present' : 'NOT present');
    }
    const total = c.unreality + c.bodyDisconnection + c.timeDistortion;
    return 'dissociation ' + total + ' of 12 (unreality ' + c.unreality + ', body ' + c.bodyDisconnection + ', time '
      + c.timeDistortion + ') · nausea ' + c.nausea + ' · anxiety ' + c.anxiety + ' of 10 · ' + (c.feelsOk ? 'feels OK' : 'NOT OK');
  }

  function takeReading(p) {
    const kind = p.deviceKind || 'monitor';
    const t = Date.parse(p.measuredAt) / 1000;
    if (kind === 'pulse-oximeter') {
      const start = Math.floor(t / OXIMETER_POINT_SECONDS) * OXIMETER_POINT_SECONDS;
      const point = points.get('ox' + start) || {t: start, sys: null, dia: null, hr: null, spo2: null, last: -Infinity};
      if (p.spo2 != null) point.spo2 = point.spo2 == null ? p.spo2 : Math.min(point.spo2, p.spo2);
      if (p.heartRate != null && t >= point.last) { point.hr = p.heartRate; point.last = t; }
      points.set('ox' + start, point);
    } else {
      points.set(kind + p.readingId, {t, sys: p.systolic, dia: p.diastolic, hr: p.heartRate, spo2: p.spo2});
    }
    // The latest of each measure by measurement time, from whichever device measured it: a late backlog does not replace it.
    const newer = (held) => !held || Date.parse(p.measuredAt) > Date.parse(held.measuredAt);
    if (p.systolic != null && newer(latestByMeasure.bp)) latestByMeasure.bp = p;
    if (p.spo2 != null && newer(latestByMeasure.spo2)) latestByMeasure.spo2 = p;
    const at = r => ' (' + (r.deviceKind || 'monitor') + ', ' + clockTime(r.measuredAt) + ')';
    const bp = latestByMeasure.bp, ox = latestByMeasure.spo2;
    document.getElementById('latest').textContent = [
      bp ? 'BP ' + bp.systolic + '/' + bp.diastolic + ' mm[Hg]' + (bp.heartRate != null ? ', HR ' + bp.heartRate : '') + at(bp) : null,
      ox ? 'SpO2 ' + ox.spo2 + ' %' + (ox.heartRate != null ? ', pulse ' + ox.heartRate : '')
        + (ox.respiratoryRate != null ? ', RR ' + ox.respiratoryRate + '/min' : '') + at(ox) : null,
      p.respiratoryRate != null && p !== ox ? 'RR ' + p.respiratoryRate + '/min' + at(p) : null]
      .filter(Boolean).join(' · ') || 'no reading yet';
  }

  // ---- Devices: what is paired, and pairing one -----------------------------------------------
  const KIND_NAMES = {'bp-cuff': 'Blood pressure cuff', 'pulse-oximeter': 'Pulse oximeter', monitor: 'Combined monitor',
    'sitter-phone': 'Sitter\'s phone', 'patient-phone': 'Patient\'s phone'};

  function renderDevices() {
    const devices = detail.session.devices || [];
    document.getElementById('devices').replaceChildren(...(devices.length ? devices.map(d => el('li', {'data-kind': d.kind},
      (KIND_NAMES[d.kind] || d.kind) + ' · ' + d.label + ' · '
      + (d.kind === 'sitter-phone' || d.kind === 'patient-phone' ? 'check-ins' : d.cadenceSeconds ? 'every ' + d.cadenceSeconds + ' s' : 'the kind\'s default cadence')
      + ([d.manufacturer, d.model, d.firmware && 'firmware ' + d.firmware].filter(Boolean).length
        ? ' · ' + [d.manufacturer, d.model, d.firmware && 'firmware ' + d.firmware].filter(Boolean).join(' ') : '')))
      : [el('li', {}, 'No device paired')]));
    const staff = me && me.role !== 'on-call';
    document.getElementById('pair-form').hidden = !(staff && !ENDED.includes(detail.session.state));
    document.getElementById('phone-pairing').hidden = !(staff && !ENDED.includes(detail.session.state));
  }

  /** A code (and its QR code) that pairs the patient's or the sitter's phone with the app: once, for 10 minutes. */
  function phonePairing() {
    let expiryTimer = null;
    document.querySelectorAll('#phone-pairing button[data-role]').forEach(button => button.addEventListener('click', async () => {
      try {
        const offered = await api('/console/api/sessions/' + sessionId + '/pairing-codes', {method: 'POST',
          body: JSON.stringify({role: button.dataset.role})});
        document.getElementById('pairing-qr').src = 'data:image/svg+xml;base64,'
          + btoa(unescape(encodeURIComponent(offered.qrSvg)));
        document.getElementById('pairing-for').textContent = offered.label;
        document.getElementById('pairing-code-text').textContent = offered.code;
        const expiry = document.getElementById('pairing-expiry');
        // Counted from the answer, not from expiresAt: the browser's clock may be off the server's.
        const deadline = Date.now() + offered.validForSeconds * 1000;
        clearInterval(expiryTimer);
        const tick = () => {
          const left = Math.round((deadline - Date.now()) / 1000);
          if (left <= 0) {
            expiry.textContent = 'This code has expired: show a new one.';
            document.getElementById('pairing-qr').removeAttribute('src');
            clearInterval(expiryTimer);
            return;
          }
          expiry.textContent = 'It works once, for ' + Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0')
            + ' more; a new code replaces it.';
        };
        tick();
        expiryTimer = setInterval(tick, 1000);
        document.getElementById('pairing-code').hidden = false;
        clearProblem();
      } catch (err) { showProblem('Show a pairing code', err); }
    }));
  }

  function pairingForm() {
    const form = document.getElementById('pair-form');
    const role = document.getElementById('pair-role');
    const kind = document.getElementById('pair-kind');
    role.addEventListener('change', () => {
      kind.value = role.value === 'sitter' ? 'sitter-phone' : 'monitor';
      kind.disabled = role.value === 'sitter';
    });
    form.addEventListener('submit', async e => {
      e.preventDefault();
      const value = id => document.getElementById(id).value.trim();
      const body = {role: role.value, label: value('pair-label')};
      if (role.value !== 'sitter') body.kind = kind.value;
      if (value('pair-cadence')) body.cadenceSeconds = Number(value('pair-cadence'));
      ['manufacturer', 'model', 'firmware'].forEach(f => { if (value('pair-' + f)) body[f] = value('pair-' + f); });
      try {
        const pairing = await api('/console/api/sessions/' + sessionId + '/devices', {method: 'POST', body: JSON.stringify(body)});
        const shown = document.getElementById('pair-token');
        shown.textContent = 'Paired ' + (KIND_NAMES[pairing.kind] || pairing.kind) + ' "' + pairing.label
          + '". Enter this token on the device now; it is not shown again: ' + pairing.token;
        shown.hidden = false;
        form.reset();
        kind.disabled = false;
        clearProblem();
        await reloadDetail();
      } catch (err) { showProblem('Pair the device', err); }
    });
  }

  function take(id, type, event, announce) {
    if (id <= lastId) return; // already shown: resumed streams never repeat, but history and stream may overlap
    lastId = id;
    const p = event.payload;
    if (announce && type !== 'session.changed') refreshActionsSoon();
    if (type === 'reading.recorded') {
      takeReading(p);
      if (announce) charts(); // the page's history draws once, after all of it
    } else if (type === 'check-in.prompted') {
      prompts.set(p.promptId, Object.assign(prompts.get(p.promptId) || {}, {respondent: p.respondent, sequence: p.sequence, dueAt: p.dueAt}));
      renderTimeline();
    } else if (type === 'check-in.patient' || type === 'check-in.sitter') {
      // An answer to a prompt shows on its prompt; one given unprompted is a line of its own.
      const key = p.promptId && prompts.has(p.promptId) ? p.promptId : 'unprompted-' + p.checkInId;
      const prompt = prompts.get(key) || {respondent: type === 'check-in.sitter' ? 'sitter' : 'patient', sequence: 0,
        dueAt: p.answeredAt, unprompted: true};
      // Answers that need a look stand out: not OK, the sitter away, MOAA/S 2 or less (responds only to shaking).
      const concern = type === 'check-in.sitter' ? (!p.sitterPresent || p.moaas <= 2) : !p.feelsOk;
      prompts.set(key, Object.assign(prompt, {answered: true, answer: checkInAnswer(type, p), concern}));
      renderTimeline();
    } else if (type.startsWith('alert.')) {
      if (takeAlert(p, announce)) {
        renderAlerts(document.getElementById('alerts'), false);
        // An alert that opens or ends changes the "alerts" criterion of a proposal on show.
        if (announce && !document.getElementById('discharge').hidden) {
          clearTimeout(dischargeRefresh);
          dischargeRefresh = setTimeout(() => loadDischarge().catch(e => showProblem('Discharge criteria', e)), 2000);
        }
      }
    } else if (type === 'session.changed') {
      reloadDetail();
    }
  }

  async function session() {
    pairingForm();
    phonePairing();
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
    setInterval(renderTimeline, 5000); // a compressed demonstration's prompts go missed in seconds
    // Time alone opens some steps (a hold's recheck, the monitoring floor) and closes others (an expired window).
    setInterval(refreshActionsSoon, 15000);
    document.getElementById('discharge-recheck').addEventListener('click',
      () => loadDischarge().catch(e => showProblem('Discharge criteria', e)));
  }

  // ---- Pages to me, on every screen ------------------------------------------------------------
  // Alerting pages a person's live screens first; showing a page here answers for it (its delivery receipt),
  // so alerting does not go on to text or call them. A page stays in view until dismissed.
  const pagesShown = new Map(); // notificationId -> page

  function renderPages() {
    let panel = document.getElementById('my-pages');
    if (!panel) {
      panel = el('section', {id: 'my-pages', class: 'pages', 'aria-live': 'assertive', 'aria-label': 'Pages to me'});
      document.querySelector('header.bar').after(panel);
    }
    panel.replaceChildren(...[...pagesShown.values()].map(p => el('article', {class: 'page ' + (p.severity || ''),
        'data-notification-id': p.notificationId},
      el('strong', {}, (p.kind === 'ESCALATION' ? 'Escalated to you' : 'Page') + ' · ' + (p.severity || '') + ' · '),
      (p.summary || p.rule || 'an alert') + ' · ' + clockTime(p.sentAt) + ' ',
      el('a', {href: '/console/sessions/' + p.sessionId}, 'Open session'), ' ',
      el('button', {type: 'button', class: 'link', onclick: () => { pagesShown.delete(p.notificationId); renderPages(); }},
        'Dismiss'))));
    panel.hidden = pagesShown.size === 0;
  }

  async function myPages() {
    // A tab in the background shows nobody anything: it does not answer for a page, so the next channel still goes.
    if (document.visibilityState !== 'visible') return;
    const pages = await api('/console/api/pages');
    const fresh = pages.filter(p => !pagesShown.has(p.notificationId));
    if (!fresh.length) return;
    fresh.forEach(p => pagesShown.set(p.notificationId, p));
    renderPages();
    beep();
    await Promise.all(fresh.map(p => api('/console/api/pages/' + p.notificationId + '/shown', {method: 'POST'})
      .catch(() => pagesShown.delete(p.notificationId)))); // not answered: asked again on the next look
  }

  // ---- The pipeline banner, on every screen: vitals or alerting not heard from, or alerting behind ------
  function withSeconds(text) {
    return String(text).replace(ISO_INSTANT, t => clockTime(t, true));
  }

  async function pipeline() {
    const answer = await api('/console/api/pipeline');
    let banner = document.getElementById('pipeline-banner');
    if (!answer.warnings.length) {
      if (banner) banner.remove();
      return;
    }
    if (!banner) {
      banner = el('div', {id: 'pipeline-banner', class: 'pipeline-banner', role: 'alert'});
      document.querySelector('header.bar').after(banner);
    }
    banner.replaceChildren(...answer.warnings.map(w => el('p', {'data-service': w.service}, withSeconds(w.message))));
  }

  function watchPipeline() {
    const check = () => pipeline().catch(e => { if (e.message !== 'signed out') console.warn('pipeline', e.message); });
    check();
    setInterval(check, 5000);
  }

  // ---- Web Push: the console's service worker shows a page pushed to this browser and answers for it ----------
  // It has no fetch handler: the console's pages and data never go through it.
  function pushWorker() {
    if (!('serviceWorker' in navigator)) return;
    navigator.serviceWorker.register('/console/push-worker.js', {scope: '/console/'})
      .catch(e => console.warn('service worker not registered', e.message));
  }

  // ---- "Get pages on this device": register this browser for Web Push pages, and prove it works -------------------
  // The console hands the browser's subscription to alerting (through session-service); alerting registers it for the
  // signed-in person and sends it a test page. Only that test page, arriving here, says the device gets pages: a
  // browser registered to someone else, or notifications blocked, gets none.
  const TEST_PAGE_WAIT_MS = 20000;
  let testPageTimer = null;

  function pushStatus(text, state) {
    const status = document.getElementById('push-status');
    status.textContent = text;
    status.dataset.state = state;
    status.className = 'note push-' + state;
  }

  function pushSupported() {
    return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
  }

  function keyBytes(base64Url) {
    const text = atob(base64Url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - base64Url.length % 4) % 4));
    return Uint8Array.from(text, c => c.charCodeAt(0));
  }

  function sameKey(buffer, bytes) {
    if (!buffer) return false;
    const held = new Uint8Array(buffer);
    return held.length === bytes.length && held.every((b, i) => b === bytes[i]);
  }

  async function getPagesHere() {
    clearTimeout(testPageTimer);
    if (!pushSupported()) { pushStatus('This browser cannot receive pages', 'refused'); return; }
    try {
      pushStatus('Checking…', 'working');
      const setup = await api('/console/api/push');
      if (!setup.supported) { pushStatus('Pages to devices are not set up here', 'refused'); return; }
      pushStatus('Allow notifications for this site when the browser asks', 'asking');
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') {
        pushStatus('Notifications are blocked for this site: allow them in the browser\'s site settings, then try again',
          'refused');
        return;
      }
      const registration = await navigator.serviceWorker.register('/console/push-worker.js', {scope: '/console/'})
        .then(() => navigator.serviceWorker.ready);
      const key = keyBytes(setup.publicKey);
      let subscription = await registration.pushManager.getSubscription();
      // Made with another key (alerting's key changed): its push service would refuse our pages.
      if (subscription && !sameKey(subscription.options.applicationServerKey, key)) {
        await subscription.unsubscribe();
        subscription = null;
      }
      subscription = subscription || await registration.pushManager.subscribe({userVisibleOnly: true, applicationServerKey: key});
      pushStatus('Waiting for the test page…', 'waiting');
      await api('/console/api/push/subscription', {method: 'PUT', body: JSON.stringify(subscription.toJSON())});
      testPageTimer = setTimeout(() => pushStatus('No test page arrived: this browser may be registered to someone else, '
        + 'or notifications are blocked', 'refused'), TEST_PAGE_WAIT_MS);
    } catch (e) {
      if (e.message === 'signed out') return;
      pushStatus('Pages cannot come to this device: ' + (e.message || e.name || String(e)), 'refused');
    }
  }

  async function stopPagesHere() {
    clearTimeout(testPageTimer);
    if (!pushSupported()) { pushStatus('This browser cannot receive pages', 'refused'); return; }
    try {
      const registration = await navigator.serviceWorker.getRegistration('/console/');
      const subscription = registration && await registration.pushManager.getSubscription();
      if (!subscription) { pushStatus('This device does not get pages', 'stopped'); return; }
      const endpoint = subscription.endpoint;
      await subscription.unsubscribe();
      await api('/console/api/push/subscription', {method: 'DELETE', body: JSON.stringify({endpoint})});
      pushStatus('This device no longer gets pages', 'stopped');
    } catch (e) {
      if (e.message === 'signed out') return;
      pushStatus('Pages not stopped on this device: ' + (e.message || e.name || String(e)), 'refused');
    }
  }

  function devicePages() {
    const subscribe = document.getElementById('push-subscribe');
    if (!subscribe) return;
    subscribe.addEventListener('click', getPagesHere);
    document.getElementById('push-unsubscribe').addEventListener('click', stopPagesHere);
    if (!('serviceWorker' in navigator)) return;
    // The service worker tells the console's tabs when alerting's test page has arrived.
    navigator.serviceWorker.addEventListener('message', event => {
      if (!event.data || event.data.type !== 'push-subscribed') return;
      clearTimeout(testPageTimer);
      pushStatus('This device gets pages', 'subscribed');
    });
  }

  function failed(e) {
    if (e.message === 'signed out') return;
    document.querySelector('main').replaceChildren(el('p', {class: 'error', role: 'alert', id: 'failure'}, e.message));
  }

  whoAmI().then(() => {
    pushWorker();
    myPages().catch(() => { /* the next look tries again */ });
    setInterval(() => myPages().catch(() => { /* the next look tries again */ }), 3000);
    watchPipeline();
    if (page === 'today') { today().catch(failed); setInterval(() => today().catch(failed), 15000); }
    if (page === 'on-call') { devicePages(); onCall().catch(failed); setInterval(() => onCall().catch(failed), 2000); }
    if (page === 'session') session().catch(failed);
    if (page === 'station') centralStation();
  }).catch(failed);
})();
