package io.raylog.sink;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.raylog.pipeline.Acknowledgements;
import io.raylog.pipeline.Batch;
import io.raylog.config.SinkConfig;
import io.raylog.record.LogRecord;
import io.raylog.route.KeyDrops;
import io.raylog.route.RecordFilter;
import io.raylog.route.SinkBudget;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asynchronous delivery stage: the last handler of every network sink's pipeline (HTTP, Loki, Elasticsearch,
 * OTLP, Kafka, S3). It takes {@link Batch}es from the batching stage and acknowledges each one once every record of
 * it that the sink's filter routes to it has been accepted or refused for good by the backend.
 *
 * <pre>
 *   BatchingHandler ──Batch──► DeliveryHandler ──Outbound──► Transport (encode + send; sink-specific)
 *                                    ▲                             │ (any thread)
 *                                    └──── SendOutcome ◄───────────┘  hopped back onto the sink's event loop
 *                              Acknowledgements.completed(sink, batch), in batch order
 * </pre>
 *
 * <ul>
 *   <li><b>Routing.</b> The {@link RecordFilter} picks the records of a batch the sink takes, then the sink's
 *       {@link SinkBudget} (its {@code sample} and {@code rate_limit}) may drop some of those, each counted with its
 *       reason ({@link SinkEvents#dropped}); a batch with none left is done at once. The other records stay in the
 *       batch and are acknowledged with it, so a record dropped over a budget moves the checkpoint on like one the
 *       filter did not take. The keys that dropped most over the rate limit are logged at most every
 *       {@link #DROP_LOG_INTERVAL_NANOS}: a key per metric series would be unbounded (job ids, namespaces).
 *   <li><b>In flight.</b> At most {@code maxInFlight} batches are being sent (or waiting for a retry) at once; the
 *       others wait in arrival order. What waits is bounded by the pipeline's memory limit: the records were counted
 *       when read, so a slow or dead backend pauses reading, and the files are the buffer.
 *   <li><b>Outcomes.</b> {@link SendOutcome.Delivered}: done. {@link SendOutcome.Retry}: the same records are sent
 *       again after exponential backoff with full jitter ({@link RetryBackoff}, at least the server's Retry-After),
 *       with no limit on attempts. {@link SendOutcome.Rejected} and the rejections of {@link SendOutcome.PerRecord}:
 *       counted by reason and written to the {@link DeadLetters}; then done. The retry positions of a
 *       {@code PerRecord}: only those records are sent again. While any batch waits for a retry, no new batch is
 *       started: the backend is unwell, and the retries probe it.
 *   <li><b>Order.</b> Sends complete in any order; acknowledgements are given in batch order (a done batch waits for
 *       the ones before it), because {@link Acknowledgements#completed} requires it: a file's checkpoint must never
 *       pass a record of an earlier batch still in flight.
 * </ul>
 *
 * <p>Threading: every method runs on the sink's event loop (the channel's executor), and all state is confined to
 * it. A {@link Transport} completes from its own threads; the outcome is handed back with
 * {@code executor.execute}. After the handler is removed, late outcomes are ignored and the transport is closed.
 */
public final class DeliveryHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(DeliveryHandler.class);
  private static final int[] NONE = new int[0];
  static final long DROP_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final int DROP_LOG_KEYS = 5;

  private final String sinkName;
  private final int sinkIndex;
  private final RecordFilter filter;
  private final SinkConfig.Budget budgetConfig;
  private SinkBudget budget;
  private long droppedLoggedNanos;
  private boolean loggedDrops;
  private final Transport transport;
  private final DeadLetters deadLetters;
  private final Acknowledgements acknowledgements;
  private final int maxInFlight;
  private final RetryBackoff backoff;
  private final LongUnaryOperator uniform;
  private final SinkEvents events;

  /** Batches with routed records not yet started, in arrival order. */
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  /** Every batch started (or done without a send) and not yet acknowledged, in arrival order. */
  private final ArrayDeque<Pending> window = new ArrayDeque<>();
  private final List<ScheduledFuture<?>> retryTimers = new ArrayList<>();
  private ChannelHandlerContext ctx;
  private int sending;
  private int awaitingRetry;
  private boolean removed;

  public DeliveryHandler(String sinkName, int sinkIndex, RecordFilter filter, Transport transport,
      DeadLetters deadLetters, Acknowledgements acknowledgements, int maxInFlight, RetryBackoff backoff,
      SinkEvents events) {
    this(sinkName, sinkIndex, filter, SinkConfig.Budget.NONE, transport, deadLetters, acknowledgements, maxInFlight,
        backoff, events);
  }

  /** @param budget what the sink drops of the records {@code filter} takes ({@code sample}, {@code rate_limit}) */
  public DeliveryHandler(String sinkName, int sinkIndex, RecordFilter filter, SinkConfig.Budget budget,
      Transport transport, DeadLetters deadLetters, Acknowledgements acknowledgements, int maxInFlight,
      RetryBackoff backoff, SinkEvents events) {
    this(sinkName, sinkIndex, filter, budget, transport, deadLetters, acknowledgements, maxInFlight, backoff, events,
        bound -> ThreadLocalRandom.current().nextLong(bound));
  }

  /** @param uniform the jitter's random source: a uniform value in [0, bound) (tests fix it) */
  public DeliveryHandler(String sinkName, int sinkIndex, RecordFilter filter, Transport transport,
      DeadLetters deadLetters, Acknowledgements acknowledgements, int maxInFlight, RetryBackoff backoff,
      SinkEvents events, LongUnaryOperator uniform) {
    this(sinkName, sinkIndex, filter, SinkConfig.Budget.NONE, transport, deadLetters, acknowledgements, maxInFlight,
        backoff, events, uniform);
  }

  private DeliveryHandler(String sinkName, int sinkIndex, RecordFilter filter, SinkConfig.Budget budget,
      Transport transport, DeadLetters deadLetters, Acknowledgements acknowledgements, int maxInFlight,
      RetryBackoff backoff, SinkEvents events, LongUnaryOperator uniform) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1");
    }
    this.sinkName = sinkName;
    this.sinkIndex = sinkIndex;
    this.filter = filter;
    this.budgetConfig = budget;
    this.transport = transport;
    this.deadLetters = deadLetters;
    this.acknowledgements = acknowledgements;
    this.maxInFlight = maxInFlight;
    this.backoff = backoff;
    this.uniform = uniform;
    this.events = events;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    long now = now();
    this.budget = SinkBudget.of(budgetConfig.sample(), budgetConfig.rateLimit(), now);
    this.droppedLoggedNanos = now;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof Batch batch)) {
      ctx.fireChannelRead(msg);
      return;
    }
    Pending pending = new Pending(batch, routed(batch));
    if (pending.remaining.length == 0) {
      pending.done = true;
      window.add(pending);
      acknowledgeDone();
      return;
    }
    waiting.add(pending);
    startWaiting();
    reportHeld();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    removed = true;
    retryTimers.forEach(timer -> timer.cancel(false));
    retryTimers.clear();
    waiting.clear();
    window.clear();
    try {
      transport.close();
    } catch (Exception e) {
      log.warn("sink {}: closing the transport failed: {}", sinkName, e.toString());
    }
    try {
      deadLetters.close();
    } catch (Exception e) {
      log.warn("sink {}: closing the dead-letter file failed: {}", sinkName, e.toString());
    }
  }

  private int[] routed(Batch batch) {
    int[] positions = new int[batch.size()];
    int count = 0;
    boolean limits = budget.limits();
    long now = limits ? now() : 0;
    int sampledOut = 0;
    int rateLimited = 0;
    for (int i = 0, n = batch.size(); i < n; i++) {
      LogRecord record = batch.get(i);
      if (!filter.accepts(record)) {
        continue;
      }
      SinkBudget.Verdict verdict = limits ? budget.decide(record, now) : SinkBudget.Verdict.KEEP;
      switch (verdict) {
        case KEEP -> positions[count++] = i;
        case SAMPLED_OUT -> sampledOut++;
        case RATE_LIMITED -> rateLimited++;
      }
    }
    if (sampledOut > 0) {
      events.dropped("sampled", sampledOut);
    }
    if (rateLimited > 0) {
      events.dropped("rate_limit", rateLimited);
      logDroppedKeys(now);
    }
    return count == positions.length ? positions : count == 0 ? NONE : java.util.Arrays.copyOf(positions, count);
  }

  /** The keys that dropped most over the rate limit since the last such line: at once, then at most every 30 s. */
  private void logDroppedKeys(long now) {
    if (loggedDrops && now - droppedLoggedNanos < DROP_LOG_INTERVAL_NANOS) {
      return;
    }
    loggedDrops = true; // the first drop is logged at once, so that a user sees the limit bite
    long seconds = TimeUnit.NANOSECONDS.toSeconds(now - droppedLoggedNanos);
    droppedLoggedNanos = now;
    StringBuilder keys = new StringBuilder();
    for (KeyDrops drops : budget.takeDropsByKey(DROP_LOG_KEYS)) {
      keys.append(keys.length() == 0 ? "" : ", ").append(drops.key()).append(": ").append(drops.records());
    }
    log.warn("sink {}: over its rate_limit {}, records dropped in the last {} s by {} (the most): {}", sinkName,
        budget.rateLimit(), seconds, budget.rateLimit().key(), keys);
  }

  private void startWaiting() {
    while (!waiting.isEmpty() && awaitingRetry == 0 && sending + awaitingRetry < maxInFlight) {
      Pending next = waiting.poll();
      next.startedNanos = now();
      window.add(next);
      send(next);
    }
    reportHeld();
  }

  private void send(Pending pending) {
    sending++;
    Outbound outbound = new Outbound(pending.batch, pending.remaining, pending.attempts);
    EventExecutor executor = ctx.executor();
    AtomicBoolean answered = new AtomicBoolean();
    try {
      transport.send(outbound, outcome -> {
        if (answered.compareAndSet(false, true)) {
          try {
            executor.execute(() -> onOutcome(pending, outbound, outcome));
          } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // raylog is shutting down: the batch stays unacknowledged and is read again at the next start
          }
        }
      });
    } catch (RuntimeException e) {
      if (answered.compareAndSet(false, true)) {
        log.debug("sink {}: send threw", sinkName, e);
        executor.execute(() -> onOutcome(pending, outbound, SendOutcome.retry("send_failed", e.toString())));
      }
    }
  }

  private void onOutcome(Pending pending, Outbound sent, SendOutcome outcome) {
    if (removed) {
      return;
    }
    sending--;
    if (outcome instanceof SendOutcome.Delivered delivered) {
      int refused = Math.min(Math.max(0, delivered.rejectedUnknown()), sent.size());
      if (refused > 0) {
        log.warn("sink {}: the backend refused {} of {} records without saying which ({}): {}", sinkName, refused,
            sent.size(), delivered.reason(), delivered.detail());
        events.rejected(delivered.reason(), refused);
      }
      pending.deliveredRecords += sent.size() - refused;
      pending.bytes += delivered.bytes();
      finish(pending);
    } else if (outcome instanceof SendOutcome.Retry retry) {
      // pending.remaining is what was sent: it changes only when a send has completed
      scheduleRetry(pending, pending.remaining, retry.reason(), retry.detail(), retry.retryAfterNanos());
    } else if (outcome instanceof SendOutcome.Rejected rejected) {
      for (int i = 0; i < sent.size(); i++) {
        reject(sent, i, rejected.reason(), rejected.detail());
      }
      events.rejected(rejected.reason(), sent.size());
      finish(pending);
    } else if (outcome instanceof SendOutcome.PerRecord perRecord) {
      onPerRecord(pending, sent, perRecord);
    }
  }

  private void onPerRecord(Pending pending, Outbound sent, SendOutcome.PerRecord outcome) {
    String invalid = invalidPositions(sent, outcome);
    if (invalid != null) {
      // A transport bug; sending everything again loses nothing.
      log.error("sink {}: the transport reported {} for {}; sending the records again", sinkName, invalid, sent);
      scheduleRetry(pending, pending.remaining, "bad_outcome", invalid, 0);
      return;
    }
    java.util.Map<String, Integer> rejectedByReason = new java.util.TreeMap<>();
    for (SendOutcome.Rejection rejection : outcome.rejected()) {
      reject(sent, rejection.position(), rejection.reason(), rejection.detail());
      rejectedByReason.merge(rejection.reason(), 1, Integer::sum);
    }
    rejectedByReason.forEach(events::rejected);
    pending.deliveredRecords += sent.size() - outcome.rejected().size() - outcome.retry().length;
    pending.bytes += outcome.bytes();
    if (outcome.retry().length == 0) {
      finish(pending);
      return;
    }
    int[] retry = outcome.retry().clone();
    java.util.Arrays.sort(retry); // the records go again in their original order
    scheduleRetry(pending, positionsInBatch(sent, retry), outcome.retryReason(), outcome.retryDetail(), 0);
  }

  private static String invalidPositions(Outbound sent, SendOutcome.PerRecord outcome) {
    boolean[] settled = new boolean[sent.size()];
    for (SendOutcome.Rejection rejection : outcome.rejected()) {
      int position = rejection.position();
      if (position < 0 || position >= sent.size() || settled[position]) {
        return "rejection position " + position;
      }
      settled[position] = true;
    }
    for (int position : outcome.retry()) {
      if (position < 0 || position >= sent.size() || settled[position]) {
        return "retry position " + position;
      }
      settled[position] = true;
    }
    return null;
  }

  private void reject(Outbound sent, int position, String reason, String detail) {
    boolean kept = deadLetters.write(sinkName, sent.get(position), reason, detail);
    events.deadLettered(kept ? 1 : 0, kept || deadLetters == DeadLetters.NONE ? 0 : 1);
    if (deadLetters == DeadLetters.NONE) {
      log.debug("sink {}: record refused ({}): {}", sinkName, reason, detail);
    }
  }

  private void scheduleRetry(Pending pending, int[] positions, String reason, String detail, long retryAfterNanos) {
    pending.remaining = positions;
    long delay = Math.max(backoff.delayNanos(pending.attempts, uniform), Math.min(retryAfterNanos, backoff.capNanos()));
    pending.attempts++;
    if (pending.attempts == 1 || pending.attempts % 20 == 0) {
      log.warn("sink {}: {} failed (attempt {}, {}), retrying {} records in {} ms: {}", sinkName, transport.verb(),
          pending.attempts, reason, positions.length, delay / 1_000_000, detail);
    }
    events.retrying(reason, detail, delay);
    awaitingRetry++;
    ScheduledFuture<?>[] timer = new ScheduledFuture<?>[1];
    timer[0] = ctx.executor().schedule(() -> {
      retryTimers.remove(timer[0]);
      if (removed) {
        return;
      }
      awaitingRetry--;
      send(pending);
      startWaiting();
    }, delay, TimeUnit.NANOSECONDS);
    retryTimers.add(timer[0]);
    reportHeld();
  }

  private void finish(Pending pending) {
    pending.done = true;
    if (pending.attempts > 0) {
      log.info("sink {}: batch {} sent after {} retries", sinkName, pending.batch.sequence(), pending.attempts);
    }
    events.delivered(pending.deliveredRecords, pending.bytes, now() - pending.startedNanos);
    acknowledgeDone();
    startWaiting();
  }

  private void acknowledgeDone() {
    Pending head;
    while ((head = window.peek()) != null && head.done) {
      window.poll();
      acknowledgements.completed(sinkIndex, head.batch);
    }
    reportHeld();
  }

  /** Batches handed to the sink and not yet acknowledged: waiting, being sent, waiting for a retry or for order. */
  private void reportHeld() {
    events.inFlight(waiting.size() + window.size());
  }

  private static int[] positionsInBatch(Outbound sent, int[] outboundPositions) {
    int[] inBatch = new int[outboundPositions.length];
    for (int i = 0; i < inBatch.length; i++) {
      inBatch[i] = sent.positionInBatch(outboundPositions[i]);
    }
    return inBatch;
  }

  private long now() {
    if (ctx.executor() instanceof AbstractScheduledEventExecutor executor) {
      return executor.ticker().nanoTime();
    }
    return System.nanoTime();
  }

  /** One batch's progress through the stage. Confined to the event loop. */
  private static final class Pending {
    final Batch batch;
    /** Positions in the batch still to send: the routed ones, then those a retry must send again. */
    int[] remaining;
    int attempts;
    boolean done;
    long startedNanos;
    int deliveredRecords;
    long bytes;

    Pending(Batch batch, int[] routed) {
      this.batch = batch;
      this.remaining = routed;
    }
  }
}
