// The patient's and the sitter's app: pairing by code, check-ins, help, the sitter's checks and presence.
// The device token lives on the phone only (localStorage), never in an address; what cannot be sent now waits in
// the outbox and goes in order, with its own id, when the network returns (the server recognises a replay).
// Calling for help never waits behind anything, and what to do in danger is on screen before any network answer.
import {WORDS} from '/app/words.js';
import {Outbox} from '/app/outbox.mjs';

const PAIRING = 'companion-pairing';
const SESSION = 'companion-session';
const CONFIG = 'companion-config';
const PRESENCE = 'companion-away';
const LANGUAGE = 'companion-language';
const ENDED = ['COMPLETED', 'HANDED_OVER', 'CANCELLED', 'NO_SHOW', 'ABORTED'];
const HELP_TIMEOUT_MS = 10000;
let words = WORDS[localStorage.getItem(LANGUAGE) || (navigator.language || 'en').slice(0, 2)] || WORDS.en;
let config = JSON.parse(localStorage.getItem(CONFIG) || 'null');
let pairing = JSON.parse(localStorage.getItem(PAIRING) || 'null');
let session = JSON.parse(localStorage.getItem(SESSION) || 'null');
let timers = [];
// The server's clock less the phone's, from the answers' Date header: times sent and count-downs use the server's.
let clockSkew = 0;
const outbox = new Outbox(localStorage, send, shownWaiting);
outbox.onRefused = (item, answer) => say(words.refused + detail(answer));
outbox.renew = renewToken;
outbox.onExpired = () => { say(words.pairAgain); showPairing(); };

const $ = id => document.getElementById(id);
const el = (tag, attrs, ...children) => {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => k === 'text' ? node.textContent = v : node.setAttribute(k, v));
  children.forEach(c => node.append(c));
  return node;
};

/** A random id for what the phone sends; crypto.randomUUID exists only on https, getRandomValues everywhere. */
function newId() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, x => x.toString(16).padStart(2, '0')).join('');
  return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
}

/** Now on the server's clock: a phone set wrong must not get its answers refused as from the future or the past. */
function serverNow() { return new Date(Date.now() + clockSkew).toISOString(); }

function emergencyNumber() { return (session && session.emergencyNumber) || '911'; }

function detail(answer) { return (answer && answer.answer && answer.answer.detail) || (answer && answer.status) || ''; }

function say(text) { $('status').textContent = text || ''; }

/** A text with a tap-to-call link for the emergency number after it. */
function sayWithCall(node, text) {
  const number = emergencyNumber();
  node.replaceChildren(el('span', {text: text + ' '}), el('a', {href: 'tel:' + number, class: 'inline-call',
    text: words.callNow(number)}));
  node.hidden = false;
}

function translate() {
  document.documentElement.lang = words === WORDS.es ? 'es' : 'en';
  document.querySelectorAll('[data-text]').forEach(node => {
    const text = words[node.dataset.text];
    if (typeof text === 'string') node.textContent = text;
  });
  $('language').textContent = words.other;
  $('language').lang = words.otherLang;
  buildCheckIn();
  buildMoaas();
  showSession();
  shownWaiting(outbox.size());
}

// ---- Talking to the services ------------------------------------------------------------------

/** One request to session-service (service 'session') or vitals-service (service 'vitals'). */
async function send(item, signal) {
  if (item.service === 'vitals' && !config) {
    throw new Error('vitals-service\'s address is not known yet'); // kept, as if offline, until /app/config answers
  }
  const base = item.service === 'vitals' ? config.vitalsUrl : '';
  const response = await fetch(base + item.path, {method: item.method || 'POST', signal,
    headers: {'Content-Type': 'application/json', 'Accept': 'application/json', 'Authorization': 'Bearer ' + pairing.token},
    body: item.body === undefined ? undefined : JSON.stringify(item.body)});
  let answer = null;
  try { answer = await response.json(); } catch (e) { /* no body */ }
  const serverDate = Date.parse(response.headers.get('Date'));
  if (!Number.isNaN(serverDate)) clockSkew = serverDate - Date.now();
  return {status: response.status, answer, retryAfter: Number(response.headers.get('Retry-After')) || null};
}

async function loadConfig() {
  try {
    config = await (await fetch('/app/config')).json();
    localStorage.setItem(CONFIG, JSON.stringify(config));
    outbox.flush();
  } catch (offline) { /* the one kept from before, or vitals items wait */ }
}

function shownWaiting(count) {
  $('outbox').hidden = count === 0;
  $('outbox').textContent = count ? words.waiting(count) : '';
}

// ---- Pairing ------------------------------------------------------------------------------------

