package dev.umt.cli;

import dev.umt.testkit.Organisation;
import dev.umt.testkit.gotomypc.GoToMyPcStandIn;
import dev.umt.testkit.ldap.EmbeddedDirectories;
import dev.umt.testkit.ldap.EmbeddedDirectory;
import dev.umt.testkit.ldap.LdapFlavour;
import dev.umt.testkit.ldap.OrganisationLdif;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives {@code umt} in this JVM as a user would ({@link Umt#execute} with captured output) against
 * the test kit's AD-like embedded directory (the standard organisation) and the GoToMyPC stand-in
 * with one company, {@code Staff/Sales} and {@code Staff/Engineering} groups and a license. Public
 * for the tests of {@code dev.umt.cli.internal} (the scheduled runs).
 */
public final class CliFixture implements AutoCloseable {
  public static final Organisation ORG = Organisation.standard();
  public final EmbeddedDirectory ad = EmbeddedDirectories.activeDirectoryLike();
  public final GoToMyPcStandIn gotomypc =
      GoToMyPcStandIn.builder().requestsPerSecond(0).build().start();
  public final String company = gotomypc.addCompany("Example Corp");
  public final Path data;
  final Map<String, String> env = new HashMap<>();

  public record Result(int exit, String out, String err) {
    public String all() {
      return out + err;
    }
  }

  public CliFixture(Path data) {
    this.data = data;
    String staff = gotomypc.addGroup(company, "Staff", null);
    gotomypc.addGroup(company, "Sales", staff);
    gotomypc.addGroup(company, "Engineering", staff);
    gotomypc.addLicense(company, "GoToMyPC Corporate", List.of("G2PC"), 5000);
    env.put("UMT_DATA", data.toString());
  }

  public static String dn(String dn) {
    return OrganisationLdif.formatDn(dn, LdapFlavour.ACTIVE_DIRECTORY);
  }

  public Result run(String... args) {
    return runWithInput("", args);
  }

  Result runWithInput(String input, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Umt.execute(
            args,
            new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env);
    return new Result(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  Path write(String name, String text) {
    try {
      Path f = data.resolveSibling(name);
      Files.writeString(f, text);
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code umt login --no-browser} with a code issued for the pasted-code redirect, choosing the
   * company by name.
   */
  public Result login() {
    Path secret = write("client-secret.txt", gotomypc.clientSecret() + "\n");
    String code = gotomypc.issueAuthorizationCode("http://127.0.0.1/callback");
    return runWithInput(
        code + "\n",
        "login",
        "--no-browser",
        "--client-id",
        gotomypc.clientId(),
        "--client-secret-file",
        secret.toString(),
        "--base-url",
        gotomypc.baseUrl(),
        "--token-url",
        gotomypc.tokenUrl(),
        "--authorize-url",
        gotomypc.authorizeUrl());
  }

  /** {@code umt connect} to the embedded directory with the password from a file. */
  public Result connect() {
    Path password = write("ldap-password.txt", EmbeddedDirectories.BIND_PASSWORD + "\n");
    return run(
        "connect",
        "--type",
        "active-directory",
        "--servers",
        ad.host() + ":" + ad.port(),
        "--security",
        "none",
        "--allow-plain-password",
        "--user",
        ad.bindDn(),
        "--password-file",
        password.toString(),
        "--base-dn",
        ad.baseDn());
  }

  @Override
  public void close() {
    gotomypc.close();
    ad.close();
  }
}
