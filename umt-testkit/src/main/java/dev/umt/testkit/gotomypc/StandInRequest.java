package dev.umt.testkit.gotomypc;

/**
 * One request the {@link GoToMyPcStandIn} received, for assertions.
 *
 * @param method the HTTP method
 * @param path the path, without the query
 * @param status the status it was answered with, or 0 when the connection was dropped on purpose
 */
public record StandInRequest(String method, String path, int status) {
  @Override
  public String toString() {
    return method + " " + path + " -> " + status;
  }
}
