package dev.umt.cli.internal;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import dev.umt.cli.Umt;
import dev.umt.testkit.Organisation;
import dev.umt.testkit.gotomypc.GoToMyPcStandIn;
import dev.umt.testkit.ldap.AdStyleRanges;
import dev.umt.testkit.ldap.EmbeddedDirectories;
import dev.umt.testkit.ldap.LdapFlavour;
import dev.umt.testkit.ldap.OrganisationLdif;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run UMT end to end on a generated organisation, no server needed.",
      "",
      "Starts an AD-like directory in this JVM with a generated organisation of a few thousand"
          + " users, and the GoToMyPC stand-in server on 127.0.0.1. Logs in, connects, adds rules"
          + " on an OU and on a nested group, shows the plan (and its HTML report), applies it,"
          + " changes the directory, runs again and shows what followed.",
      "Its data folder (--data, default ~/.umt-demo; never UMT_DATA) stays for 'umt status', 'umt"
          + " history' and 'umt report'.",
      ""
    })
final class DemoCommand implements Callable<Integer> {
  static final String MARKER = ".umt-demo";
  static final Path DEFAULT_FOLDER = Path.of(System.getProperty("user.home"), ".umt-demo");
  private static final Pattern PLAN_ID = Pattern.compile("umt apply ([0-9a-f-]{36})");
  private final Cli cli;

  DemoCommand(Cli cli) {
    this.cli = cli;
  }

  @Option(
      names = "--users",
      paramLabel = "N",
      defaultValue = "3000",
      description = "users in the generated organisation (default: ${DEFAULT-VALUE})")
  int users;

  private Path data;

