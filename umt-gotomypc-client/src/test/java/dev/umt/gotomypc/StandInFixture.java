package dev.umt.gotomypc;

import dev.umt.Secret;
import dev.umt.testkit.gotomypc.GoToMyPcStandIn;
import java.time.Duration;
import java.util.List;

/**
 * A started stand-in with two companies, groups, a GoToMyPC license, and a client pointed at it.
 */
public final class StandInFixture implements AutoCloseable {
  public final GoToMyPcStandIn standIn;
  public final String company;
  public final String otherCompany;
  public final String sales;
  public final String emea;
  public final String license;
  public final String otherLicense;
  public final TokenStore tokens;

  public StandInFixture(GoToMyPcStandIn.Builder builder) {
    standIn = builder.build().start();
    company = standIn.addCompany("Example Corp");
    otherCompany = standIn.addCompany("Example Labs");
    sales = standIn.addGroup(company, "Sales", null);
    emea = standIn.addGroup(company, "EMEA", sales);
    standIn.addGroup(company, "Americas", sales);
    standIn.addGroup(company, "Engineering", null);
    license = standIn.addLicense(company, "GoToMyPC Corporate", List.of("G2PC"), 2000);
    otherLicense = standIn.addLicense(company, "GoToMeeting Business", List.of("G2M"), 10);
    tokens = TokenStore.inMemory(Secret.of(standIn.issueRefreshToken()));
  }

  public StandInFixture() {
    this(GoToMyPcStandIn.builder());
  }

  /** A client builder for the stand-in with small retry waits, so tests run fast. */
  public GoToMyPcClient.Builder client() {
    return GoToMyPcClient.builder()
        .baseUrl(standIn.baseUrl())
        .tokenUrl(standIn.tokenUrl())
        .authorizeUrl(standIn.authorizeUrl())
        .clientId(standIn.clientId())
        .clientSecret(Secret.of(standIn.clientSecret()))
        .tokenStore(tokens)
        .retry(
            new RetryPolicy(
                4, Duration.ofMillis(5), 2.0, Duration.ofMillis(50), 0.5, Duration.ofSeconds(2)));
  }

  @Override
  public void close() {
    standIn.close();
  }
}
