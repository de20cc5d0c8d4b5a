package dev.umt.cli.internal;

import com.sun.net.httpserver.HttpServer;
import dev.umt.Secret;
import dev.umt.cli.Umt;
import dev.umt.gotomypc.Company;
import dev.umt.gotomypc.GoToMyPcClient;
import dev.umt.gotomypc.Manager;
import dev.umt.gotomypc.TokenStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code umt login} and {@code umt logout}: the corporate manager's one-time OAuth set-up. */
final class LoginCommands {
  private LoginCommands() {}

  /** The query parameters of a URI or a bare query string. */
  static Map<String, String> query(@Nullable String raw) {
    Map<String, String> m = new LinkedHashMap<>();
    if (raw == null) {
      return m;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        m.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return m;
  }

  @Command(
      name = "login",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Sign in once as the GoToMyPC corporate manager (OAuth).",
        "",
        "Prints the address to open in a browser and catches the answer on",
        "  http://127.0.0.1:<free port>/callback",
        "or, with --no-browser, takes the code you paste.",
        "When the manager has several companies, choose one from a list or with --company"
            + " KEY|NAME.",
        "Saves the client id and company in settings.json, the client secret and refresh token in"
            + " the secrets file.",
        ""
      })
  static final class Login implements Runnable {
    private final Cli cli;

    Login(Cli cli) {
      this.cli = cli;
    }

    @Option(
        names = "--client-id",
        paramLabel = "ID",
        description = "the OAuth client id (saved; default: the saved one)")
    @Nullable String clientId;

    @Option(
        names = "--client-secret-file",
        paramLabel = "FILE",
        description = "read the OAuth client secret from FILE instead of asking")
    @Nullable Path secretFile;

    @Option(
        names = "--company",
        paramLabel = "KEY|NAME",
        description = "the company to manage, when the manager has several")
    @Nullable String company;

    @Option(
        names = "--no-browser",
        description =
            "paste the code from the browser's address bar instead of catching the redirect")
    boolean noBrowser;

    @Option(
        names = "--timeout",
        paramLabel = "SECONDS",
        defaultValue = "300",
        description = "how long to wait for the browser (default: ${DEFAULT-VALUE})")
    int timeout;

    @Option(
        names = "--base-url",
        paramLabel = "URL",
        description = "the Admin API (default: https://api.getgo.com/)")
    @Nullable String baseUrl;

    @Option(names = "--token-url", paramLabel = "URL", description = "the OAuth token endpoint")
    @Nullable String tokenUrl;

    @Option(
        names = "--authorize-url",
        paramLabel = "URL",
        description = "the OAuth authorize endpoint")
    @Nullable String authorizeUrl;

    @Override
    public void run() {
      DataFolder data = cli.data();
      Map<String, String> s = new TreeMap<>(data.section("gotomypc"));
      if (clientId != null) {
        s.put("clientId", clientId);
      }
      if (baseUrl != null) {
        s.put("baseUrl", baseUrl);
      }
      if (tokenUrl != null) {
        s.put("tokenUrl", tokenUrl);
      }
      if (authorizeUrl != null) {
        s.put("authorizeUrl", authorizeUrl);
      }
      if (s.get("clientId") == null) {
        throw new UserError(
            "--client-id is missing: the OAuth client id registered in the GoTo developer portal");
      }
      Secret secret;
      if (secretFile != null) {
        secret = DirectoryCommands.readSecretFile(secretFile, "client secret");
      } else if (clientId == null && data.secrets().get("gotomypc.clientSecret").isPresent()) {
        secret = data.secrets().get("gotomypc.clientSecret").get();
      } else {
        char[] typed = cli.readSecret("OAuth client secret for " + s.get("clientId") + ": ");
        if (typed == null || typed.length == 0) {
          throw new UserError(
              "no client secret given: type it when asked, or give --client-secret-file FILE");
        }
        secret = Secret.of(typed);
      }
      TokenStore tokens = TokenStore.inMemory(null);
      GoToMyPcClient.Builder b =
          GoToMyPcClient.builder()
              .clientId(s.get("clientId"))
              .clientSecret(secret)
              .tokenStore(tokens);
      if (s.get("baseUrl") != null) {
        b.baseUrl(s.get("baseUrl"));
      }
      if (s.get("tokenUrl") != null) {
        b.tokenUrl(s.get("tokenUrl"));
      }
      if (s.get("authorizeUrl") != null) {
        b.authorizeUrl(s.get("authorizeUrl"));
      }
      try (GoToMyPcClient client = b.build()) {
        if (noBrowser) {
          URI redirect = URI.create("http://127.0.0.1/callback");
          cli.out.println(
              "Open this address in a browser and sign in as the GoToMyPC corporate manager:");
          cli.out.println("  " + client.authorizationUrl(redirect));
          String pasted =
              cli.readLine("Then paste the code (or the whole address the browser ended on): ");
          if (pasted == null || pasted.isBlank()) {
            throw new UserError(
                "no code pasted: run 'umt login --no-browser' again and paste the code");
          }
          pasted = pasted.strip();
          String code =
              pasted.contains("code=")
                  ? query(pasted.substring(pasted.indexOf('?') + 1)).get("code")
                  : pasted;
          client.exchangeCode(code, redirect);
        } else {
          catchRedirect(client);
        }
        Manager me = client.me();
        Company chosen = choose(client, me);
        s.put("company", chosen.key());
        data.saveSection("gotomypc", s);
        data.secrets().put("gotomypc.clientSecret", secret);
        data.secrets()
            .put(
                "gotomypc.refreshToken",
                tokens
                    .load()
                    .orElseThrow(() -> new UserError("GoToMyPC handed out no refresh token")));
        cli.out.printf(
            "Logged in to GoToMyPC as %s %s <%s>, company %s (key %s).%n",
            me.firstName(), me.lastName(), me.email(), chosen.name(), chosen.key());
        cli.out.println(
            "Saved in "
                + data.settingsFile()
                + "; the client secret and refresh token in "
                + data.secrets().file()
                + ".");
      }
    }