  @Override
  public Integer call() throws Exception {
    if (users < 100 || users > 50_000) {
      throw new UserError("--users must be 100 to 50000, not " + users);
    }
    data = cli.data().root();
    prepare(data);
    long t0 = System.nanoTime();
    Organisation org = DemoOrganisation.generate(users);
    AdStyleRanges ranges = new AdStyleRanges(1500, true, Set.of());
    InMemoryDirectoryServer ad = startDirectory(org, ranges);
    try (GoToMyPcStandIn gotomypc =
        GoToMyPcStandIn.builder().requestsPerSecond(500).build().start()) {
      String company = gotomypc.addCompany("Example Corp");
      gotomypc.addCompany("Example Corp Labs");
      String staff = gotomypc.addGroup(company, "Staff", null);
      gotomypc.addGroup(company, "EMEA", staff);
      gotomypc.addGroup(company, "Sales", staff);
      gotomypc.addLicense(company, "GoToMyPC Corporate", List.of("G2PC"), users);
      gotomypc.addUser(company, DemoOrganisation.login(2) + "@example.test", "Invited", "By Hand");
      say("UMT demo: nothing outside this program is used.");
      say(
          "  directory: an Active-Directory-like LDAP server in this JVM at ldap://127.0.0.1:%d, %d"
              + " generated users in 3 regions x 4 departments,",
          ad.getListenPort(), users);
      say(
          "             nested department groups, 'All Staff' with %d members (read by range"
              + " retrieval, 1,500 at a time),",
          users);
      say("             disabled and expired users, users without mail, non-ASCII names");
      say(
          "  GoToMyPC:  the stand-in server at %s; its rate limit is raised from 10 to 500"
              + " requests/s for the demo",
          gotomypc.baseUrl());
      say("  data:      %s", data);

      Path secretFile = data.resolve("demo-secret.tmp");
      Files2.writeOwnerOnly(secretFile, gotomypc.clientSecret() + "\n");
      Path passwordFile = data.resolve("demo-password.tmp");
      Files2.writeOwnerOnly(passwordFile, EmbeddedDirectories.BIND_PASSWORD + "\n");
      try {
        step(
            "Sign in as the GoToMyPC manager (OAuth; the demo plays the browser), choosing the"
                + " company by name");
        umt(
            "login",
            "--client-id",
            gotomypc.clientId(),
            "--client-secret-file",
            secretFile.toString(),
            "--base-url",
            gotomypc.baseUrl(),
            "--token-url",
            gotomypc.tokenUrl(),
            "--authorize-url",
            gotomypc.authorizeUrl(),
            "--company",
            "Example Corp",
            "--timeout",
            "20");
        step("Connect to the directory");
        umt(
            "connect",
            "--type",
            "active-directory",
            "--servers",
            "127.0.0.1:" + ad.getListenPort(),
            "--security",
            "none",
            "--allow-plain-password",
            "--user",
            EmbeddedDirectories.BIND_DN,
            "--password-file",
            passwordFile.toString(),
            "--base-dn",
            "DC=example,DC=test",
            "--set",
            "groupExpansion=member-list");
      } finally {
        Files.deleteIfExists(secretFile);
        Files.deleteIfExists(passwordFile);
      }
      // Once the demo ends its servers are gone: later commands say so at once instead of retrying.
      Map<String, String> g = new DataFolder(data, cli.env, cli.err).section("gotomypc");
      g.put("retry.maxAttempts", "1");
      new DataFolder(data, cli.env, cli.err).saveSection("gotomypc", g);

      step(
          "Local options: a faster pace than GoToMyPC's documented 10 requests/s (the stand-in"
              + " allows 500)");
      umt("settings", "set", "rateLimitPerSecond", "400");
      umt("settings", "set", "concurrency", "8");
      step("Browse the directory");
      umt("browse", "--depth", "2");
      step(
          "Rules: the EMEA OU with its sub-OUs, and the nested group Sales (its regional groups'"
              + " members)");
      umt(
          "rules",
          "add",
          "emea",
          "--dn",
          dn("ou=EMEA,ou=Corp," + DemoOrganisation.BASE),
          "--group",
          "Staff/EMEA",
          "--priority",
          "20");
      umt(
          "rules",
          "add",
          "sales",
          "--dn",
          dn("cn=Sales,ou=Groups,ou=Corp," + DemoOrganisation.BASE),
          "--group",
          "Staff/Sales",
          "--priority",
          "10");
      umt("rules", "list");
      step("Plan: what a run would do (nothing changes yet)");
      Path firstHtml = data.resolve("reports").resolve("first-plan.html");
      String plan = umt("plan", "--max-per-kind", "4", "--html", firstHtml.toString());
      Matcher m = PLAN_ID.matcher(plan);
      if (!m.find()) {
        throw new IllegalStateException("the plan printed no plan id");
      }
      step("Apply exactly that plan");
      umt("apply", m.group(1));

      step("The directory changes");
      changeDirectory(ad, org);
      step("Run again (plan and apply)");
      String run = umt("run");
      Matcher id = Pattern.compile("umt report ([0-9a-f-]{36})").matcher(run);
      String runId = id.find() ? id.group(1) : null;
      if (runId != null) {
        step("What followed, per user");
        umt(
            "report",
            runId,
            "--max-per-kind",
            "3",
            "--html",
            data.resolve("reports").resolve("second-run.html").toString());
      }
      step("The dashboard");
      umt("status");
      step(
          "Done in "
              + (System.nanoTime() - t0) / 1_000_000 / 100 / 10.0
              + " s; the directory and the stand-in stop now (the directory answered "
              + ranges.rangedAnswers()
              + " ranged reads). Look around with:");
      String d = quote(data.toString());
      say("  umt --data %s status", d);
      say("  umt --data %s history", d);
      say("  umt --data %s report %s --html report.html", d, runId == null ? "PLAN-ID" : runId);
      say("  umt --data %s rules list", d);
      say("The plan as a page: %s", firstHtml);
      return Umt.OK;
    } finally {
      ad.shutDown(true);
    }
  }

  private static String quote(String s) {
    return s.matches("[A-Za-z0-9_./~-]+") ? s : "'" + s + "'";
  }

  private static String dn(String dn) {
    return OrganisationLdif.formatDn(dn, LdapFlavour.ACTIVE_DIRECTORY);
  }

