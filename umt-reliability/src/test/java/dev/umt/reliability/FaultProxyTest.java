package dev.umt.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.Providers;
import dev.umt.Settings;
import dev.umt.reliability.FaultProxy.Fault;
import dev.umt.reliability.FaultProxy.Seen;
import dev.umt.target.NewAccount;
import dev.umt.target.ProvisioningTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault proxy does what the matrix relies on: it counts per sliding second, and a fault before
 * or after the stand-in is what it says.
 */
class FaultProxyTest {
  @TempDir Path folder;

  private static List<Seen> arrivals(long... millis) {
    return IntStream.range(0, millis.length)
        .mapToObj(i -> new Seen(i + 1, "GET", "/admin/x", millis[i] * 1_000_000L, null, 200))
        .toList();
  }

  @Test
  void aRequestIsOverTheLimitWhenTenOthersArrivedInTheSecondBeforeIt() {
    List<Seen> elevenIn900Ms = arrivals(LongStream.rangeClosed(0, 10).map(i -> i * 90).toArray());
    List<Seen> tenPerSecondExactly = arrivals(LongStream.range(0, 30).map(i -> i * 100).toArray());

    assertThat(FaultProxy.overLimit(elevenIn900Ms, 10)).isEqualTo(1);
    assertThat(FaultProxy.busiestSecond(elevenIn900Ms)).isEqualTo(11);
    assertThat(FaultProxy.overLimit(tenPerSecondExactly, 10))
        .as("the 11th request comes a full second after the 1st")
        .isZero();
    assertThat(FaultProxy.busiestSecond(tenPerSecondExactly)).isEqualTo(10);
  }

  @Test
  void aFaultBeforeTheStandInChangesNothingAndAFaultAfterItLosesOnlyTheAnswer() {
    try (World w = World.start(folder, 0, 0, 10, 0, true, Map.of("retry.maxAttempts", "1"));
        ProvisioningTarget target =
            Providers.load(getClass().getClassLoader())
                .target("gotomypc")
                .create(Settings.of("test", w.settings()))) {
      target.groups();
      w.proxy.policy((n, method, path) -> method.equals("POST") ? Fault.status(503, false) : null);
      assertThatThrownBy(
              () ->
                  target.create(
                      List.of(
                          new NewAccount("before@example.test", "B", "Before", null, true, false))))
          .hasMessageContaining("503");
      w.proxy.policy((n, method, path) -> method.equals("POST") ? Fault.status(503, true) : null);
      assertThatThrownBy(
              () ->
                  target.create(
                      List.of(
                          new NewAccount("after@example.test", "A", "After", null, true, false))))
          .hasMessageContaining("503");

      assertThat(w.standIn.user(w.company, "before@example.test")).isEmpty();
      assertThat(w.standIn.user(w.company, "after@example.test")).isPresent();
      assertThat(w.proxy.seen())
          .filteredOn(s -> s.method().equals("POST"))
          .extracting(Seen::upstreamStatus)
          .containsExactly(0, 201);
    }
  }
}
