package dev.umt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.cli.CliFixture.Result;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code umt login} end to end against the stand-in's OAuth endpoints, with the company choice. */
class LoginTest {
  @TempDir Path tmp;
  CliFixture f;
  Path secret;

  @BeforeEach
  void start() {
    f = new CliFixture(tmp.resolve("data"));
    secret = f.write("secret.txt", f.gotomypc.clientSecret() + "\n");
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private String[] login(String... extra) {
    String[] base = {
      "login",
      "--client-id",
      f.gotomypc.clientId(),
      "--client-secret-file",
      secret.toString(),
      "--base-url",
      f.gotomypc.baseUrl(),
      "--token-url",
      f.gotomypc.tokenUrl(),
      "--authorize-url",
      f.gotomypc.authorizeUrl(),
      "--timeout",
      "60"
    };
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  @Test
  void theLoopbackListenerCatchesTheRedirectAndTheOnlyCompanyIsChosen() throws Exception {
    // The "browser": waits for the printed address, opens it and follows the redirect to umt's
    // listener.
    PipedOut out = new PipedOut();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                Umt.execute(
                    login(),
                    new ByteArrayInputStream(new byte[0]),
                    out.stream,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    f.env));
    URI url = out.awaitUrl();
    assertThat(url.toString())
        .startsWith(
            f.gotomypc.authorizeUrl()
                + "?client_id=umt-test-client&response_type=code&redirect_uri=http%3A%2F%2F127.0.0.1%3A")
        .contains("%2Fcallback&state=");
    HttpResponse<String> page =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build()
            .send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Signed in: you can close this window");
    assertThat(exit.get()).isZero();
    assertThat(out.text())
        .contains(
            "Logged in to GoToMyPC as Morgan Manager <manager@example.test>, company Example Corp"
                + " (key "
                + f.company
                + ")");
    assertThat(Files.readString(f.data.resolve("settings.json")))
        .contains("\"company\": \"" + f.company + "\"")
        .doesNotContain(f.gotomypc.clientSecret());
    assertThat(f.run("status").out())
        .contains(
            "company  Example Corp (key " + f.company + ")",
            "manager  Morgan Manager <manager@example.test>");
  }

  @Test
  void aForgedAnswerToTheListenerIsRefusedAndTheRealOneStillWorks() throws Exception {
    PipedOut out = new PipedOut();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                Umt.execute(
                    login(),
                    new ByteArrayInputStream(new byte[0]),
                    out.stream,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    f.env));
    URI url = out.awaitUrl();
    Matcher port = Pattern.compile("127.0.0.1%3A(\\d+)%2Fcallback").matcher(url.toString());
    assertThat(port.find()).isTrue();
    HttpResponse<String> forged =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + port.group(1)
                                + "/callback?code=stolen&state=guess"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(forged.body())
        .contains("This sign-in answer is not for this umt login (its state does not match).");
    HttpResponse<String> real =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build()
            .send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(real.statusCode()).isEqualTo(200);
    assertThat(exit.get()).isZero();
  }

  @Test
  void aPastedCodeAndAChoiceAmongSeveralCompanies() {
    String labs = f.gotomypc.addCompany("Example Labs");
    String code = f.gotomypc.issueAuthorizationCode("http://127.0.0.1/callback");
    Result r =
        f.runWithInput("http://127.0.0.1/callback?code=" + code + "\n2\n", login("--no-browser"));
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out())
        .contains(
            "The manager administers 2 companies:",
            "  1  Example Corp (key " + f.company + ")",
            "  2  Example Labs (key " + labs + ")",
            "company Example Labs (key " + labs + ")");
  }

  @Test
  void anAmbiguousCompanyNameListsTheCandidates() {
    String second = f.gotomypc.addCompany("Example Corp");
    String code = f.gotomypc.issueAuthorizationCode("http://127.0.0.1/callback");
    Result r = f.runWithInput(code + "\n", login("--no-browser", "--company", "example corp"));
    assertThat(r.exit()).isEqualTo(Umt.BAD_INPUT);
    assertThat(r.err())
        .endsWith(
            "umt: several GoToMyPC companies are named 'example corp'; choose one by key: Example"
                + " Corp (key "
                + f.company
                + "), Example Corp (key "
                + second
                + ")\n");
    String again = f.gotomypc.issueAuthorizationCode("http://127.0.0.1/callback");
    assertThat(f.runWithInput(again + "\n", login("--no-browser", "--company", second)).out())
        .contains("company Example Corp (key " + second + ")");
  }

  @Test
  void aRefusedCodeIsAnAuthenticationFailure() {
    Result r = f.runWithInput("code-not-issued\n", login("--no-browser"));
    assertThat(r.exit()).isEqualTo(Umt.AUTHENTICATION);
    assertThat(r.err().lines().filter(l -> l.startsWith("umt: "))).hasSize(1);
  }

  /** Captured standard output that a test can wait on for the sign-in address. */
  static final class PipedOut {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }

    URI awaitUrl() throws InterruptedException {
      Pattern p = Pattern.compile("^  (http://\\S+)$", Pattern.MULTILINE);
      for (int i = 0; i < 600; i++) {
        Matcher m = p.matcher(text());
        if (m.find()) {
          return URI.create(m.group(1));
        }
        Thread.sleep(50);
      }
      throw new AssertionError("umt login printed no address: " + text());
    }
  }
}
