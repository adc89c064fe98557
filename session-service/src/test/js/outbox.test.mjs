// The phone app's outbox: what could not be sent waits, in order, and nothing is lost or sent twice by it.
import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {Outbox} from '../../main/resources/META-INF/resources/app/outbox.mjs';

/** localStorage as the browser has it: strings by key. */
class Storage {
  constructor() { this.map = new Map(); }
  getItem(key) { return this.map.has(key) ? this.map.get(key) : null; }
  setItem(key, value) { this.map.set(key, String(value)); }
}

/** A server that answers each send from a script of answers (or throws, as fetch does offline). */
function server(...script) {
  const sent = [];
  const send = async item => {
    sent.push(item.id);
    const next = script.length ? script.shift() : {status: 202};
    if (next === 'offline') throw new TypeError('Failed to fetch');
    return next;
  };
  return {sent, send};
}

function outbox(send, extra = {}) {
  const shown = [];
  const box = new Outbox(new Storage(), send, count => shown.push(count));
  box.later = seconds => { box.retryIn = seconds; };
  return Object.assign(box, {shown}, extra);
}

describe('Outbox', () => {
  test('sends at once when nothing waits, and says so', async () => {
    const {sent, send} = server({status: 202});
    const box = outbox(send);
    assert.deepEqual(await box.sendNowOrKeep({id: 'a'}), {sent: true});
    assert.deepEqual(sent, ['a']);
    assert.equal(box.size(), 0);
  });

  test('keeps what cannot go offline, shows it, and sends it in order once back', async () => {
    const {sent, send} = server('offline', 'offline', {status: 202}, {status: 202});
    const box = outbox(send);
    assert.deepEqual(await box.sendNowOrKeep({id: 'a'}), {waiting: true});
    assert.deepEqual(await box.sendNowOrKeep({id: 'b'}), {waiting: true});
    assert.equal(box.size(), 2);
    assert.equal(box.retryIn, 15);
    assert.equal(box.shown.at(-1), 2);
    await box.flush();
    assert.deepEqual(sent, ['a', 'a', 'a', 'b']);
    assert.equal(box.size(), 0);
    assert.equal(box.shown.at(-1), 0);
  });

  test('waits as long as the server asks when it is busy, and keeps the item', async () => {
    const {send} = server({status: 503, retryAfter: 7});
    const box = outbox(send);
    assert.deepEqual(await box.sendNowOrKeep({id: 'a'}), {waiting: true});
    assert.equal(box.retryIn, 7);
    assert.equal(box.size(), 1);
  });

  test('counts a replay as sent', async () => {
    const {send} = server({status: 200});
    assert.deepEqual(await outbox(send).sendNowOrKeep({id: 'a'}), {sent: true});
  });

  test('drops what the server refuses for good, says why, and goes on with the next', async () => {
    const {sent, send} = server('offline', {status: 400, answer: {detail: 'bad'}}, {status: 202});
    const refused = [];
    const box = outbox(send, {onRefused: (item, answer) => refused.push([item.id, answer.answer.detail])});
    assert.deepEqual(await box.sendNowOrKeep({id: 'a'}), {waiting: true});
    const b = await box.sendNowOrKeep({id: 'b'});
    assert.deepEqual(refused, [['a', 'bad']]);
    assert.deepEqual(b, {sent: true});
    assert.deepEqual(sent, ['a', 'a', 'b']);
    assert.equal(box.size(), 0);
  });

  test('answers a refusal as refused, never as sent', async () => {
    const {send} = server({status: 409, answer: {detail: 'The session is not active'}});
    const outcome = await outbox(send).sendNowOrKeep({id: 'help'});
    assert.equal(outcome.sent, undefined);
    assert.equal(outcome.refused.answer.detail, 'The session is not active');
  });

  test('never loses an item added while another is being sent', async () => {
    const sent = [];
    let release;
    const slow = new Promise(resolve => { release = resolve; });
    const box = outbox(async item => {
      sent.push(item.id);
      if (item.id === 'check-in') await slow;
      return {status: 202};
    });
    const first = box.sendNowOrKeep({id: 'check-in'});
    await new Promise(resolve => setTimeout(resolve, 5));
    const second = box.sendNowOrKeep({id: 'help'});
    release();
    assert.deepEqual(await first, {sent: true});
    assert.deepEqual(await second, {sent: true});
    assert.deepEqual(sent, ['check-in', 'help']);
    assert.equal(box.size(), 0);
  });

  test('renews an expired token and sends the same item again', async () => {
    const {sent, send} = server({status: 401}, {status: 202});
    let renewed = 0;
    const box = outbox(send, {renew: async () => { renewed++; return true; }});
    assert.deepEqual(await box.sendNowOrKeep({id: 'a'}), {sent: true});
    assert.equal(renewed, 1);
    assert.deepEqual(sent, ['a', 'a']);
  });

  test('keeps everything when the token cannot be renewed, until the phone is paired again', async () => {
    const {sent, send} = server({status: 401}, {status: 401});
    let expired = 0;
    const box = outbox(send, {renew: async () => false, onExpired: () => expired++});
    assert.deepEqual(await box.sendNowOrKeep({id: 'a'}), {waiting: true});
    assert.deepEqual(await box.sendNowOrKeep({id: 'b'}), {waiting: true});
    assert.equal(box.size(), 2);
    assert.equal(expired, 2);
    assert.deepEqual(sent, ['a', 'a'], 'b waits behind a, in order');
  });

  test('renews at most once per pass, however often the server refuses the token', async () => {
    const {sent, send} = server({status: 401}, {status: 401}, {status: 401});
    let renewals = 0;
    const box = outbox(send, {renew: async () => { renewals++; return true; }, onExpired: () => {}});
    assert.deepEqual(await box.sendNowOrKeep({id: 'a'}), {waiting: true});
    assert.equal(renewals, 1);
    assert.deepEqual(sent, ['a', 'a']);
  });

  test('keeps its items in storage, so a closed page loses nothing', async () => {
    const storage = new Storage();
    const first = new Outbox(storage, async () => { throw new TypeError('offline'); }, () => {});
    first.later = () => {};
    await first.sendNowOrKeep({id: 'a'});
    const sent = [];
    const reopened = new Outbox(storage, async item => { sent.push(item.id); return {status: 202}; }, () => {});
    await reopened.flush();
    assert.deepEqual(sent, ['a']);
    assert.equal(reopened.size(), 0);
  });
});
