package io.raylog.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.record.LogRecord;
import io.raylog.route.FilterExpression;
import io.raylog.route.RecordFilter;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * A sink's filter runs on every record: over the Ray ids parsed from a line and over the message it makes no object
 * per record (the bytes the parse wrote are compared in place). Counted with the JVM's per-thread allocation
 * counter, not timed.
 */
class FilterAllocationTest {
  private static final String WORKER =
      "worker-12b4d8641c7f0da733ccadc0a4765fc7f69dfb3ccfab07b3b7478a7d-01000000-18912.out";

  @Test
  void testingParsedFieldsAndTheMessageAllocatesNothingPerRecord() throws Exception {
    LogRecord line = Assembled.parsed(WORKER, "{\"levelname\": \"INFO\", \"message\": \"training step 7\","
        + " \"actor_name\": \"Trainer\", \"task_id\": \"t-9\"}\n", ParseSettings.defaults(), null, 0).get(0);
    RecordFilter filter = FilterExpression.parse("job_id == 01000000 and actor_name in (Evaluator, Trainer)"
        + " and task_id != t-1 and message contains 'step' and severity >= INFO");
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    int kept = 0;
    for (int i = 0; i < 10_000; i++) { // warm up: class loading and the JIT's first compilations allocate
      kept += filter.accepts(line) ? 1 : 0;
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 100_000; i++) {
      kept += filter.accepts(line) ? 1 : 0;
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(kept).isEqualTo(110_000);
    assertThat(allocated).as("bytes allocated by 100,000 tests").isLessThan(100_000);
  }
}