    private void catchRedirect(GoToMyPcClient client) {
      byte[] random = new byte[16];
      new SecureRandom().nextBytes(random);
      String state = HexFormat.of().formatHex(random);
      CompletableFuture<String> code = new CompletableFuture<>();
      HttpServer server;
      try {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot listen on 127.0.0.1 for the sign-in: " + e.getMessage(), e);
      }
      server.createContext(
          "/callback",
          ex -> {
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            String page;
            int status;
            if (!state.equals(q.get("state"))) {
              status = 400;
              page = "This sign-in answer is not for this umt login (its state does not match).";
            } else if (q.get("code") == null) {
              status = 400;
              page =
                  "GoToMyPC did not grant access: "
                      + q.getOrDefault("error", "no code")
                      + ". Run umt login again.";
              code.completeExceptionally(
                  new UserError(
                      "GoToMyPC did not grant access: "
                          + q.getOrDefault("error", "no code in the answer"),
                      Umt.AUTHENTICATION));
            } else {
              status = 200;
              page = "Signed in: you can close this window and go back to umt.";
              code.complete(q.get("code"));
            }
            byte[] body =
                ("<!DOCTYPE html><html><body><p>" + HtmlReport.esc(page) + "</p></body></html>")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream o = ex.getResponseBody()) {
              o.write(body);
            }
          });
      server.start();
      try {
        URI redirect =
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/callback");
        URI url = URI.create(client.authorizationUrl(redirect) + "&state=" + state);
        cli.out.println(
            "Open this address in a browser and sign in as the GoToMyPC corporate manager:");
        cli.out.println("  " + url);
        cli.out.println(
            "Waiting up to " + timeout + " s for the browser to come back to " + redirect + " ...");
        cli.out.flush();
        cli.browser.accept(url);
        String received;
        try {
          received = code.get(timeout, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          throw new UserError(
              "no sign-in arrived within "
                  + timeout
                  + " s: run 'umt login' again (or 'umt login --no-browser')",
              Umt.AUTHENTICATION);
        } catch (ExecutionException e) {
          throw e.getCause() instanceof RuntimeException r
              ? r
              : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new UserError("interrupted while waiting for the sign-in", Umt.FAILED);
        }
        client.exchangeCode(received, redirect);
      } finally {
        server.stop(0);
      }
    }

    private Company choose(GoToMyPcClient client, Manager me) {
      if (company != null) {
        return client.chooseCompany(company);
      }
      List<Company> companies = me.companies();
      if (companies.isEmpty()) {
        throw new UserError("the manager " + me.email() + " administers no GoToMyPC company");
      }
      if (companies.size() == 1) {
        return companies.get(0);
      }
      cli.out.println("The manager administers " + companies.size() + " companies:");
      for (int i = 0; i < companies.size(); i++) {
        cli.out.printf(
            "  %d  %s (key %s)%n", i + 1, companies.get(i).name(), companies.get(i).key());
      }
      String answer = cli.readLine("Number of the company to manage: ");
      if (answer == null) {
        throw new UserError(
            "several companies and no choice: give --company KEY|NAME (one of "
                + companies.stream()
                    .map(c -> c.name() + " (key " + c.key() + ")")
                    .reduce((a, c) -> a + ", " + c)
                    .orElse("")
                + ")");
      }
      return companies.get(Cli.chosen(answer, companies.size()));
    }
  }

  @Command(
      name = "logout",
      mixinStandardHelpOptions = true,
      description = {"Forget the GoToMyPC tokens (--all: the client secret too).", ""})
  static final class Logout implements Runnable {
    private final Cli cli;

    Logout(Cli cli) {
      this.cli = cli;
    }

    @Option(names = "--all", description = "also forget the OAuth client secret")
    boolean all;

    @Override
    public void run() {
      DataFolder data = cli.data();
      boolean had = data.secrets().get("gotomypc.refreshToken").isPresent();
      if (all) {
        data.secrets().remove("gotomypc.refreshToken", "gotomypc.clientSecret");
      } else {
        data.secrets().remove("gotomypc.refreshToken");
      }
      cli.out.println(
          had
              ? "Logged out: the GoToMyPC tokens are forgotten"
                  + (all ? ", and the client secret" : "")
                  + ". 'umt login' signs in again."
              : "Not logged in: there was no GoToMyPC token to forget.");
    }
  }
}