/** A new device token for the same pairing (session-service renews while the session has not ended); true when renewed. */
async function renewToken() {
  try {
    const {status, answer} = await send({service: 'session', path: '/sessions/' + pairing.sessionId + '/devices/token'});
    if (status !== 200) return false;
    pairing = Object.assign({}, pairing, {token: answer.token, expiresAt: answer.expiresAt});
    localStorage.setItem(PAIRING, JSON.stringify(pairing));
    return true;
  } catch (offline) {
    return false;
  }
}

/** Renewed half an hour before it expires (on the server's clock), so a long session never finds its token expired. */
async function renewWhenDue() {
  if (pairing && Date.parse(pairing.expiresAt) - (Date.now() + clockSkew) < 30 * 60 * 1000) await renewToken();
}

const CODE = /^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{8}$/;

async function pair(typed) {
  const code = String(typed || '').toUpperCase().replace(/[\s-]/g, '');
  // A mistyped code is told here, not tried: wrong tries lock this network out of pairing for a while.
  if (!CODE.test(code)) {
    say(words.codeShape);
    return;
  }
  if (pairing && !window.confirm(words.replacePairing)) return;
  say(words.pairing);
  let response;
  try {
    response = await fetch('/pairings', {method: 'POST', headers: {'Content-Type': 'application/json', 'Accept': 'application/json'},
      body: JSON.stringify({code})});
  } catch (offline) {
    say(words.offlinePair);
    return;
  }
  const answer = await response.json().catch(() => ({}));
  if (response.status !== 201) {
    say(words.pairFailed + (answer.detail || response.statusText));
    return;
  }
  pairing = {token: answer.token, sessionId: answer.sessionId, role: answer.role, deviceId: answer.deviceId,
    expiresAt: answer.expiresAt, label: answer.label};
  localStorage.setItem(PAIRING, JSON.stringify(pairing));
  localStorage.removeItem(PRESENCE);
  say(answer.role === 'sitter' ? words.pairedSitter : words.pairedPatient);
  await start();
}

// ---- The session ------------------------------------------------------------------------------

async function loadSession() {
  try {
    const {status, answer} = await send({service: 'session', method: 'GET', path: '/sessions/' + pairing.sessionId + '/devices/session'});
    if (status === 200) {
      session = answer;
      localStorage.setItem(SESSION, JSON.stringify(session));
    } else if (status === 401 || status === 403) {
      // Revoked, replaced by another phone, or expired: pair again; help's numbers stay on screen.
      say(words.pairAgain);
      showPairing();
      return;
    }
  } catch (offline) { /* the copy kept from before */ }
  if (session && ENDED.includes(session.state)) {
    // Nothing more can be sent for an ended session: the token and what waited leave the phone.
    localStorage.removeItem(PAIRING);
    localStorage.removeItem('companion-outbox');
    shownWaiting(0);
  }
  showSession();
}

function showSession() {
  if (!session || !pairing) return;
  const start = new Date(session.start);
  // In the patient's own zone (the phone is with them, but its zone may be set wrong).
  $('session-when').textContent = words.at + ': ' + start.toLocaleString(document.documentElement.lang,
    {weekday: 'long', hour: '2-digit', minute: '2-digit', timeZone: session.patientTimezone || undefined})
    + (session.clinicianName ? ' · ' + words.clinician + ': ' + session.clinicianName : '');
  const ended = ENDED.includes(session.state);
  $('session-state').textContent = ended ? words.ended : (words.states[session.state] || session.state);
  $('help').hidden = ended;
  $('tablet').hidden = !(pairing.role === 'patient-device' && session.state === 'DOSE_AUTHORIZED');
  $('checklist').hidden = !['SCHEDULED', 'CHECKED_IN', 'PRE_DOSE_CHECK', 'DOSE_AUTHORIZED'].includes(session.state);
  showCalls();
}

/** The numbers to call, on the home screen and the pairing screen alike: never hidden behind a network answer. */
function showCalls() {
  const number = emergencyNumber();
  const calls = [el('li', {}, el('a', {href: 'tel:' + number, class: 'call emergency', text: words.emergency + ' · ' + number}))];
  const person = session && pairing && (pairing.role === 'sitter' ? session.emergencyContact : session.sitter);
  if (person && person.phone) {
    calls.push(el('li', {}, el('a', {href: 'tel:' + person.phone.replace(/[^+\d]/g, ''), class: 'call',
      text: (pairing.role === 'sitter' ? words.contactCall : words.sitterCall) + ' · ' + person.name + ' · ' + person.phone})));
  }
  $('calls').replaceChildren(...calls);
  $('pair-calls').replaceChildren(...calls.map(c => c.cloneNode(true)));
}

// ---- Help at one tap ----------------------------------------------------------------------------

