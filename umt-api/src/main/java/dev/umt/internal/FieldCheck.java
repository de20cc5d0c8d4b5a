package dev.umt.internal;

import dev.umt.rule.DesiredAccount;
import dev.umt.target.AccountPatch;
import dev.umt.target.TargetInfo;

/**
 * Refuses directory values a target must not receive: longer than {@link TargetInfo}'s limits, or
 * holding a control character (C0 {@code U+0000..U+001F} including CR, LF, TAB and the ESC that
 * starts ANSI escapes, DEL {@code U+007F}, C1 {@code U+0080..U+009F}). Such values are refused,
 * never stripped: a changed name or email could match another person's. Pure. Not part of the API.
 */
final class FieldCheck {
  private FieldCheck() {}

  /** Why {@code want} cannot be sent to the target, naming the field, or null when it can. */
  static String refusal(DesiredAccount want, TargetInfo target) {
    return refusal(want.email(), want.firstName(), want.lastName(), target);
  }

  /**
   * Why the fields {@code patch} changes cannot be sent to the target, naming the field, or null
   * when they can. A field the patch leaves alone is not sent, so it is not checked: a value the
   * account already holds is never refused.
   */
  static String refusal(AccountPatch patch, TargetInfo target) {
    return refusal(patch.email(), patch.firstName(), patch.lastName(), target);
  }

  private static String refusal(String email, String firstName, String lastName, TargetInfo t) {
    String why = check("email", email, t.maxEmailLength());
    if (why == null) {
      why = check("first name", firstName, t.maxFirstNameLength());
    }
    if (why == null) {
      why = check("last name", lastName, t.maxLastNameLength());
    }
    return why;
  }

  private static String check(String field, String value, int max) {
    if (value == null) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        return field
            + " holds the control character U+"
            + String.format("%04X", (int) c)
            + " at position "
            + (i + 1)
            + "; values with control characters are refused, not sent to the target";
      }
    }
    // A value has at most as many code points as chars: only a long one is counted.
    int length = value.length() <= max ? 0 : value.codePointCount(0, value.length());
    if (length > max) {
      return field
          + " is "
          + length
          + " characters long, more than the "
          + max
          + " the target takes";
    }
    return null;
  }
}
