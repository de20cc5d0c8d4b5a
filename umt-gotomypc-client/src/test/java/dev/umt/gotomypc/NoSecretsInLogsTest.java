package dev.umt.gotomypc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.umt.Secret;
import dev.umt.testkit.gotomypc.GoToMyPcStandIn;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the client through refreshes, 401s, 429s, 5xx, dropped connections, rejected users and a
 * revoked refresh token with its log at DEBUG (set in the module's surefire configuration), and
 * checks that neither a log line nor an exception message holds the client secret or any token.
 */
class NoSecretsInLogsTest {

  @Test
  void neitherLogLinesNorExceptionMessagesHoldTheSecretOrAToken() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    List<String> messages = new ArrayList<>();
    List<String> secrets = new ArrayList<>();
    try (StandInFixture fixture =
        new StandInFixture(GoToMyPcStandIn.builder().clientSecret("the-client-secret-1234"))) {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      GoToMyPcStandIn standIn = fixture.standIn;
      secrets.add(standIn.clientSecret());
      secrets.add(
          Base64.getEncoder()
              .encodeToString(
                  (standIn.clientId() + ":" + standIn.clientSecret())
                      .getBytes(StandardCharsets.UTF_8)));
      secrets.add(fixture.tokens.load().orElseThrow().reveal());
      try (GoToMyPcClient client =
          fixture
              .client()
              .circuitBreaker(
                  new CircuitBreakerPolicy(100, 50, 50, java.time.Duration.ofMinutes(1)))
              .build()) {
        CompanyClient company = client.company(fixture.company);
        company.users(0, 10);
        secrets.add(fixture.tokens.load().orElseThrow().reveal());
        standIn.expireAccessTokens();
        standIn.failNext(2, 429);
        company.users(0, 10);
        secrets.add(fixture.tokens.load().orElseThrow().reveal());
        standIn.failNext(1, 503, "0");
        standIn.dropNext(1);
        company.licenses();
        messages.add(
            catchThrowable(
                    () ->
                        company.createUsers(List.of(new NewUser("bad", "A", "B", List.of())), true))
                .getMessage());
        standIn.failNext(4, 502);
        messages.add(catchThrowable(company::licenses).getMessage());
        standIn.expireAccessTokens();
        standIn.revokeRefreshTokens();
        Throwable revoked = catchThrowable(company::licenses);
        assertThat(revoked).isInstanceOf(GoToMyPcAuthenticationException.class);
        messages.add(revoked.getMessage());
        messages.add(String.valueOf(client));
        messages.add(String.valueOf(fixture.tokens));
      }
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log)
        .as("the client logged its retries and refreshes")
        .contains("retry 1 of 3")
        .contains("refresh token grant succeeded")
        .contains("GoToMyPC answered 401; refreshing the access token once");
    assertThat(secrets).hasSize(5).doesNotHaveDuplicates();
    for (String secret : secrets) {
      assertThat(log).doesNotContain(secret);
      assertThat(messages).noneMatch(m -> m.contains(secret));
    }
    assertThat(log).doesNotContain("at-").doesNotContain("Bearer ").doesNotContain("Basic ");
    assertThat(String.join("\n", messages)).doesNotContain("at-").doesNotContain("Bearer ");
    assertThat(Secret.of("x").toString()).isEqualTo("***");
  }
}
