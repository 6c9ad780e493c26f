package io.raylog.config;

import static io.raylog.config.ConfigSchema.BATCH_MAX_BYTES;
import static io.raylog.config.ConfigSchema.PIPELINE_MEMORY_LIMIT;
import static io.raylog.config.ConfigSchema.TAIL_MAX_LINE_BYTES;

/**
 * The rules that tie the memory limit to the sizes that must fit inside it. Each problem says why, because the
 * user who meets it changed one key and is told about another. Checked only when every key involved is valid on
 * its own, so one bad value is reported once.
 */
final class MemoryChecks {

  private MemoryChecks() {}

  static void check(SectionValues tail, SectionValues pipeline, SectionValues batch, Problems problems) {
    if (pipeline.valid(PIPELINE_MEMORY_LIMIT) && batch.valid(BATCH_MAX_BYTES)) {
      long memoryLimit = pipeline.get(PIPELINE_MEMORY_LIMIT);
      long batchBytes = batch.get(BATCH_MAX_BYTES);
      if (memoryLimit < 2 * batchBytes) {
        problems.add(
            pipeline.path().child(PIPELINE_MEMORY_LIMIT.key()),
            "must be at least twice "
                + batch.path().child(BATCH_MAX_BYTES.key())
                + " (2 × "
                + ByteSize.format(batchBytes)
                + " = "
                + ByteSize.format(2 * batchBytes)
                + "), got "
                + shown(pipeline, PIPELINE_MEMORY_LIMIT)
                + ": a full batch must fit in memory while the next one fills");
      }
    }
    if (tail.valid(TAIL_MAX_LINE_BYTES) && pipeline.valid(PIPELINE_MEMORY_LIMIT)) {
      long maxLineBytes = tail.get(TAIL_MAX_LINE_BYTES);
      long memoryLimit = pipeline.get(PIPELINE_MEMORY_LIMIT);
      if (maxLineBytes > memoryLimit) {
        problems.add(
            tail.path().child(TAIL_MAX_LINE_BYTES.key()),
            "must be at most "
                + pipeline.path().child(PIPELINE_MEMORY_LIMIT.key())
                + " ("
                + shown(pipeline, PIPELINE_MEMORY_LIMIT)
                + "), got "
                + shown(tail, TAIL_MAX_LINE_BYTES)
                + ": a line piece that cannot fit in the memory limit would stop reading for good");
      }
    }
  }

  /** The value, marked when it is the default: the user may not know a key they never wrote takes part. */
  private static String shown(SectionValues values, Option<Long> option) {
    String size = ByteSize.format(values.get(option));
    return values.has(option.key()) ? size : size + ", the default";
  }
}
