package io.raylog.route;

import io.raylog.record.LogRecord;
import io.raylog.record.RecordFields;

/** Where a filter reads a record's fields: {@link RecordFields} in raylog, a table in tests. Thread-safe. */
interface FieldSource {
  String value(FilterField field, LogRecord record);

  String label(LogRecord record, String key);

  FieldSource RECORD_FIELDS = new FieldSource() {
    @Override
    public String value(FilterField field, LogRecord record) {
      return field.read.apply(record);
    }

    @Override
    public String label(LogRecord record, String key) {
      return RecordFields.labels(record).get(key);
    }
  };
}
