// A Prometheus counter fed from a running total kept elsewhere (watchStats().reads, the
// clicks lib/links has counted…): each scrape adds what the total grew by, so rate() gives
// per-second figures. A total that went down was restarted (a reopened Kv counts from 0):
// everything it counts now is new.

import type { Counter } from "prom-client";

export class MonotonicCounter {
  #counter: Counter;
  #last = 0;

  constructor(counter: Counter) {
    this.#counter = counter;
  }

  sync(total: number): void {
    const grown = total >= this.#last ? total - this.#last : total;
    if (grown > 0) this.#counter.inc(grown);
    this.#last = total;
  }
}
