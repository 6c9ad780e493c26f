package io.raylog.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ray's local times to UTC: the cached arithmetic agrees with java.time, across hours, days and offset changes. */
class LocalTimesTest {
  private static final DateTimeFormatter RAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

  /**
   * Times in order, as a file has them, minutes to hours apart, through the years of both DST changes of each
   * zone; St John's changed its offset at 00:01 until 2011 and Lord Howe's shift is 30 minutes, which is why an
   * hour's start alone is not always enough.
   */
  @ParameterizedTest
  @ValueSource(strings = {"UTC", "Europe/Berlin", "America/New_York", "America/St_Johns", "Australia/Lord_Howe",
      "Asia/Kolkata"})
  void agreesWithJavaTimeForTimesInOrder(String zoneName) {
    ZoneId zone = ZoneId.of(zoneName);
    LocalTimes times = new LocalTimes(zone);
    Random random = new Random(zoneName.hashCode());
    LocalDateTime local = LocalDateTime.of(2009, 1, 1, 0, 0);
    while (local.getYear() < 2012) {
      local = local.plusSeconds(random.nextInt(random.nextBoolean() ? 120 : 20_000))
          .withNano(random.nextInt(1000) * 1_000_000);
      byte[] text = RAY.format(local).getBytes(StandardCharsets.US_ASCII);
      long expected = local.atZone(zone).toInstant().toEpochMilli();
      assertThat(times.parse(text, 0, text.length)).as("%s in %s", local, zoneName).isEqualTo(expected);
    }
  }

  @Test
  void notATimeIsSaidSo() {
    LocalTimes times = new LocalTimes(ZoneId.of("UTC"));
    for (String text : new String[] {"2024-13-01 00:00:00,000", "2024-02-30 10:00:00,000", "2024-01-01 24:00:00,000",
        "2024-01-01 10:60:00,000", "2024-01-01 10:00", "2024/01/01 10:00:00,000"}) {
      byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
      assertThat(times.parse(bytes, 0, bytes.length)).as(text).isEqualTo(LocalTimes.NOT_A_TIME);
    }
  }
}
