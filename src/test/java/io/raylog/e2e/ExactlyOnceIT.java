package io.raylog.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: the chaos suite's kills and outages ({@link ChaosIT#run}) against an Elasticsearch-shaped receiver that
 * honours {@code _id} ({@link ChaosSink#elasticsearch()}): what raylog sends again after a {@code kill -9} or a lost
 * answer carries the ids it had, the receiver refuses them (409), and the index holds every line of the
 * rename-rotated streams exactly once. The copy-truncated streams keep the duplicates of the copies raylog cannot
 * recognise (a copy is a file of its own, with ids of its own; docs/reliability.md), within the chaos suite's
 * bound. A minute of chaos at 2,500 lines/s (the receiver answers 40 ms after indexing, two requests at a time: a
 * rate it catches up from after each kill within the run), 6 kills and 2 outages by default; {@code -Draylog.chaos.*}
 * changes them as for {@link ChaosIT}.
 */
class ExactlyOnceIT {
  @TempDir Path dir;

  @Test
  void anIndexThatHonoursIdsHoldsEveryLineOnceThroughKillsAndOutages() throws Exception {
    ChaosIT.Plan plan = new ChaosIT.Plan(
        Duration.ofSeconds((long) (60 * Double.parseDouble(System.getProperty("raylog.chaos.minutes", "1")))),
        Integer.getInteger("raylog.chaos.kills", 6),
        Integer.getInteger("raylog.chaos.outages", 2),
        Integer.getInteger("raylog.chaos.maxOutageSeconds", 8),
        Integer.getInteger("raylog.chaos.rate", 2_500),
        Long.getLong("raylog.chaos.seed", new Random().nextLong()));
    try (ChaosSink index = ChaosSink.elasticsearch()) {
      // A fixed index: a daily index is chosen by the record's time, and a line without a time of its own takes the
      // time it was read, which may fall on another day when it is sent again (docs/reliability.md).
      ChaosIT.Run run = ChaosIT.run(dir, plan, index, true, """
            - name: index
              type: elasticsearch
              url: %s
              index: chaos
              max_in_flight: 2
              request_timeout: 2s
              retry_initial_backoff: 50ms
              retry_max_backoff: 1s
          """.formatted(index.url().replace("/ingest", "")));
      System.out.printf("exactly once (seed %d): %d re-sent documents refused by id (409), %d requests%n",
          plan.seed(), index.conflicts(), index.requests());

      ChaosIT.assertNoLineLost(run, index);
      for (int s = 0; s < ChaosWriter.COPY_TRUNCATED; s++) {
        assertThat(index.duplicates(s)).as("seed %d: duplicates of rename-rotated stream %d", plan.seed(), s).isZero();
      }
      ChaosIT.assertCopyTruncatedDuplicatesBounded(run, index);
      assertThat(index.conflicts()).as("the kills made raylog send records again, which the ids caught")
          .isPositive();
    }
  }
}