  private void changeDirectory(InMemoryDirectoryServer ad, Organisation org) throws LDAPException {
    Organisation.User jobChange = user(org, "Sales", "Americas");
    Organisation.User disabled = user(org, "Engineering", "EMEA");
    Organisation.User newMail = user(org, "Support", "EMEA");
    Organisation.User moved = user(org, "Finance", "APAC");
    String groups = "ou=Groups,ou=Corp," + DemoOrganisation.BASE;
    ad.modify(
        dn("cn=Sales Americas," + groups),
        new Modification(ModificationType.DELETE, "member", dn(jobChange.dn())));
    ad.modify(
        dn("cn=Engineering Americas," + groups),
        new Modification(ModificationType.ADD, "member", dn(jobChange.dn())));
    say(
        "  job change: %s (%s) moves from Sales to Engineering in the Americas (leaves the nested"
            + " group Sales)",
        jobChange.login(), jobChange.commonName());
    ad.modify(
        dn(disabled.dn()), new Modification(ModificationType.REPLACE, "userAccountControl", "514"));
    say("  disabled:   %s (%s) in EMEA Engineering", disabled.login(), disabled.commonName());
    ad.modify(
        dn(newMail.dn()),
        new Modification(ModificationType.REPLACE, "mail", newMail.login() + ".new@example.test"));
    say("  new email:  %s is now %s.new@example.test", newMail.login(), newMail.login());
    String target = dn("ou=Finance,ou=EMEA,ou=Corp," + DemoOrganisation.BASE);
    ad.modifyDN(dn(moved.dn()), dn("cn=" + Organisation.escape(moved.commonName())), true, target);
    relink(ad, dn(moved.dn()), dn("cn=" + Organisation.escape(moved.commonName())) + "," + target);
    say("  moved:      %s from APAC Finance to EMEA Finance (enters the EMEA rule)", moved.login());
    ad.modifyDN(dn("ou=EMEA,ou=Corp," + DemoOrganisation.BASE), "OU=Europe", true);
    relink(
        ad,
        dn("ou=EMEA,ou=Corp," + DemoOrganisation.BASE),
        dn("ou=Europe,ou=Corp," + DemoOrganisation.BASE));
    say("  OU renamed: OU=EMEA is now OU=Europe (the rule finds it by its permanent id)");
  }

