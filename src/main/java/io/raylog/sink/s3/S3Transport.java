package io.raylog.sink.s3;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.raylog.sink.Outbound;
import io.raylog.sink.Transport;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The s3 sink: records go into compressed NDJSON objects ({@link OpenObjects}, laid out by {@link ObjectLayout}), and
 * a send of the delivery stage is answered only when every object holding its records has been uploaded. A failed
 * upload answers its records "retry"; the stage sends them again after its backoff, and they are uploaded at once as
 * an object of their own.
 *
 * <p>An object is uploaded when it is full, when it is {@code roll_interval} old, and earlier when waiting would
 * stall the pipeline: when the stage has {@code max_in_flight} sends waiting for objects, when the records of the
 * open objects take half the pipeline's memory limit (they count against it; the objects go up while reading goes
 * on), when reading is paused on that limit, and from {@link #flush} on (shutdown).
 *
 * <p>Threading: all state lives on one thread of this sink; {@link #send}, the roll timer and upload completions
 * hop onto it.
 */
public final class S3Transport implements Transport {
  private static final Logger log = LoggerFactory.getLogger(S3Transport.class);

  private final String sinkName;
  private final OpenObjects objects;
  private final ObjectStore store;
  private final int maxInFlight;
  private final BooleanSupplier memoryPressure;
  private final long sealAtBytes;
  private final LongSupplier nanoTime;
  private final ScheduledExecutorService worker;
  // Confined to the worker thread.
  private int unanswered;
  private boolean draining;

  /**
   * @param memoryPressure true while the pipeline's reading is paused on its memory limit
   * @param sealAtBytes every open object is uploaded once their records cost this much of the pipeline's memory
   *     limit ({@link io.raylog.record.LogRecord#cost}): half of it, so that they go up while reading goes on into
   *     the other half, rather than reading stopping until they are uploaded
   * @param tickNanos how often open objects are checked for their roll time and for memory pressure
   */
  S3Transport(String sinkName, OpenObjects objects, ObjectStore store, int maxInFlight, BooleanSupplier memoryPressure,
      long sealAtBytes, long tickNanos, LongSupplier nanoTime) {
    this.sinkName = sinkName;
    this.objects = objects;
    this.store = store;
    this.maxInFlight = maxInFlight;
    this.memoryPressure = memoryPressure;
    this.sealAtBytes = sealAtBytes;
    this.nanoTime = nanoTime;
    this.worker = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("raylog-s3-" + sinkName, true));
    worker.scheduleWithFixedDelay(this::tick, tickNanos, tickNanos, TimeUnit.NANOSECONDS);
  }

  /** The transport of an {@code s3} sink as configured. */
  public static S3Transport open(S3SinkConfig config, BooleanSupplier memoryPressure, long sealAtBytes) {
    S3Store where = config.store();
    // The compressor first: it loads zstd's native library, and a failure must not leave the client's thread behind.
    OpenObjects objects = new OpenObjects(ObjectLayout.of(config.prefix().orElse(""), config.layout()),
        config.maxObjectBytes(), config.rollInterval().toNanos(), config.compression(), config.compressionLevel());
    ObjectStore store;
    try {
      store = new S3ObjectStore(config.bucket(), where.endpoint(), where.region(), where.forcePathStyle(),
          where.credentials(), config.requestTimeout(), config.compression());
    } catch (RuntimeException e) {
      objects.close();
      throw e;
    }
    // Check the roll time often enough that an object is at most a few percent late, and at least once a second.
    long tickNanos = Math.min(TimeUnit.SECONDS.toNanos(1), Math.max(TimeUnit.MILLISECONDS.toNanos(20),
        config.rollInterval().toNanos() / 20));
    return new S3Transport(config.name(), objects, store, config.delivery().maxInFlight(), memoryPressure,
        sealAtBytes, tickNanos, System::nanoTime);
  }

  @Override
  public void send(Outbound records, Completion done) {
    worker.execute(() -> accept(records, done));
  }

  /** From now on every object is uploaded as soon as records reach it: raylog is shutting down. */
  public void flush() {
    worker.execute(() -> {
      draining = true;
      upload(objects.sealAll());
    });
  }

  private void accept(Outbound records, Completion done) {
    unanswered++;
    ObjectSend send = new ObjectSend(records, outcome -> {
      unanswered--;
      done.complete(outcome);
    });
    // A retry goes up at once, as its own object: its records are older than the ones now filling.
    upload(objects.add(send, nanoTime.getAsLong(), draining || records.attempt() > 0));
    if (unanswered >= maxInFlight || objects.openCostBytes() >= sealAtBytes || memoryPressure.getAsBoolean()) {
      upload(objects.sealAll());
    }
  }

  private void tick() {
    try {
      upload(objects.due(nanoTime.getAsLong()));
      if (objects.openObjects() > 0 && memoryPressure.getAsBoolean()) {
        upload(objects.sealAll());
      }
    } catch (RuntimeException e) {
      log.error("sink {}: checking open objects failed", sinkName, e); // keep the timer alive
    }
  }

  private void upload(List<OpenObjects.Sealed> sealed) {
    for (OpenObjects.Sealed object : sealed) {
      try {
        store.put(object.key(), object.content())
            .whenComplete((ignored, error) -> worker.execute(() -> uploaded(object, error)));
      } catch (RuntimeException e) {
        uploaded(object, e);
      }
    }
  }

  private void uploaded(OpenObjects.Sealed object, Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    String reason = cause == null ? null : S3Errors.reason(cause);
    String detail = cause == null ? null : S3Errors.detail(cause);
    if (cause != null) {
      log.debug("sink {}: upload of {} failed: {}", sinkName, object.key(), detail);
    }
    for (OpenObjects.Member member : object.members()) {
      long bytes = (long) object.content().length * member.positions().length / Math.max(1, object.records());
      member.send().objectDone(member.positions(), bytes, reason, detail);
    }
  }

  @Override
  public void close() {
    if (worker.isShutdown()) {
      return;
    }
    worker.execute(objects::close);
    worker.shutdown();
    try {
      if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
        worker.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    store.close();
  }
}
