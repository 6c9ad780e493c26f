package io.raylog.route;

import io.raylog.record.LogRecord;
import io.raylog.record.RecordFields;
import java.util.function.Function;

/** Reads one field of a record by the name a filter gives it: what a {@link RateLimit} is keyed by. */
public final class RecordKeys {
  private RecordKeys() {}

  /** The reader of the field {@code name} ({@code job_id}, {@code labels.team}, …); it returns null when absent. */
  public static Function<LogRecord, String> reader(String name) throws FilterSyntaxException {
    if (name.startsWith(FilterField.LABEL_PREFIX) && name.length() > FilterField.LABEL_PREFIX.length()) {
      String label = name.substring(FilterField.LABEL_PREFIX.length());
      return record -> RecordFields.labels(record).get(label);
    }
    FilterField field = FilterField.named(name);
    if (field == null || field == FilterField.MESSAGE) {
      throw new FilterSyntaxException("unknown field " + name + " (known: "
          + FilterField.known().replace("message, ", "") + ")");
    }
    return field.read;
  }

  /**
   * Whether the field {@code name} has one value for all records of a source file (pod metadata, the file's names),
   * so that what is derived from it can be cached per file; false for the severity and the {@code ray} fields, which
   * parsing may find in each line.
   */
  public static boolean sameForAFile(String name) {
    FilterField field = FilterField.named(name);
    return field == null ? name.startsWith(FilterField.LABEL_PREFIX)
        : field != FilterField.SEVERITY && field != FilterField.MESSAGE && field.rayKey == null;
  }
}
