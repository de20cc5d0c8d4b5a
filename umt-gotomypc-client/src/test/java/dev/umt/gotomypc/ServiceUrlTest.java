package dev.umt.gotomypc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.ConfigurationException;
import dev.umt.Secret;
import dev.umt.Settings;
import dev.umt.gotomypc.target.GoToMyPcTargetProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Service URLs (issue 9 item 8): https, plain http only to loopback, and a malformed one named,
 * never OkHttp's own exception.
 */
class ServiceUrlTest {
  private static final String CLEAR =
      "' must use https: plain http, which would carry tokens and secrets in clear, is allowed only"
          + " to a loopback host (127.0.0.0/8, ::1, localhost)";

  private static GoToMyPcClient.Builder builder() {
    return GoToMyPcClient.builder()
        .clientId("c")
        .clientSecret(Secret.of("s"))
        .tokenStore(TokenStore.inMemory(null));
  }

  @Test
  void plainHttpIsRefusedUnlessTheHostIsLoopback() {
    assertThatThrownBy(() -> builder().baseUrl("http://api.getgo.com/"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("GoToMyPC baseUrl 'http://api.getgo.com/" + CLEAR);
    assertThatThrownBy(() -> builder().tokenUrl("http://10.0.0.1/oauth/token"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("GoToMyPC tokenUrl 'http://10.0.0.1/oauth/token" + CLEAR);
    assertThatThrownBy(() -> builder().authorizeUrl("HTTP://127.0.0.1.example.com/authorize"))
        .isInstanceOf(ConfigurationException.class)
        .as("a name that starts like a loopback address is a name")
        .hasMessage("GoToMyPC authorizeUrl 'HTTP://127.0.0.1.example.com/authorize" + CLEAR);
    assertThatThrownBy(() -> builder().baseUrl("http://[::2]:8080/"))
        .hasMessage("GoToMyPC baseUrl 'http://[::2]:8080/" + CLEAR);
    assertThatThrownBy(() -> builder().baseUrl("http://127.0.0.300/"))
        .hasMessage(
            "GoToMyPC baseUrl 'http://127.0.0.300/' must be an http or https URL with a host");
    for (String loopback :
        List.of(
            "http://127.0.0.1:8080",
            "http://localhost/",
            "http://LOCALHOST:1/x",
            "http://[::1]:9/",
            "http://127.4.5.6/",
            "https://api.example.com/")) {
      try (GoToMyPcClient client =
          builder().baseUrl(loopback).tokenUrl(loopback).authorizeUrl(loopback).build()) {
        assertThat(client.baseUrl().toString())
            .isEqualTo(loopback.endsWith("/") ? loopback : loopback + "/");
      }
    }
  }

  @Test
  void aBadPortOrMalformedUrlIsAConfigurationErrorNamingTheSettingAndValue() {
    assertThatThrownBy(() -> builder().baseUrl("https://api.example:99999"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "GoToMyPC baseUrl 'https://api.example:99999' is not a valid URL: port 99999 is outside"
                + " 1 to 65535");
    assertThatThrownBy(() -> builder().tokenUrl("https://auth.example:0/oauth/token"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "GoToMyPC tokenUrl 'https://auth.example:0/oauth/token' is not a valid URL: port 0 is"
                + " outside 1 to 65535");
    assertThatThrownBy(() -> builder().authorizeUrl("https://exa mple.com/"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "GoToMyPC authorizeUrl 'https://exa mple.com/' is not a URL: Illegal character in"
                + " authority at index 8: https://exa mple.com/");
    assertThatThrownBy(
            () ->
                new GoToMyPcTargetProvider()
                    .create(
                        Settings.of(
                            "umt.properties",
                            Map.of(
                                "clientId",
                                "c",
                                "clientSecret",
                                "x",
                                "baseUrl",
                                "https://api.example:99999"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "GoToMyPC baseUrl 'https://api.example:99999' is not a valid URL: port 99999 is outside"
                + " 1 to 65535");
    assertThatThrownBy(
            () ->
                new GoToMyPcTargetProvider()
                    .create(
                        Settings.of(
                            "umt.properties",
                            Map.of(
                                "clientId",
                                "c",
                                "clientSecret",
                                "x",
                                "tokenUrl",
                                "http://auth.example/oauth/token"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("GoToMyPC tokenUrl 'http://auth.example/oauth/token" + CLEAR);
  }
}
