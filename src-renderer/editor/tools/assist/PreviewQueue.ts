/**
 * Requests for a preview coalesced so the worker is never asked twice at once: while one request
 * is out, a newer one waits (replacing any older waiting one); when the answer comes back it is
 * shown (it is newer than what is on screen) and the waiting request goes out. So a tolerance
 * dragged through 40 values costs as many round trips as the worker can answer, and the last
 * answer shown is always that of the last request. `drop()` forgets everything in progress.
 */
export class PreviewQueue<Req, Res> {
  private out = false;
  private waiting: Req | null = null;
  private epoch = 0;

  constructor(
    private readonly send: (req: Req) => Promise<Res>,
    private readonly handlers: {
      /** An answer; `latest` is false when a newer request is already waiting. */
      result(res: Res, req: Req, latest: boolean): void;
      error(e: unknown, req: Req, latest: boolean): void;
      /** True while a request is out or waiting. */
      busy(busy: boolean): void;
    },
  ) {}

  get busy(): boolean {
    return this.out;
  }

  request(req: Req): void {
    if (this.out) {
      this.waiting = req;
      return;
    }
    this.start(req);
  }

  /** Forget the waiting request and ignore the answer of the one out. */
  drop(): void {
    this.epoch++;
    this.waiting = null;
  }

  private start(req: Req): void {
    this.out = true;
    this.handlers.busy(true);
    const epoch = this.epoch;
    const settle = (deliver: (latest: boolean) => void) => {
      this.out = false;
      if (epoch === this.epoch) deliver(this.waiting === null);
      const next = this.waiting;
      this.waiting = null;
      if (next !== null) this.start(next);
      else this.handlers.busy(false);
    };
    let p: Promise<Res>;
    try {
      p = this.send(req);
    } catch (e) {
      p = Promise.reject(e);
    }
    p.then(
      (res) => settle((latest) => this.handlers.result(res, req, latest)),
      (e) => settle((latest) => this.handlers.error(e, req, latest)),
    );
  }
}
