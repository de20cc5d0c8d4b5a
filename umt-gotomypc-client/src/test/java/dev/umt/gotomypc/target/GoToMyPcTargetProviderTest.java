package dev.umt.gotomypc.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.ConfigurationException;
import dev.umt.Providers;
import dev.umt.Settings;
import dev.umt.target.CreateResult;
import dev.umt.target.NewAccount;
import dev.umt.target.ProvisioningTarget;
import dev.umt.testkit.gotomypc.GoToMyPcStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoToMyPcTargetProviderTest {

  @Test
  void isFoundByServiceLoaderAsGotomypc() {
    Providers providers = Providers.load(getClass().getClassLoader());
    assertThat(providers.targetTypes()).contains("gotomypc");
    assertThat(providers.target("gotomypc")).isInstanceOf(GoToMyPcTargetProvider.class);
  }

  @Test
  void buildsAWorkingTargetFromSettingsAndSeedsTheTokenFile(@TempDir Path dir) throws Exception {
    try (GoToMyPcStandIn standIn = GoToMyPcStandIn.builder().build().start()) {
      String company = standIn.addCompany("Example Corp");
      standIn.addCompany("Example Labs");
      String license = standIn.addLicense(company, "GoToMyPC", List.of("G2PC"), 10);
      Path tokenFile = dir.resolve("gotomypc.token");
      Map<String, String> values = standIn.targetSettings("example corp", tokenFile);
      values.putAll(
          Map.of("retry.maxAttempts", "2", "requestsPerSecond", "8", "maxUsersPerCreate", "50"));
      Settings settings = Settings.of("umt.properties", values);
      assertThat(settings.toString())
          .doesNotContain(standIn.clientSecret())
          .contains("clientSecret=***", "refreshToken=***");
      try (ProvisioningTarget target = new GoToMyPcTargetProvider().create(settings)) {
        assertThat(standIn.requestCount()).as("creating a target does no I/O").isZero();
        assertThat(target.describe().maxBatchSize()).isEqualTo(50);
        assertThat(target.describe().requestsPerSecond()).as("as set").isEqualTo(8.0);
        List<CreateResult> r =
            target.create(List.of(new NewAccount("a@example.test", "A", "B", null, true, false)));
        assertThat(r.get(0).outcome()).isEqualTo(CreateResult.Outcome.CREATED);
      }
      assertThat(standIn.user(company, "a@example.test").orElseThrow().licenseKeys())
          .containsExactly(license);
      assertThat(Files.readString(tokenFile).trim())
          .as("the rotated refresh token was saved")
          .startsWith("rt-");
    }
  }

  @Test
  void requestsPerSecondIsADecimalAndDefaultsToTheServicesTen() {
    GoToMyPcTargetProvider provider = new GoToMyPcTargetProvider();
    try (ProvisioningTarget target =
        provider.create(
            Settings.of("umt.properties", Map.of("clientId", "c", "clientSecret", "x")))) {
      assertThat(target.describe().requestsPerSecond()).isEqualTo(10.0);
    }
    try (ProvisioningTarget target =
        provider.create(
            Settings.of(
                "umt.properties",
                Map.of("clientId", "c", "clientSecret", "x", "requestsPerSecond", "2.5")))) {
      assertThat(target.describe().requestsPerSecond()).isEqualTo(2.5);
    }
    try (ProvisioningTarget target =
        provider.create(
            Settings.of(
                "umt.properties",
                Map.of(
                    "clientId",
                    "c",
                    "clientSecret",
                    "x",
                    "requestsPerSecond",
                    String.valueOf(Double.valueOf(7)))))) {
      assertThat(target.describe().requestsPerSecond())
          .as("the CLI passes its Double as 7.0")
          .isEqualTo(7.0);
    }
    for (String bad : List.of("0", "-1", "1000.5", "fast", "NaN")) {
      assertThatThrownBy(
              () ->
                  provider.create(
                      Settings.of(
                          "umt.properties",
                          Map.of("clientId", "c", "clientSecret", "x", "requestsPerSecond", bad))))
          .isInstanceOf(ConfigurationException.class)
          .hasMessage(
              "umt.properties: setting 'requestsPerSecond' must be a number more than 0 and at most"
                  + " 1000, not '"
                  + bad
                  + "'");
    }
  }

  @Test
  void theProxyCarriesEveryCall(@TempDir Path dir) {
    try (GoToMyPcStandIn standIn = GoToMyPcStandIn.builder().build().start()) {
      String company = standIn.addCompany("Example Corp");
      standIn.addLicense(company, "GoToMyPC", List.of("G2PC"), 10);
      Map<String, String> values = standIn.targetSettings(company, dir.resolve("gotomypc.token"));
      // Nothing listens on localhost:1: the calls reach the stand-in only through the proxy, which
      // it answers as the service.
      values.putAll(
          Map.of(
              "baseUrl",
              "http://localhost:1/",
              "tokenUrl",
              "http://localhost:1/oauth/token",
              "authorizeUrl",
              "http://localhost:1/oauth/authorize",
              "proxy",
              "127.0.0.1:" + standIn.port()));
      try (ProvisioningTarget target =
          new GoToMyPcTargetProvider().create(Settings.of("umt.properties", values))) {
        assertThat(
                target
                    .create(List.of(new NewAccount("p@example.test", "P", "Q", null, true, false)))
                    .get(0)
                    .outcome())
            .isEqualTo(CreateResult.Outcome.CREATED);
      }
      assertThat(standIn.user(company, "p@example.test")).isPresent();
    }
  }

  @Test
  void missingAndUnknownSettingsAreNamed() {
    GoToMyPcTargetProvider provider = new GoToMyPcTargetProvider();
    assertThatThrownBy(
            () -> provider.create(Settings.of("umt.properties", Map.of("clientSecret", "x"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("umt.properties: setting 'clientId' is required");
    assertThatThrownBy(
            () ->
                provider.create(
                    Settings.of(
                        "umt.properties",
                        Map.of("clientId", "c", "clientSecret", "x", "clinetSecret", "y"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(
            "umt.properties: unknown GoToMyPC setting 'clinetSecret'; known settings: [");
    assertThatThrownBy(
            () ->
                provider.create(
                    Settings.of(
                        "umt.properties",
                        Map.of("clientId", "c", "clientSecret", "x", "requestTimeout", "30s"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "umt.properties: setting 'requestTimeout' must be an ISO-8601 duration such as PT30S,"
                + " not '30s'");
    assertThatThrownBy(
            () ->
                provider.create(
                    Settings.of(
                        "umt.properties",
                        Map.of("clientId", "c", "clientSecret", "x", "baseUrl", "ftp://x"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("GoToMyPC baseUrl 'ftp://x' must be an http or https URL with a host");
    assertThatThrownBy(
            () ->
                provider.create(
                    Settings.of(
                        "umt.properties",
                        Map.of("clientId", "c", "clientSecret", "x", "retry.maxAttempts", "0"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("umt.properties: retry maxAttempts must be at least 1, not 0");
  }
}
