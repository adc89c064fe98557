// What the phone could not send yet, kept in order on the phone and sent again when the network returns. Each item
// carries its own id (checkInId, helpId, presenceId), so a resend the server already has is answered as a replay.
const KEY = 'companion-outbox';

export class Outbox {
  constructor(storage, send, onChange) {
    this.storage = storage;
    this.send = send;
    this.onChange = onChange;
    this.flushing = null;
    this.timer = null;
  }

  items() { return JSON.parse(this.storage.getItem(KEY) || '[]'); }

  size() { return this.items().length; }

  save(items) {
    this.storage.setItem(KEY, JSON.stringify(items));
    this.onChange(items.length);
  }

  /** Sends the item now when nothing waits before it; true when the server took it, false when it waits. */
  async sendNowOrKeep(item) {
    this.save([...this.items(), item]);
    await this.flush();
    return !this.items().some(waiting => JSON.stringify(waiting) === JSON.stringify(item));
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
    let items = this.items();
    while (items.length) {
      let answer;
      try {
        answer = await this.send(items[0]);
      } catch (offline) {
        this.later(15);
        return;
      }
      if (answer.status === 503 || answer.status === 429 || answer.status >= 500) {
        this.later(answer.retryAfter || 15);
        return;
      }
      // A token that no longer works is the phone's problem, not the item's: renewed, the same item goes again;
      // otherwise it waits until the phone is paired again (a new code from the clinic).
      if (answer.status === 401) {
        if (this.renew && await this.renew()) continue;
        if (this.onExpired) this.onExpired();
        return;
      }
      // Taken (2xx, a replay included) or refused for good (4xx): either way it is not sent again.
      if (answer.status >= 400 && this.onRefused) this.onRefused(items[0], answer);
      items = items.slice(1);
      this.save(items);
    }
  }

  later(seconds) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), seconds * 1000);
  }
}
