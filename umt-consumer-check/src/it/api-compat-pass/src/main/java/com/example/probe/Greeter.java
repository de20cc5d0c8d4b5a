package com.example.probe;

/** The baseline's Greeter with a method added: a binary-compatible change. */
public final class Greeter {
  /** Says hello. */
  public String hello() {
    return "hello";
  }

  /** Says goodbye. */
  public String goodbye() {
    return "goodbye";
  }

  /** Says welcome. */
  public String welcome() {
    return "welcome";
  }
}
