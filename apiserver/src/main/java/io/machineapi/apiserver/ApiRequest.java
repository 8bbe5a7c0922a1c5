package io.machineapi.apiserver;

import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as the dispatcher sees it: method, path without query, decoded query parameters, headers, body
 * bytes (read once with {@code getBytes()}: {@code readUtf8()} would consume them) and the addressed resource.
 */
record ApiRequest(String method, String path, Map<String, String> query, RecordedRequest raw, byte[] body,
    Optional<ResourcePath> resource) {

  static ApiRequest of(RecordedRequest request) {
    String full = request.getPath();
    int q = full.indexOf('?');
    String path = q < 0 ? full : full.substring(0, q);
    Map<String, String> query = new LinkedHashMap<>();
    if (q >= 0) {
      for (String pair : full.substring(q + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq));
        query.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
    return new ApiRequest(request.getMethod().toUpperCase(Locale.ROOT), path, Map.copyOf(query), request,
        body == null ? new byte[0] : body, ResourcePath.parse(path));
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  String header(String name) {
    String value = raw.getHeader(name);
    return value == null ? "" : value;
  }

  String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The body as JSON: parsed, or decoded from Kubernetes' protobuf encoding ({@link ProtobufBodies}). */
  com.fasterxml.jackson.databind.JsonNode bodyJson() {
    return ProtobufBodies.isProtobuf(contentType()) ? ProtobufBodies.decode(body) : Store.parse(bodyText());
  }

  /** Media type of the body without parameters, lower case. */
  String contentType() {
    String value = header("Content-Type");
    int semi = value.indexOf(';');
    return (semi < 0 ? value : value.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  String queryParam(String name) {
    return query.getOrDefault(name, "");
  }
}
