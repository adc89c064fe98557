// What the phone could not send yet, kept in order on the phone and sent again when the network returns. Each item
// carries its own id (checkInId, helpId, presenceId), so a resend the server already has is answered as a replay.
// Storage is the one truth: items are added and removed there by key, never by writing back an old copy, so an
// item added while a send is under way is never lost.
const KEY = 'companion-outbox';

export class Outbox {
  constructor(storage, send, onChange) {
    this.storage = storage;
    this.send = send;
    this.onChange = onChange;
    this.flushing = null;
    this.timer = null;
    this.outcomes = new Map();
  }

  items() { return JSON.parse(this.storage.getItem(KEY) || '[]'); }

  size() { return this.items().length; }

  write(items) {
    this.storage.setItem(KEY, JSON.stringify(items));
    this.onChange(items.length);
  }

  add(item) {
    const keyed = Object.assign({key: item.key || (Date.now() + '-' + Math.random().toString(36).slice(2))}, item);
    this.write([...this.items(), keyed]);
    return keyed.key;
  }

  remove(key) { this.write(this.items().filter(item => item.key !== key)); }

  /**
   * Keeps the item and sends what waits, oldest first. Answers how this item ended for now: {sent: true} when the
   * server took it (a replay included), {refused: answer} when it refused it for good, {waiting: true} otherwise.
   */
  async sendNowOrKeep(item) {
    const key = this.add(item);
    await this.flush();
    // A flush already under way when the item was added may have stopped before it: one more pass.
    if (this.items().some(waiting => waiting.key === key) && !this.stopped) await this.flush();
    return this.outcomes.get(key) || {waiting: true};
  }

  /** Sends what waits, oldest first, stopping at the first that cannot go now. */
  flush() {
    if (!this.flushing) {
      this.flushing = this.drain().finally(() => { this.flushing = null; });
    }
    return this.flushing;
  }

  async drain() {
    clearTimeout(this.timer);
    this.stopped = false;
    let renewed = false;
    for (let item = this.items()[0]; item; item = this.items()[0]) {
      let answer;
      try {
        answer = await this.send(item);
      } catch (offline) {
        return this.pause(15);
      }
      if (answer.status === 503 || answer.status === 429 || answer.status >= 500) {
        return this.pause(answer.retryAfter || 15);
      }
      // A token that no longer works is the phone's problem, not the item's: renewed once, the same item goes again;
      // otherwise everything waits until the phone is paired again (a new code from the clinic).
      if (answer.status === 401) {
        if (!renewed && this.renew && await this.renew()) {
          renewed = true;
          continue;
        }
        if (this.onExpired) this.onExpired();
        return this.pause(60);
      }
      // Taken (2xx, a replay included) or refused for good (4xx): either way it is not sent again.
      this.outcomes.set(item.key, answer.status < 300 ? {sent: true} : {refused: answer});
      if (answer.status >= 400 && this.onRefused) this.onRefused(item, answer);
      this.remove(item.key);
    }
  }

  pause(seconds) {
    this.stopped = true;
    this.later(seconds);
  }

  later(seconds) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), seconds * 1000);
  }
}
