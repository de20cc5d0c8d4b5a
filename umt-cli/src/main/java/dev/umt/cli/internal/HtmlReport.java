package dev.umt.cli.internal;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A plan or run as one self-contained HTML page (inline CSS and script, no outside asset): the
 * summary counts, then every step with user, rule, reason and outcome, filterable by kind with the
 * buttons or a URL fragment such as {@code #kind=create}.
 */
final class HtmlReport {
  private HtmlReport() {}

  static String render(SavedReport r) {
    StringBuilder b = new StringBuilder(4096 + r.steps().size() * 200);
    String title = (r.kind() == SavedReport.Kind.PLAN ? "UMT plan " : "UMT run ") + r.planId();
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(esc(title))
        .append("</title>\n<style>\n")
        .append(
            "body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}"
                + "h1{font-size:1.4em}table{border-collapse:collapse}")
        .append(
            "td,th{border:1px solid #ccc;padding:.25em"
                + " .5em;text-align:left;vertical-align:top}th{background:#eee}")
        .append(
            "tr.failed td{background:#fdd}button{margin:0 .25em .5em"
                + " 0}button.on{background:#225;color:#fff}")
        .append("#summary td.n{text-align:right}\n</style></head><body>\n");
    b.append("<h1>")
        .append(esc(title))
        .append("</h1>\n<p id=\"status\">Status: <b>")
        .append(esc(r.status().name()))
        .append("</b>");
    if (!r.reason().isEmpty()) {
      b.append(" &mdash; ").append(esc(r.reason()));
    }
    b.append("<br>")
        .append(r.kind() == SavedReport.Kind.PLAN ? "Planned" : "Started")
        .append(" at ")
        .append(esc(r.createdAt()))
        .append("; directory read ")
        .append(r.sourceComplete() ? "complete" : "<b>incomplete</b>")
        .append("</p>\n");
    if (r.kind() == SavedReport.Kind.PLAN) {
      b.append("<p>Apply exactly this plan with <code>umt apply ")
          .append(esc(r.planId()))
          .append("</code>.</p>\n");
    }
    b.append("<table id=\"summary\"><tr><th>kind</th><th>steps</th></tr>\n");
    for (Map.Entry<String, Integer> e : r.counts().entrySet()) {
      b.append("<tr><td>")
          .append(esc(e.getKey()))
          .append("</td><td class=\"n\">")
          .append(e.getValue())
          .append("</td></tr>\n");
    }
    b.append("<tr><th>total</th><th>").append(r.steps().size()).append("</th></tr></table>\n");
    b.append("<h2>Steps</h2>\n<div id=\"filters\"><button data-kind=\"all\">all</button>");
    for (String kind : r.counts().keySet()) {
      b.append("<button data-kind=\"")
          .append(esc(kind))
          .append("\">")
          .append(esc(kind))
          .append("</button>");
    }
    b.append("</div>\n<p>Showing <span id=\"shown\">")
        .append(r.steps().size())
        .append("</span> of ")
        .append(r.steps().size())
        .append(
            " steps.</p>\n"
                + "<table id=\"steps\"><thead><tr><th>step</th><th>user</th><th>rule</th>"
                + "<th>reason</th><th>outcome</th></tr></thead><tbody>\n");
    for (SavedReport.Step s : r.steps()) {
      b.append("<tr data-kind=\"")
          .append(esc(s.kindLabel()))
          .append("\"")
          .append(s.failed() ? " class=\"failed\"" : "")
          .append("><td>")
          .append(esc(s.kindLabel()))
          .append("</td><td>")
          .append(esc(s.subject()))
          .append("</td><td>")
          .append(esc(s.rule() == null ? "" : s.rule()))
          .append("</td><td>")
          .append(esc(s.reason()))
          .append("</td><td>")
          .append(esc(s.outcome().name()))
          .append(s.message().isEmpty() ? "" : ": " + esc(s.message()))
          .append("</td></tr>\n");
    }
    b.append("</tbody></table>\n<script>\n")
        .append(
            "(function(){var rows=document.querySelectorAll('#steps tbody tr');var"
                + " buttons=document.querySelectorAll('#filters button');\n")
        .append(
            "function show(kind){var n=0;rows.forEach(function(r){var"
                + " on=kind==='all'||r.getAttribute('data-kind')===kind;r.hidden=!on;if(on)n++;});\n")
        .append(
            "buttons.forEach(function(x){x.className=x.getAttribute('data-kind')===kind?'on':'';});"
                + "document.getElementById('shown').textContent=n;")
        .append("document.body.setAttribute('data-filter',kind);}\n")
        .append(
            "buttons.forEach(function(x){x.addEventListener('click',function(){"
                + "location.hash='kind='+x.getAttribute('data-kind');"
                + "show(x.getAttribute('data-kind'));});});\n")
        .append(
            "var m=/kind=([a-z_]+)/.exec(location.hash);show(m?m[1]:'all');})();\n"
                + "</script>\n"
                + "</body></html>\n");
    return b.toString();
  }

  static String esc(@Nullable String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
