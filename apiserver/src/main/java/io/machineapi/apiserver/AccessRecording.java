package io.machineapi.apiserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The distinct requests the clients of one User-Agent made, as {@link RequestAttributes} (what an authorizer is
 * asked), so a test can prove a set of RBAC rules against what a program really does. A request is recorded before
 * it is served, whatever its answer: a real server authorizes a request that then fails.
 *
 * <p>Files are JSON lines, one {@link RequestAttributes} a line, sorted.
 */
public final class AccessRecording {

  private static final Comparator<RequestAttributes> ORDER = Comparator.comparing(RequestAttributes::path)
      .thenComparing(RequestAttributes::apiGroup).thenComparing(RequestAttributes::resource)
      .thenComparing(RequestAttributes::subresource).thenComparing(RequestAttributes::verb)
      .thenComparing(RequestAttributes::namespace).thenComparing(RequestAttributes::name);

  private final String userAgentPrefix;
  private final Set<RequestAttributes> requests = ConcurrentHashMap.newKeySet();

  AccessRecording(String userAgentPrefix) {
    this.userAgentPrefix = userAgentPrefix;
  }

  /** Records the request when its User-Agent starts with this recording's prefix. */
  void observe(String userAgent, RequestAttributes attributes) {
    if (userAgent != null && userAgent.startsWith(userAgentPrefix)) {
      requests.add(attributes);
    }
  }

  /** The User-Agent prefix whose requests are recorded. */
  public String userAgentPrefix() {
    return userAgentPrefix;
  }

  /** The distinct requests recorded so far, sorted. */
  public List<RequestAttributes> requests() {
    return requests.stream().sorted(ORDER).toList();
  }

  /** Writes {@link #requests()} to {@code file} (created or replaced). */
  public void writeTo(Path file) {
    List<String> lines = new ArrayList<>();
    for (RequestAttributes request : requests()) {
      try {
        lines.add(Store.JSON.writeValueAsString(request));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    try {
      Files.write(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write access recording " + file, e);
    }
  }

  /** The requests of a file written by {@link #writeTo(Path)}. */
  public static List<RequestAttributes> read(Path file) {
    try {
      List<RequestAttributes> read = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          read.add(Store.JSON.readValue(line, RequestAttributes.class));
        }
      }
      return read;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read access recording " + file, e);
    }
  }
}
