package io.raylog.route;

import io.raylog.record.LogRecord;
import io.raylog.record.RecordFields;

/** Where a filter reads a record's fields: {@link RecordFields} in raylog, a table in tests. Thread-safe. */
interface FieldSource {
  String value(FilterField field, LogRecord record);

  String label(LogRecord record, String key);

  /** Whether the field is {@code literal}; {@link #RECORD_FIELDS} answers without making a string where it can. */
  default boolean is(FilterField field, LogRecord record, Literal literal) {
    return literal.text().equals(value(field, record));
  }

  /** Whether the field holds {@code literal}; false when the record lacks the field. */
  default boolean contains(FilterField field, LogRecord record, Literal literal) {
    String value = value(field, record);
    return value != null && value.contains(literal.text());
  }

  FieldSource RECORD_FIELDS = new FieldSource() {
    @Override
    public String value(FilterField field, LogRecord record) {
      return field.read.apply(record);
    }

    @Override
    public String label(LogRecord record, String key) {
      return RecordFields.labels(record).get(key);
    }

    @Override
    public boolean is(FilterField field, LogRecord record, Literal literal) {
      return field.rayKey != null
          ? RecordFields.rayFieldEquals(record, field.rayKey, literal.text(), literal.utf8())
          : literal.text().equals(value(field, record));
    }

    @Override
    public boolean contains(FilterField field, LogRecord record, Literal literal) {
      return field == FilterField.MESSAGE
          ? RecordFields.messageContains(record, literal.utf8())
          : FieldSource.super.contains(field, record, literal);
    }
  };
}
