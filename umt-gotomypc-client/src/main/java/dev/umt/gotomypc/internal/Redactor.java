package dev.umt.gotomypc.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Removes every secret the client has seen (client secret, recent tokens, codes) from text meant
 * for messages.
 */
public final class Redactor {
  private static final int KEEP = 32;
  private final Deque<String> secrets = new ArrayDeque<>();

  /**
   * Remembers {@code secret} so that it is removed from later text; ignores null and short values.
   */
  public synchronized void add(String secret) {
    if (secret == null || secret.length() < 4 || secrets.contains(secret)) {
      return;
    }
    secrets.addFirst(secret);
    while (secrets.size() > KEEP) {
      secrets.removeLast();
    }
  }

  /** {@code text} with every known secret replaced by {@code ***}; null stays null. */
  public synchronized String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, "***");
    }
    return out;
  }
}
