package io.raylog.route;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Token buckets, one per key: each holds up to {@code burst} tokens and refills at {@code perSecond}; a record
 * costs one token (lines) or its message's bytes, and passes while its bucket holds that much (or is full: a
 * record larger than the burst passes a full bucket and leaves it in debt, so it is not refused for ever).
 *
 * <p>Memory is bounded: at most {@code maxKeys} buckets. A new key past that takes the place of the least recently
 * used one if that one is idle (refilled to full: forgetting it loses nothing); when every tracked key is busy, the
 * new keys share one overflow bucket, so an unbounded number of values (request ids) degrades to one shared limit
 * instead of unbounded memory. Time is a parameter. Not thread-safe: one per sink, on its event loop.
 */
final class TokenBuckets {
  /** The key of records without the field, shown so in logs. */
  static final String NONE = "(none)";
  /** The bucket that keys past {@code maxKeys} share, shown so in logs. */
  static final String OVERFLOW = "(other keys)";

  private final double tokensPerNano;
  private final long burst;
  private final int maxKeys;
  private final long refillNanos;
  private final LinkedHashMap<String, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true);
  private final Bucket none;
  private final Bucket overflow;

  TokenBuckets(long perSecond, long burst, int maxKeys, long nowNanos) {
    this.tokensPerNano = perSecond / 1e9;
    this.burst = burst;
    this.maxKeys = maxKeys;
    this.refillNanos = (long) Math.ceil(burst / tokensPerNano);
    this.none = new Bucket(NONE, burst, nowNanos);
    this.overflow = new Bucket(OVERFLOW, burst, nowNanos);
  }

  /** Whether a record of {@code key} (null: the record lacks the field) costing {@code cost} tokens passes. */
  boolean tryTake(String key, long cost, long nowNanos) {
    Bucket bucket = bucket(key, nowNanos);
    double tokens = Math.min(burst, bucket.tokens + (nowNanos - bucket.refilledNanos) * tokensPerNano);
    bucket.refilledNanos = nowNanos;
    if (tokens >= Math.min(cost, burst)) {
      bucket.tokens = tokens - cost;
      return true;
    }
    bucket.tokens = tokens;
    bucket.dropped++;
    return false;
  }

  private Bucket bucket(String key, long nowNanos) {
    if (key == null) {
      return none;
    }
    Bucket bucket = buckets.get(key);
    if (bucket != null) {
      return bucket;
    }
    if (buckets.size() >= maxKeys) {
      Map.Entry<String, Bucket> eldest = buckets.entrySet().iterator().next();
      if (nowNanos - eldest.getValue().refilledNanos < refillNanos) {
        return overflow; // every tracked key is busy
      }
      buckets.remove(eldest.getKey());
    }
    bucket = new Bucket(key, burst, nowNanos);
    buckets.put(key, bucket);
    return bucket;
  }

  /** Keys tracked now (without the none and overflow buckets). */
  int trackedKeys() {
    return buckets.size();
  }

  /** The keys that dropped records since the last call, most first, at most {@code top}; their counts restart. */
  List<KeyDrops> takeDrops(int top) {
    List<Bucket> dropping = new ArrayList<>();
    for (Bucket bucket : buckets.values()) {
      if (bucket.dropped > 0) {
        dropping.add(bucket);
      }
    }
    for (Bucket bucket : List.of(none, overflow)) {
      if (bucket.dropped > 0) {
        dropping.add(bucket);
      }
    }
    dropping.sort(Comparator.comparingLong((Bucket b) -> b.dropped).reversed());
    List<KeyDrops> drops = new ArrayList<>();
    for (int i = 0; i < dropping.size(); i++) {
      if (i < top) {
        drops.add(new KeyDrops(dropping.get(i).key, dropping.get(i).dropped));
      }
      dropping.get(i).dropped = 0;
    }
    return drops;
  }

  private static final class Bucket {
    final String key;
    double tokens;
    long refilledNanos;
    long dropped;

    Bucket(String key, long tokens, long nowNanos) {
      this.key = key;
      this.tokens = tokens;
      this.refilledNanos = nowNanos;
    }
  }
}
