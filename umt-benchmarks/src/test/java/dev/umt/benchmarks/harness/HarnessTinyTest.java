package dev.umt.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the harness at its tiny size to prove every phase works and prints every row; asserts
 * nothing about time.
 */
class HarnessTinyTest {
  @Test
  void theTinyRunPrintsEveryRowOfTheIssuesTableWithItsBound() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Harness.Row> rows;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      rows = new Harness(out).run("tiny");
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(rows)
        .extracting(Harness.Row::name)
        .containsExactly(
            "read 200 users, ldap source (embedded UnboundID server)",
            "read 200 users, ldap source (embedded server standing in for slapd)",
            "no-change run of 200 users (in-memory source and target), 0 writes",
            "heap, first run of 200 users (creates)",
            "heap, no-change run of 200 users",
            "heap, close of the JSON store (writes ledger.json of 200 entries)",
            "200 creates through GoToMyPcTarget.create, 5 ms latency, stand-in at 10/s",
            "200 creates through GoToMyPcTarget.create, 5 ms latency, stand-in at 10/s (against the"
                + " client's own pace)",
            "10 creates into a named group, 5 ms latency, stand-in at 10/s",
            "10 creates into a named group, 5 ms latency, stand-in at 10/s (against the client's"
                + " own pace)");
    for (Harness.Row r : rows) {
      assertThat(r.measured()).as(r.name()).isNotEmpty().allMatch(v -> v > 0);
      assertThat(r.bound()).as(r.name()).hasSameSizeAs(r.measured()).allMatch(v -> v > 0);
      assertThat(r.ratios()).as(r.name()).hasSameSizeAs(r.measured());
    }
    assertThat(text)
        .containsPattern(
            "10 creates into a named group, 5 ms latency, stand-in at 10/s: 0 x 429, at most"
                + " ([1-9]|10) requests in any sliding second");
    assertThat(text.lines().filter(l -> l.startsWith("ROW | "))).hasSize(rows.size());
    assertThat(text)
        .contains(
            "bound (raw UnboundID paged search, same base/filter/attributes/page size)",
            "bound (read every user and account, join by email)",
            "bound (2 requests / 10 per s)",
            "bound (11 requests / 10 per s)");
  }
}
