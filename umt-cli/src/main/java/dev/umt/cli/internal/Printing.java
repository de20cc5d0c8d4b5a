package dev.umt.cli.internal;

import dev.umt.SyncReport;
import dev.umt.cli.Umt;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Tables of plans and reports for the terminal. */
final class Printing {
  private Printing() {}

  /**
   * Prints the steps grouped by kind with counts: at most {@code perKind} rows a kind (all when
   * negative); unchanged users only as a count unless {@code withUnchanged}.
   */
  static void steps(PrintStream out, SavedReport r, int perKind, boolean withUnchanged) {
    Map<String, List<SavedReport.Step>> byKind = new LinkedHashMap<>();
    for (String kind : r.counts().keySet()) {
      byKind.put(kind, r.steps().stream().filter(s -> s.kindLabel().equals(kind)).toList());
    }
    boolean run = r.kind() == SavedReport.Kind.RUN;
    for (Map.Entry<String, List<SavedReport.Step>> e : byKind.entrySet()) {
      String kind = e.getKey();
      List<SavedReport.Step> steps = e.getValue();
      out.printf(
          "%n%s (%d)%n", kind.toUpperCase(java.util.Locale.ROOT).replace('_', ' '), steps.size());
      if (kind.equals("no_change") && !withUnchanged) {
        continue;
      }
      int shown = perKind < 0 ? steps.size() : Math.min(perKind, steps.size());
      for (SavedReport.Step s : steps.subList(0, shown)) {
        String outcome = run ? String.format("%-8s ", s.outcome()) : "";
        out.printf(
            "  %s%-58s %-14s %s%s%n",
            outcome,
            cut(s.subject(), 58),
            s.rule() == null ? "-" : s.rule(),
            s.reason(),
            s.message().isEmpty() ? "" : " [" + s.message() + "]");
      }
      if (shown < steps.size()) {
        out.printf("  ... and %d more (--all shows every step)%n", steps.size() - shown);
      }
    }
    out.println();
    out.println(
        "Totals: "
            + r.counts().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "))
            + (run ? " failed=" + r.failed() : ""));
  }

  static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }

  static void writeHtml(PrintStream out, SavedReport r, Path file) {
    Files2.writeOwnerOnly(file.toAbsolutePath(), HtmlReport.render(r));
    out.println("HTML report: " + file.toAbsolutePath());
  }

  static int exitCode(SyncReport.Status status) {
    return switch (status) {
      case COMPLETED, DRY_RUN -> Umt.OK;
      case COMPLETED_WITH_ERRORS -> Umt.COMPLETED_WITH_ERRORS;
      case HELD -> Umt.HELD;
      case FAILED -> Umt.FAILED;
    };
  }
}
