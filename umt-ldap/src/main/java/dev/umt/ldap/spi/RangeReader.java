package dev.umt.ldap.spi;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads every value of a large multi-valued attribute such as {@code member}. Active Directory
 * returns at most 1500 values at a time, as {@code member;range=0-1499}; the rest must be asked for
 * range by range ({@code member;range=1500-*}) until a range ends in {@code *}. Other servers
 * silently return nothing for a ranged request, so ranges are asked for explicitly only where
 * {@link Dialect#useRangeRetrieval} says so; a ranged answer to a plain request is followed anyway.
 */
final class RangeReader {
  private RangeReader() {}

  /**
   * The values, and why they are incomplete (empty when complete).
   *
   * @param values the values read
   * @param incompleteReason empty when every range was read
   * @param requests how many reads it took
   */
  record Values(List<String> values, String incompleteReason, int requests) {}

  /**
   * @param pool the pool
   * @param dn the entry
   * @param attribute the attribute's name, without options
   * @param askRanges whether to ask for ranges from the first read
   * @param rangeSize values per explicit range
   * @param already the entry as already read (with the attribute requested plainly), or null
   */
  static Values read(
      LdapPool pool, String dn, String attribute, boolean askRanges, int rangeSize, Entry already) {
    List<String> out = new ArrayList<>();
    int low = 0;
    int requests = 0;
    Entry entry = askRanges ? null : already;
    boolean ranged = askRanges;
    for (int guard = 0; guard < 1_000_000; guard++) {
      if (entry == null) {
        String requested =
            ranged ? attribute + ";range=" + low + "-" + (low + rangeSize - 1) : attribute;
        requests++;
        entry = pool.read(dn, "reading " + requested + " of " + dn, requested);
        if (entry == null) {
          return new Values(
              out, dn + " vanished while its " + attribute + " values were read", requests);
        }
      }
      Attribute range = null;
      Attribute plain = null;
      for (Attribute a : entry.getAttributes()) {
        if (!a.getBaseName().equalsIgnoreCase(attribute)) {
          continue;
        }
        if (a.hasOptions()) {
          for (String option : a.getOptions()) {
            if (option.toLowerCase(Locale.ROOT).startsWith("range=")) {
              range = a;
            }
          }
        } else {
          plain = a;
        }
      }
      if (range == null) {
        if (plain != null) {
          out.addAll(List.of(plain.getValues()));
        } else if (low > 0) {
          return new Values(
              out,
              "range "
                  + low
                  + "-* of "
                  + attribute
                  + " of "
                  + dn
                  + " is missing from the server's answer",
              requests);
        }
        return new Values(out, "", requests);
      }
      out.addAll(List.of(range.getValues()));
      String bounds = null;
      for (String option : range.getOptions()) {
        if (option.toLowerCase(Locale.ROOT).startsWith("range=")) {
          bounds = option.substring("range=".length());
        }
      }
      int dash = bounds == null ? -1 : bounds.indexOf('-');
      if (dash < 0) {
        return new Values(
            out,
            "the server answered with an unreadable range '" + range.getName() + "' for " + dn,
            requests);
      }
      String high = bounds.substring(dash + 1);
      if (high.equals("*")) {
        return new Values(out, "", requests);
      }
      try {
        low = Integer.parseInt(high) + 1;
      } catch (NumberFormatException e) {
        return new Values(
            out,
            "the server answered with an unreadable range '" + range.getName() + "' for " + dn,
            requests);
      }
      ranged = true;
      entry = null;
    }
    return new Values(out, "too many ranges of " + attribute + " of " + dn, requests);
  }
}
