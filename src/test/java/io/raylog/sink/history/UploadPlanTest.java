package io.raylog.sink.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raylog.sink.history.UploadPlan.Limits;
import io.raylog.sink.history.UploadPlan.Part;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UploadPlanTest {
  static final long MIB = 1 << 20;
  static final long GIB = 1L << 30;
  static final Limits S3 = Limits.S3;

  @Test
  void plansByWhatIsStored() {
    // stored, file, plan
    Object[][] table = {
        {0L, 0L, new UploadPlan.Put(0)}, // an empty file still gets its object
        {0L, 100L, new UploadPlan.Put(100)},
        {100L, 100L, new UploadPlan.Nothing()},
        {100L, 200L, new UploadPlan.Put(200)}, // under 5 MiB stored: sent again whole
        {5 * MIB - 1, 5 * MIB + 10, new UploadPlan.Put(5 * MIB + 10)},
        {5 * MIB, 5 * MIB + 10, new UploadPlan.Multipart(List.of(new Part(0, 5 * MIB, true),
            new Part(5 * MIB, 5 * MIB + 10, false)))},
        {GIB, GIB + 1, new UploadPlan.Multipart(List.of(new Part(0, GIB, true), new Part(GIB, GIB + 1, false)))},
        // a new file larger than one uploaded part: parts of equal size
        {0L, 30 * MIB, new UploadPlan.Multipart(List.of(new Part(0, 15 * MIB, false),
            new Part(15 * MIB, 30 * MIB, false)))},
        // more than 5 GiB stored: copied in equal parts of at most 5 GiB
        {6 * GIB, 6 * GIB + 1, new UploadPlan.Multipart(List.of(new Part(0, 3 * GIB, true),
            new Part(3 * GIB, 6 * GIB, true), new Part(6 * GIB, 6 * GIB + 1, false)))},
    };
    for (Object[] row : table) {
      assertThat(UploadPlan.of((Long) row[0], (Long) row[1], S3)).as("stored %s, file %s", row[0], row[1])
          .isEqualTo(row[2]);
    }
  }

  @Test
  void aFileShorterThanItsObjectIsAMistakeOfTheCaller() {
    assertThatThrownBy(() -> UploadPlan.of(10, 5, S3)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void partsCoverTheFileInOrderWithinS3sLimits() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (int i = 0; i < 10_000; i++) {
      long file = (long) (random.nextDouble() * 20 * GIB);
      long stored = random.nextBoolean() ? 0 : (long) (random.nextDouble() * file);
      UploadPlan plan = UploadPlan.of(stored, file, S3);
      String context = "seed " + seed + ", stored " + stored + ", file " + file;
      if (plan instanceof UploadPlan.Put put) {
        assertThat(stored).as(context).isLessThan(S3.minPartBytes());
        assertThat(put.length()).as(context).isEqualTo(file).isLessThanOrEqualTo(S3.maxPutBytes());
        continue;
      }
      if (plan instanceof UploadPlan.Nothing) {
        assertThat(stored).as(context).isEqualTo(file);
        continue;
      }
      List<Part> parts = ((UploadPlan.Multipart) plan).parts();
      assertThat(parts.size()).as(context).isBetween(1, 10_000);
      long next = 0;
      for (int p = 0; p < parts.size(); p++) {
        Part part = parts.get(p);
        assertThat(part.from()).as(context).isEqualTo(next);
        assertThat(part.length()).as(context).isPositive()
            .isLessThanOrEqualTo(part.copy() ? S3.maxCopyPartBytes() : S3.maxUploadPartBytes());
        if (p < parts.size() - 1) {
          assertThat(part.length()).as(context).isGreaterThanOrEqualTo(S3.minPartBytes());
        }
        assertThat(part.copy()).as(context).isEqualTo(part.to() <= stored && stored >= S3.minPartBytes());
        next = part.to();
      }
      assertThat(next).as(context).isEqualTo(file);
      assertThat(((UploadPlan.Multipart) plan).sentBytes()).as(context)
          .isEqualTo(stored >= S3.minPartBytes() ? file - stored : file);
    }
  }
}