/**
 * Sent at once, beside anything waiting, with a time limit. What to do in danger is shown before the network
 * answers; "called" only once vitals took it; kept and retried when it could not go, and said so.
 */
async function help() {
  const shown = $('help-status');
  sayWithCall(shown, words.helpSending);
  const item = {service: 'vitals', path: '/sessions/' + pairing.sessionId + '/help',
    body: {helpId: newId(), askedAt: serverNow()}};
  let answer = null;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), HELP_TIMEOUT_MS);
  try {
    answer = await send(item, abort.signal);
  } catch (offlineOrSlow) {
    answer = null;
  } finally {
    clearTimeout(timer);
  }
  if (answer && answer.status < 300) {
    sayWithCall(shown, words.helpSent);
  } else if (answer && answer.status >= 400 && answer.status < 500 && answer.status !== 401 && answer.status !== 429) {
    sayWithCall(shown, words.helpRefused + detail(answer) + '.');
  } else {
    outbox.add(item);
    outbox.flush();
    sayWithCall(shown, words.helpQueued);
  }
}

// ---- The patient's check-in ---------------------------------------------------------------------

let openPrompt = null;

function buildCheckIn() {
  document.querySelectorAll('#check-in fieldset.scale').forEach(set => {
    const legend = set.querySelector('legend');
    const ten = set.classList.contains('ten');
    set.replaceChildren(legend, ...Array.from({length: ten ? 11 : 5}, (_, value) => el('label', {class: 'choice'},
      el('input', {type: 'radio', name: set.dataset.field, value: String(value)}),
      el('span', {text: ten ? String(value) : value + ' · ' + words.scale[value]}))));
  });
  const ok = document.querySelector('#check-in fieldset.yes-no');
  ok.replaceChildren(ok.querySelector('legend'), ...[['true', words.yes], ['false', words.no]].map(([value, text]) =>
    el('label', {class: 'choice'}, el('input', {type: 'radio', name: 'feelsOk', value}), el('span', {text}))));
}

async function checkIn(event) {
  event.preventDefault();
  const form = new FormData($('check-in'));
  const fields = ['unreality', 'bodyDisconnection', 'timeDistortion', 'nausea', 'anxiety', 'feelsOk'];
  if (fields.some(f => form.get(f) === null)) {
    say(words.answerAll);
    return;
  }
  const body = {checkInId: newId(), answeredAt: serverNow(), feelsOk: form.get('feelsOk') === 'true'};
  fields.slice(0, 5).forEach(f => body[f] = Number(form.get(f)));
  if (openPrompt) body.promptId = openPrompt.promptId;
  const outcome = await outbox.sendNowOrKeep({service: 'vitals', path: '/sessions/' + pairing.sessionId + '/check-ins/patient', body});
  $('check-in').reset();
  if (outcome.sent) {
    say(body.feelsOk ? words.sent : words.sentNotOk);
    openPrompt = null;
    countdown();
    loadPrompts();
  }
  if (!body.feelsOk) $('help').focus();
}

async function loadPrompts() {
  try {
    const {status, answer} = await send({service: 'vitals', method: 'GET', path: '/sessions/' + pairing.sessionId + '/prompts?open=true'});
    if (status !== 200) return;
    openPrompt = answer.filter(p => p.kind === 'check-in').pop() || null;
    if (pairing.role !== 'sitter') {
      $('check-in-title').textContent = openPrompt
        ? words.promptDue + new Date(openPrompt.dueAt).toLocaleTimeString(document.documentElement.lang, {hour: '2-digit', minute: '2-digit'})
        : words.checkInTitle;
    }
    countdown();
  } catch (offline) { /* shown by the outbox */ }
}

