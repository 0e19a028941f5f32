package dev.fanout.testkit.internal;

/**
 * Response bodies the testkit makes up: predictable bytes of a given size, a small JSON document.
 *
 * <p>Stateless and thread-safe.
 */
public final class Bodies {

  /** The largest body the testkit makes (64 MiB): it is held in memory. */
  public static final int MAX_BYTES = 64 << 20;

  private Bodies() {}

  /** Returns {@code n} bytes cycling through the letters a to z, so a test can check them. */
  public static byte[] bytes(int n) {
    byte[] body = new byte[n];
    for (int i = 0; i < n; i++) {
      body[i] = (byte) ('a' + i % 26);
    }
    return body;
  }

  /** Returns the default JSON body for {@code url}: {@code {"url":"..."}}. */
  public static String json(String url) {
    StringBuilder json = new StringBuilder("{\"url\":\"");
    for (char c : url.toCharArray()) {
      if (c == '"' || c == '\\') {
        json.append('\\');
      }
      json.append(c);
    }
    return json.append("\"}").toString();
  }
}