  /**
   * Rewrites group {@code member} values at or under {@code oldDn} to {@code newDn}, as Active
   * Directory's link maintenance does on a move or rename (UnboundID's in-memory server does not).
   */
  private static void relink(InMemoryDirectoryServer ad, String oldDn, String newDn)
      throws LDAPException {
    String groups = dn("ou=Groups,ou=Corp," + DemoOrganisation.BASE);
    String oldLower = oldDn.toLowerCase(java.util.Locale.ROOT);
    for (com.unboundid.ldap.sdk.SearchResultEntry g :
        ad.search(groups, com.unboundid.ldap.sdk.SearchScope.ONE, "(objectClass=group)", "member")
            .getSearchEntries()) {
      String[] members = g.getAttributeValues("member");
      if (members == null) {
        continue;
      }
      boolean changed = false;
      List<String> updated = new ArrayList<>(members.length);
      for (String m : members) {
        String lower = m.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals(oldLower) || lower.endsWith("," + oldLower)) {
          updated.add(m.substring(0, m.length() - oldDn.length()) + newDn);
          changed = true;
        } else {
          updated.add(m);
        }
      }
      if (changed) {
        ad.modify(
            g.getDN(),
            new Modification(ModificationType.REPLACE, "member", updated.toArray(String[]::new)));
      }
    }
  }

  private static Organisation.User user(Organisation org, String dept, String region) {
    String unit =
        ("ou=" + dept + ",ou=" + region + ",ou=Corp," + DemoOrganisation.BASE)
            .toLowerCase(java.util.Locale.ROOT);
    return org.users().stream()
        .filter(
            u ->
                u.unitDn().toLowerCase(java.util.Locale.ROOT).equals(unit)
                    && u.enabled()
                    && u.mail() != null)
        .skip(3)
        .findFirst()
        .orElseThrow();
  }

  private static InMemoryDirectoryServer startDirectory(Organisation org, AdStyleRanges ranges)
      throws LDAPException {
    String base = OrganisationLdif.baseDn(org, LdapFlavour.ACTIVE_DIRECTORY);
    InMemoryDirectoryServerConfig config =
        EmbeddedDirectories.configuration(LdapFlavour.ACTIVE_DIRECTORY, base);
    config.setCustomRootDSEAttributes(
        List.of(new Attribute("supportedCapabilities", "1.2.840.113556.1.4.800")));
    config.addInMemoryOperationInterceptor(ranges);
    InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
    List<Entry> entries = OrganisationLdif.entries(org, LdapFlavour.ACTIVE_DIRECTORY);
    for (Entry e : entries) {
      server.add(e);
    }
    server.startListening();
    return server;
  }

  /** Empties a previous demo's folder; refuses a non-empty folder that is not one. */
  private void prepare(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        List<Path> content = s.filter(p -> !p.getFileName().toString().equals("logs")).toList();
        if (!content.isEmpty() && !Files.exists(dir.resolve(MARKER))) {
          throw new UserError(
              dir
                  + " is not empty and not a demo folder: give the demo an empty or new folder with"
                  + " --data DIR");
        }
      }
      try (Stream<Path> s = Files.walk(dir)) {
        List<Path> all = new ArrayList<>(s.toList());
        all.sort(Comparator.reverseOrder());
        for (Path p : all) {
          if (!p.equals(dir) && !p.startsWith(dir.resolve("logs"))) {
            Files.delete(p);
          }
        }
      }
    }
    Files2.ownerOnlyFolder(dir);
    Files2.writeOwnerOnly(
        dir.resolve(MARKER), "made by umt demo; the next umt demo empties this folder\n");
  }

  private void step(String title) {
    cli.out.println();
    cli.out.println("== " + title + " ==");
  }

  private void say(String format, Object... args) {
    cli.out.println(String.format(format, args));
  }

  /**
   * Runs {@code umt --data DATA args...} in this JVM, echoing the command and its output; returns
   * the output; a non-zero exit ends the demo.
   */
  private String umt(String... args) {
    List<String> full = new ArrayList<>(List.of("--data", data.toString()));
    full.addAll(List.of(args));
    cli.out.println(
        "$ umt " + String.join(" ", List.of(args).stream().map(DemoCommand::quote).toList()));
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream tee =
        new PrintStream(
            new java.io.OutputStream() {
              @Override
              public void write(int b) {
                buffer.write(b);
                cli.out.write(b);
              }

              @Override
              public void write(byte[] b, int off, int len) {
                buffer.write(b, off, len);
                cli.out.write(b, off, len);
              }
            },
            true,
            StandardCharsets.UTF_8);
    int code =
        Cli.execute(
            full.toArray(String[]::new),
            InputStream.nullInputStream(),
            tee,
            cli.err,
            cli.env,
            this::follow);
    tee.flush();
    if (code != Umt.OK) {
      throw new UserError(
          "the demo stopped: 'umt " + String.join(" ", args) + "' ended with exit code " + code,
          code);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }

  /**
   * Plays the browser: opens the sign-in address and follows the redirect to umt's loopback
   * listener.
   */
  private void follow(URI url) {
    Thread t =
        new Thread(
            () -> {
              try {
                HttpResponse<String> r =
                    HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .build()
                        .send(
                            HttpRequest.newBuilder(url).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                  cli.err.println(
                      "demo browser: "
                          + r.uri()
                          + " answered HTTP "
                          + r.statusCode()
                          + ": "
                          + r.body());
                }
              } catch (IOException e) {
                cli.err.println("demo browser: " + e);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "demo-browser");
    t.setDaemon(true);
    t.start();
  }
}
