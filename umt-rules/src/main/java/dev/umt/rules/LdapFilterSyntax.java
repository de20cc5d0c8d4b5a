package dev.umt.rules;

/**
 * Checks that a string is an LDAP search filter in the RFC 4515 string form, without an LDAP
 * library: {@code (&(objectClass=user)(department=Sales))}. Only the syntax is checked, not whether
 * the attributes exist. Positions in messages count characters from 1.
 *
 * <p>Grammar (RFC 4515 section 3): a filter is {@code "(" filtercomp ")"}; a filtercomp is {@code
 * &} or {@code |} followed by one or more filters, {@code !} followed by one filter, or an item:
 * {@code attr=value}, {@code attr~=value}, {@code attr>=value}, {@code attr<=value}, {@code attr=*}
 * (presence), {@code attr=ini*any*fin} (substrings), or the extensible {@code
 * attr[:dn][:rule]:=value} / {@code [:dn]:rule:=value}. An attribute is a name (letter, then
 * letters, digits, {@code -}) or a numeric OID, with options after {@code ;}. In values, {@code (},
 * {@code )}, {@code *} (outside substrings), {@code \} and NUL must be escaped as {@code \XX}.
 * Empty {@code (&)} and {@code (|)} (RFC 4526) are refused: they are almost always a mistake.
 */
final class LdapFilterSyntax {
  private final String text;
  private int pos;

  private LdapFilterSyntax(String text) {
    this.text = text;
  }

  /**
   * Checks {@code filter}.
   *
   * @throws IllegalArgumentException saying what is wrong and where
   */
  public static void check(String filter) {
    if (filter == null || filter.isBlank()) {
      throw new IllegalArgumentException("the filter is empty");
    }
    LdapFilterSyntax p = new LdapFilterSyntax(filter);
    if (filter.charAt(0) != '(') {
      throw new IllegalArgumentException(
          "a filter starts with '(' (write (" + filter + ") for a single condition)");
    }
    p.filter(0);
    if (p.pos != filter.length()) {
      throw p.error("text after the end of the filter");
    }
  }

  private void filter(int depth) {
    if (depth > 100) {
      throw error("filter nested more than 100 levels deep");
    }
    expect('(');
    char c = peek("a condition");
    switch (c) {
      case '&', '|' -> {
        pos++;
        int count = 0;
        while (pos < text.length() && text.charAt(pos) == '(') {
          filter(depth + 1);
          count++;
        }
        if (count == 0) {
          throw error("'" + c + "' needs at least one filter in parentheses");
        }
      }
      case '!' -> {
        pos++;
        if (pos >= text.length() || text.charAt(pos) != '(') {
          throw error("'!' needs one filter in parentheses");
        }
        filter(depth + 1);
      }
      default -> item();
    }
    expect(')');
  }

  private void item() {
    boolean hasAttribute = false;
    if (peek("an attribute") != ':') {
      attributeDescription();
      hasAttribute = true;
    }
    char c = peek("'=', '~=', '>=', '<=' or ':='");
    switch (c) {
      case '=' -> {
        pos++;
        value(true);
      }
      case '~', '>', '<' -> {
        pos++;
        if (pos >= text.length() || text.charAt(pos) != '=') {
          throw error("expected '=' after '" + c + "'");
        }
        pos++;
        value(false);
      }
      case ':' -> extensible(hasAttribute);
      default ->
          throw error(
              "expected '=', '~=', '>=', '<=' or ':=' after the attribute, not '" + c + "'");
    }
  }

  private void extensible(boolean hasAttribute) {
    boolean dn = false;
    boolean rule = false;
    while (true) {
      if (text.startsWith(":=", pos)) {
        if (!hasAttribute && !rule) {
          throw error("an extensible match without an attribute needs a matching rule");
        }
        pos += 2;
        value(false);
        return;
      }
      expect(':');
      int start = pos;
      String token = oid();
      if (token.equalsIgnoreCase("dn") && !dn && !rule) {
        dn = true;
      } else if (!rule) {
        rule = true;
      } else {
        pos = start;
        throw error("expected ':=' in the extensible match");
      }
    }
  }

  private void attributeDescription() {
    oid();
    while (pos < text.length() && text.charAt(pos) == ';') {
      pos++;
      int start = pos;
      while (pos < text.length()
          && (isLetter(text.charAt(pos)) || isDigit(text.charAt(pos)) || text.charAt(pos) == '-')) {
        pos++;
      }
      if (pos == start) {
        throw error("empty attribute option after ';'");
      }
    }
  }

  /** A descr ({@code cn}) or numeric OID ({@code 2.5.4.3}); returns it. */
  private String oid() {
    int start = pos;
    char c = peek("an attribute name");
    if (isLetter(c)) {
      while (pos < text.length()
          && (isLetter(text.charAt(pos)) || isDigit(text.charAt(pos)) || text.charAt(pos) == '-')) {
        pos++;
      }
    } else if (isDigit(c)) {
      while (true) {
        int numberStart = pos;
        while (pos < text.length() && isDigit(text.charAt(pos))) {
          pos++;
        }
        if (pos == numberStart) {
          throw error("expected a number in the OID");
        }
        if (text.charAt(numberStart) == '0' && pos - numberStart > 1) {
          pos = numberStart;
          throw error("a number in an OID has no leading zero");
        }
        if (pos < text.length() && text.charAt(pos) == '.') {
          pos++;
        } else {
          break;
        }
      }
    } else {
      throw error("expected an attribute name, not '" + c + "'");
    }
    return text.substring(start, pos);
  }

  /** An assertion value up to the closing parenthesis; {@code substrings} allows unescaped '*'. */
  private void value(boolean substrings) {
    boolean lastWasStar = false;
    while (true) {
      char c = peek("')'");
      switch (c) {
        case ')' -> {
          return;
        }
        case '(' -> throw error("'(' in a value must be escaped as \\28");
        case '\u0000' -> throw error("NUL in a value must be escaped as \\00");
        case '*' -> {
          if (!substrings) {
            throw error("'*' in this value must be escaped as \\2a");
          }
          if (lastWasStar) {
            throw error("two '*' in a row");
          }
          lastWasStar = true;
          pos++;
          continue;
        }
        case '\\' -> {
          if (pos + 2 >= text.length()
              || !isHex(text.charAt(pos + 1))
              || !isHex(text.charAt(pos + 2))) {
            throw error("'\\' must be followed by two hexadecimal digits");
          }
          pos += 3;
        }
        default -> pos++;
      }
      lastWasStar = false;
    }
  }

  private void expect(char c) {
    char actual = peek("'" + c + "'");
    if (actual != c) {
      throw error("expected '" + c + "', not '" + actual + "'");
    }
    pos++;
  }

  private char peek(String expected) {
    if (pos >= text.length()) {
      throw error("the filter ends where " + expected + " was expected");
    }
    return text.charAt(pos);
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at character " + (pos + 1));
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHex(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
