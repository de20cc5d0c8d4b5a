package dev.umt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
  private final Settings s =
      Settings.of(
          "umt.properties",
          Map.of("Port", "636", "bindPassword", "hunter2", "timeout", "PT5S", "tls", "yes"));

  @Test
  void readsTypedValuesWithCaseInsensitiveNames() {
    assertThat(s.getInt("port", 389)).isEqualTo(636);
    assertThat(s.getDuration("TIMEOUT", Duration.ZERO)).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.secret("bindpassword").orElseThrow().reveal()).isEqualTo("hunter2");
    assertThat(s.getInt("pageSize", 500)).isEqualTo(500);
  }

  @Test
  void badValuesAreErrorsNamingTheSettingAndTheOrigin() {
    assertThatThrownBy(() -> s.getBoolean("tls", false))
        .hasMessage("umt.properties: setting 'tls' must be true or false, not 'yes'");
    assertThatThrownBy(() -> s.require("host"))
        .hasMessage("umt.properties: setting 'host' is required");
    assertThatThrownBy(() -> Settings.of("x", Map.of("n", "ten")).getInt("n", 1))
        .hasMessage("x: setting 'n' must be a whole number, not 'ten'");
  }

  @Test
  void secretsNeverShowInText() {
    assertThat(s.toString()).contains("bindPassword=***").doesNotContain("hunter2");
    assertThat(Secret.of("hunter2").toString()).isEqualTo("***");
    assertThat(s.secret("bindPassword").orElseThrow()).isEqualTo(Secret.of("hunter2"));
  }
}
