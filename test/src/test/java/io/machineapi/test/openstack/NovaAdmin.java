package io.machineapi.test.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The test's own view of the OpenStack peer, as its admin (independent of the provider under test): servers with
 * their user data (Nova microversion 2.3 shows {@code OS-EXT-SRV-ATTR:user_data} to admins) and Neutron ports, through
 * the endpoints Keystone's catalogue publishes.
 */
public final class NovaAdmin {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String token;
  private final URI compute;
  private final URI network;

  private NovaAdmin(String token, URI compute, URI network) {
    this.token = token;
    this.compute = compute;
    this.network = network;
  }

  /** Logs in as {@code user} of domain Default, scoped to {@code project}. */
  public static NovaAdmin login(URI keystone, String user, String password, String project)
      throws IOException, InterruptedException {
    String body = """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s",
          "domain": {"name": "Default"}, "password": "%s"}}},
          "scope": {"project": {"name": "%s", "domain": {"name": "Default"}}}}}""".formatted(user, password, project);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(keystone + "/auth/tokens"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IOException("Keystone login of " + user + " answered " + response.statusCode());
    }
    JsonNode catalog = JSON.readTree(response.body()).path("token").path("catalog");
    return new NovaAdmin(response.headers().firstValue("X-Subject-Token").orElseThrow(),
        endpoint(catalog, "compute"), endpoint(catalog, "network"));
  }

  private static URI endpoint(JsonNode catalog, String type) throws IOException {
    for (JsonNode service : catalog) {
      if (type.equals(service.path("type").asText())) {
        for (JsonNode e : service.path("endpoints")) {
          if ("public".equals(e.path("interface").asText())) {
            return URI.create(e.path("url").asText().replaceAll("/$", ""));
          }
        }
      }
    }
    throw new IOException("no public " + type + " endpoint in the catalogue");
  }

  /** The server with this id as an admin sees it, or empty once Nova no longer has it. */
  public Optional<JsonNode> server(String id) throws IOException, InterruptedException {
    JsonNode answer = get(compute + "/servers/" + id);
    return answer == null ? Optional.empty() : Optional.of(answer.path("server"));
  }

  /** The ports Neutron holds for a server ({@code device_id}). */
  public List<JsonNode> portsOf(String serverId) throws IOException, InterruptedException {
    JsonNode answer = get(network + "/v2.0/ports?device_id=" + URLEncoder.encode(serverId, StandardCharsets.UTF_8));
    List<JsonNode> ports = new ArrayList<>();
    if (answer != null) {
      answer.path("ports").forEach(ports::add);
    }
    return ports;
  }

  /** The ports Neutron holds whose name starts with {@code prefix}. */
  public List<JsonNode> portsNamed(String prefix) throws IOException, InterruptedException {
    JsonNode answer = get(network + "/v2.0/ports");
    List<JsonNode> ports = new ArrayList<>();
    if (answer != null) {
      answer.path("ports").forEach(p -> {
        if (p.path("name").asText().startsWith(prefix)) {
          ports.add(p);
        }
      });
    }
    return ports;
  }

  private JsonNode get(String url) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("X-Auth-Token", token).header("OpenStack-API-Version", "compute 2.3")
        .header("X-OpenStack-Nova-API-Version", "2.3").GET().build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 404) {
      return null;
    }
    if (response.statusCode() != 200) {
      throw new IOException("GET " + url + " answered " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }
}
