/**
 * Requests made in one turn of the event loop, answered by one call: the
 * accounts of a fan-out, or the concurrent signals of a busy minute, each ask
 * for their own row, and Postgres gets one statement for all of them instead
 * of one each (a statement costs a round trip and the CPU of both ends).
 *
 * The batch is sent on process.nextTick, which Node runs once the promise jobs
 * queued so far have all run: requests made by continuations of one event
 * (the answers of one query, one HTTP request's handlers) share a batch.
 * Every request is kept, duplicates included, in order: `load` answers one
 * result per request, at the same index. Work off the answer path (writing
 * an outcome, releasing a lock) may wait a few ms longer (`windowMs`) to share
 * its statement with requests made by other events.
 *
 * With `maxInFlight`, a batch due while that many calls are still on their
 * way waits for one of them to answer, taking every request made meanwhile:
 * alone, a request is sent at once; under load, the requests that arrive
 * during one statement's round trip share the next (as Postgres's own group
 * commit shares one WAL flush). A request is never answered by a call sent
 * before it was made.
 */
interface Batch<Q, R> {
  requests: Q[];
  answers: Promise<R[]>;
  resolve: (answers: R[]) => void;
  reject: (error: unknown) => void;
  /** Its time has come: it is sent as soon as fewer than maxInFlight calls are on their way. */
  due: boolean;
}

export class TickBatch<Q, R> {
  private pending?: Batch<Q, R>;
  private inFlight = 0;

  constructor(
    private readonly load: (requests: Q[]) => Promise<R[]>,
    private readonly windowMs = 0,
    private readonly maxInFlight = Infinity,
  ) {}

  request(request: Q): Promise<R> {
    let batch = this.pending;
    if (!batch) {
      let resolve!: Batch<Q, R>['resolve'];
      let reject!: Batch<Q, R>['reject'];
      const answers = new Promise<R[]>((yes, no) => {
        resolve = yes;
        reject = no;
      });
      const created: Batch<Q, R> = { requests: [], answers, resolve, reject, due: false };
      const due = () => {
        created.due = true;
        this.sendIfFree();
      };
      if (this.windowMs > 0) setTimeout(due, this.windowMs);
      else process.nextTick(due);
      this.pending = batch = created;
    }
    const index = batch.requests.push(request) - 1;
    return batch.answers.then((answers) => answers[index]);
  }

  private sendIfFree(): void {
    const batch = this.pending;
    if (!batch?.due || this.inFlight >= this.maxInFlight) return;
    this.pending = undefined;
    this.inFlight += 1;
    void Promise.resolve()
      .then(() => this.load(batch.requests))
      .then(batch.resolve, batch.reject)
      .finally(() => {
        this.inFlight -= 1;
        this.sendIfFree();
      });
  }
}