/** Time left to answer the open prompt before it counts as missed, every second, on the server's clock. */
function countdown() {
  if (!pairing) return;
  const shown = $(pairing.role === 'sitter' ? 'sitter-countdown' : 'patient-countdown');
  if (!openPrompt || !session) {
    shown.hidden = true;
    return;
  }
  const left = Math.round((Date.parse(openPrompt.dueAt) + session.checkInMissedAfterMillis - (Date.now() + clockSkew)) / 1000);
  shown.hidden = false;
  shown.classList.toggle('overdue', left <= 0);
  shown.textContent = left <= 0 ? words.overdue : words.answerWithin(Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0'));
}

/** Two steps: the dose time counts from this tap, so it is asked once more. */
async function tabletTaken() {
  if (!window.confirm(words.tabletSure)) return;
  try {
    const {status, answer} = await send({service: 'session', path: '/sessions/' + pairing.sessionId + '/devices/tablet-taken'});
    say(status === 200 ? words.tabletDone : words.tabletRefused + detail({answer, status}));
  } catch (offline) {
    say(words.tabletOffline(new Date().toLocaleTimeString(document.documentElement.lang, {hour: '2-digit', minute: '2-digit'})));
  }
  await loadSession();
}

// ---- The sitter ---------------------------------------------------------------------------------

function buildMoaas(step = 0) {
  const steps = $('moaas-steps');
  steps.replaceChildren(...words.moaasSteps.slice(0, step + 1).map((s, i) => el('li', {class: i < step ? 'done' : ''},
    el('p', {text: s.ask}),
    ...(i === step ? s.answers.map(([text, score]) => {
      const button = el('button', {type: 'button', class: 'answer', text});
      button.addEventListener('click', () => score === null ? buildMoaas(step + 1) : moaas(score));
      return button;
    }) : []))));
}

/** What the sitter must do is on screen at once; "recorded" only once vitals took it. */
async function moaas(score) {
  const result = $('moaas-result');
  if (score <= 3) sayWithCall(result, score === 0 ? words.moaasNone : words.moaasDeep);
  else result.textContent = '';
  const body = {checkInId: newId(), moaas: score, sitterPresent: !localStorage.getItem(PRESENCE), answeredAt: serverNow()};
  if (openPrompt) body.promptId = openPrompt.promptId;
  const outcome = await outbox.sendNowOrKeep({service: 'vitals', path: '/sessions/' + pairing.sessionId + '/check-ins/sitter', body});
  const said = outcome.sent ? words.moaasSent(score) : outcome.refused ? words.refused + detail(outcome.refused) : '';
  if (score <= 3) sayWithCall(result, (score === 0 ? words.moaasNone : words.moaasDeep) + ' ' + said);
  else result.textContent = said;
  buildMoaas();
  if (outcome.sent) {
    openPrompt = null;
    countdown();
    loadPrompts();
  }
}

async function presence(present) {
  if (present) localStorage.removeItem(PRESENCE); else localStorage.setItem(PRESENCE, serverNow());
  showPresence();
  const outcome = await outbox.sendNowOrKeep({service: 'vitals', path: '/sessions/' + pairing.sessionId + '/sitter-presence',
    body: {presenceId: newId(), present, at: serverNow()}});
  if (outcome.refused) say(words.refused + detail(outcome.refused));
}

/** Kept on the phone, so a reload shows what the sitter last said. */
function showPresence() {
  const away = !!localStorage.getItem(PRESENCE);
  $('step-out').hidden = away;
  $('step-back').hidden = !away;
  $('presence-status').textContent = away ? words.away : '';
}

// ---- Screens ------------------------------------------------------------------------------------

/** The pairing form, with the numbers to call above it: losing the pairing never hides what to do in danger. */
function showPairing() {
  $('pair').hidden = false;
  $('home').hidden = true;
  showCalls();
}

async function start() {
  $('pair').hidden = true;
  $('home').hidden = false;
  $('patient').hidden = pairing.role !== 'patient-device';
  $('sitter').hidden = pairing.role !== 'sitter';
  showPresence();
  showSession();
  await loadSession();
  await loadPrompts();
  // Paired again on the same page (a new code scanned): one set of timers, for the new pairing.
  timers.forEach(clearInterval);
  timers = [setInterval(loadPrompts, 15000), setInterval(loadSession, 30000), setInterval(renewWhenDue, 60000),
    setInterval(countdown, 1000)];
  await renewWhenDue();
  outbox.flush();
}

/** A code from the QR code is after '#': browsers never send it to a server. It leaves the address bar at once. */
function codeFromAddress() {
  const code = new URLSearchParams(location.hash.slice(1)).get('pair');
  if (code) history.replaceState(null, '', location.pathname);
  return code;
}

async function main() {
  translate();
  $('language').addEventListener('click', () => {
    words = WORDS[words.otherLang];
    localStorage.setItem(LANGUAGE, words === WORDS.es ? 'es' : 'en');
    translate();
  });
  $('pair-form').addEventListener('submit', e => { e.preventDefault(); pair($('pair-code').value); });
  $('help').addEventListener('click', help);
  $('check-in').addEventListener('submit', checkIn);
  $('tablet-taken').addEventListener('click', tabletTaken);
  $('step-out').addEventListener('click', () => presence(false));
  $('step-back').addEventListener('click', () => presence(true));
  window.addEventListener('online', () => outbox.flush());
  await loadConfig();
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/app/sw.js', {scope: '/app/'}).catch(() => {});
  // A code scanned while the app is already open arrives as a new '#' on the same page.
  window.addEventListener('hashchange', () => { const code = codeFromAddress(); if (code) pair(code); });
  const fromQr = codeFromAddress();
  if (fromQr) {
    await pair(fromQr);
  } else if (pairing) {
    await start();
  } else {
    showPairing();
  }
}

main();
