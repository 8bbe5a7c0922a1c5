package io.machineapi.providers.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.machineapi.providers.openstack.RequestCounter.Service;
import io.machineapi.spi.DescribeRequest;
import io.machineapi.spi.DescribeResult;
import io.machineapi.spi.InstanceState;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.ProviderEnvironment;
import io.machineapi.spi.TransientProviderException;
import io.machineapi.testkit.MutableClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Token sharing against a small Keystone + Nova stand-in (JDK HTTP server): one authentication for many calls from
 * many threads, a new one shortly before expiry and after a revocation, the catalogue's endpoint, the microversion
 * header, and the read timeout.
 */
class SessionsTest {
  private HttpServer server;
  private final AtomicInteger authentications = new AtomicInteger();
  private final AtomicInteger serverLists = new AtomicInteger();
  private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
  private final List<String> microversions = new ArrayList<>();
  private final AtomicLong novaDelayMillis = new AtomicLong();
  private final MutableClock clock = new MutableClock(Instant.now());
  private OpenstackMachineProvider provider;
  private final java.util.concurrent.atomic.AtomicReference<String> flavorId =
      new java.util.concurrent.atomic.AtomicReference<>("f-1");
  private final java.util.concurrent.atomic.AtomicBoolean refuseFlavor = new java.util.concurrent.atomic.AtomicBoolean();
  private final AtomicInteger boots = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/v3/auth/tokens", this::token);
    server.createContext("/compute/v2.1/servers/detail", this::servers);
    server.createContext("/compute/v2.1/servers", this::boot);
    server.createContext("/compute/v2.1/flavors/detail", x -> send(x, 200, "{\"flavors\": [{\"id\": \""
        + flavorId.get() + "\", \"name\": \"m1.tiny\", \"vcpus\": 1, \"ram\": 512, \"disk\": 1}]}", null));
    server.createContext("/image/v2/images", x -> send(x, 200, "{\"images\": [{\"id\": \"img-1\", "
        + "\"name\": \"rhcos\"}]}", null));
    server.start();
    provider = new OpenstackMachineProvider();
    provider.init(ProviderEnvironment.defaults().withClock(clock)
        .withConfiguration(Map.of("readTimeoutSeconds", "1")));
  }

  @AfterEach
  void stop() {
    server.stop(0);
    provider.close();
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void token(HttpExchange x) throws IOException {
    String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    int n = authentications.incrementAndGet();
    if (!body.contains("demo-secret")) {
      send(x, 401, "{\"error\": {\"code\": 401, \"message\": \"The request you have made requires authentication.\"}}",
          null);
      return;
    }
    String id = "tok-" + n;
    validTokens.add(id);
    // Keystone answers in wall-clock time; the provider judges expiry by its own clock.
    String expires = clock.instant().plus(Duration.ofHours(1)).toString();
    String json = """
        {"token": {"methods": ["password"], "expires_at": "%s", "issued_at": "%s",
          "user": {"id": "u1", "name": "demo", "domain": {"id": "default", "name": "Default"}},
          "project": {"id": "p1", "name": "demo", "domain": {"id": "default", "name": "Default"}},
          "catalog": [{"type": "compute", "name": "nova", "id": "c1", "endpoints": [
            {"id": "e1", "interface": "public", "region": "RegionOne", "region_id": "RegionOne",
             "url": "%s/compute/v2.1"},
            {"id": "e2", "interface": "internal", "region": "RegionOne", "region_id": "RegionOne",
             "url": "http://127.0.0.1:1/wrong"}]},
           {"type": "image", "name": "glance", "id": "i1", "endpoints": [
            {"id": "e3", "interface": "public", "region": "RegionOne", "region_id": "RegionOne",
             "url": "%s/image"}]}]}}
        """.formatted(expires, clock.instant(), base(), base());
    send(x, 201, json, id);
  }

  private void servers(HttpExchange x) throws IOException {
    serverLists.incrementAndGet();
    synchronized (microversions) {
      microversions.add(x.getRequestHeaders().getFirst("OpenStack-API-Version"));
    }
    if (!validTokens.contains(x.getRequestHeaders().getFirst("X-Auth-Token"))) {
      send(x, 401, "{\"error\": {\"code\": 401, \"message\": \"unauthorized\"}}", null);
      return;
    }
    try {
      Thread.sleep(novaDelayMillis.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    send(x, 200, "{\"servers\": [{\"id\": \"s1\", \"name\": \"w-1\", \"status\": \"ACTIVE\", "
        + "\"metadata\": {\"machine-api.io:machine-uid\": \"uid-1\"}, \"addresses\": {}}]}", null);
  }

  /** Nova's create: refuses a flavor id it does not know (any other than the current one). */
  private void boot(HttpExchange x) throws IOException {
    String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    boots.incrementAndGet();
    if (!body.contains("\"flavorRef\":\"" + flavorId.get() + "\"") || refuseFlavor.get()) {
      send(x, 400, "{\"badRequest\": {\"code\": 400, \"message\": \"Flavor could not be found.\"}}", null);
      return;
    }
    send(x, 202, "{\"server\": {\"id\": \"new-" + boots.get() + "\", \"adminPass\": \"x\"}}", null);
  }

  private static void send(HttpExchange x, int status, String body, String token) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    if (token != null) {
      x.getResponseHeaders().add("X-Subject-Token", token);
    }
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
    x.close();
  }

  private DescribeRequest<OpenstackProviderSpec> request(String uid, String password) throws Exception {
    String clouds = """
        clouds:
          openstack:
            auth: {auth_url: "%s/v3", username: demo, password: %s, project_name: demo,
                   user_domain_name: Default, project_domain_name: Default}
            region_name: RegionOne
            interface: public
        """.formatted(base(), password);
    MachineContext m = MachineContext.builder("ns", "w-" + uid, uid, "cluster")
        .secrets(CloudConfigTest.secrets(clouds)).build();
    OpenstackProviderSpec spec = provider.decode(OpenstackProviderSpecTest.json(
        "{\"cloudsSecret\": {\"name\": \"c\"}, \"cloudName\": \"openstack\", \"flavor\": \"m1.tiny\", "
            + "\"image\": \"rhcos\"}"));
    return new DescribeRequest<>(m, spec);
  }

  @Test
  void oneAuthenticationServesManyCallsOnManyThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<DescribeResult>> results = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        DescribeRequest<OpenstackProviderSpec> r = request("uid-1", "demo-secret");
        results.add(pool.submit(() -> provider.describe(List.of(r))));
      }
      for (Future<DescribeResult> f : results) {
        assertThat(f.get().resultFor("uid-1")).get().isInstanceOf(InstanceState.Running.class);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(authentications).hasValue(1);
    assertThat(serverLists).hasValue(40);
    assertThat(provider.requests().count(Service.KEYSTONE)).isEqualTo(1);
    assertThat(provider.requests().count(Service.COMPUTE)).isEqualTo(40);
    assertThat(microversions).containsOnly("compute 2.52");
  }

  @Test
  void aBatchOfMachinesIsOneServerList() throws Exception {
    DescribeResult result = provider.describe(List.of(request("uid-1", "demo-secret"),
        request("uid-2", "demo-secret"), request("uid-3", "demo-secret")));
    assertThat(serverLists).hasValue(1);
    assertThat(result.resultFor("uid-1")).get().isInstanceOf(InstanceState.Running.class);
    assertThat(result.resultFor("uid-2")).contains(InstanceState.absent());
    assertThat(result.resultFor("uid-3")).contains(InstanceState.absent());
  }

  @Test
  void theTokenIsRenewedShortlyBeforeItExpires() throws Exception {
    provider.describe(List.of(request("uid-1", "demo-secret")));
    clock.advance(Duration.ofMinutes(50));
    provider.describe(List.of(request("uid-1", "demo-secret")));
    assertThat(authentications).hasValue(1);
    clock.advance(Duration.ofMinutes(6));
    provider.describe(List.of(request("uid-1", "demo-secret")));
    provider.describe(List.of(request("uid-1", "demo-secret")));
    assertThat(authentications).hasValue(2);
    assertThat(provider.requests().count(Service.KEYSTONE)).isEqualTo(2);
  }

  @Test
  void aRevokedTokenIsReplacedOnceAndShared() throws Exception {
    provider.describe(List.of(request("uid-1", "demo-secret")));
    validTokens.clear();
    for (int i = 0; i < 5; i++) {
      assertThat(provider.describe(List.of(request("uid-1", "demo-secret"))).resultFor("uid-1")).get()
          .isInstanceOf(InstanceState.Running.class);
    }
    assertThat(authentications).hasValue(2);
    assertThat(provider.requests().count(Service.KEYSTONE)).isEqualTo(2);
  }

  @Test
  void refusedCredentialsAreTransientWithoutThePassword() throws Exception {
    DescribeRequest<OpenstackProviderSpec> r = request("uid-1", "wrong-password");
    assertThatThrownBy(() -> provider.describe(List.of(r)))
        .isInstanceOfSatisfying(TransientProviderException.class, e -> {
          assertThat(e.reason()).isEqualTo(TransientProviderException.Reason.CREDENTIALS);
          assertThat(e.getMessage()).contains("Keystone").doesNotContain("wrong-password");
        });
  }

  @Test
  void aSlowServiceTimesOut() throws Exception {
    novaDelayMillis.set(3_000);
    long start = System.nanoTime();
    assertThatThrownBy(() -> provider.describe(List.of(request("uid-1", "demo-secret"))))
        .isInstanceOfSatisfying(TransientProviderException.class, e -> {
          assertThat(e.reason()).isEqualTo(TransientProviderException.Reason.CLOUD_UNAVAILABLE);
          assertThat(e.getMessage()).contains("timed out");
        });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_900));
    assertThat(Optional.of(authentications.get())).contains(1);
  }

  @Test
  void aFlavorNovaRefusesIsLookedUpAgainBeforeTheMachineFails() throws Exception {
    DescribeRequest<OpenstackProviderSpec> first = request("uid-a", "demo-secret");
    assertThat(provider.create(first.machine(), first.spec())).isInstanceOf(InstanceState.Pending.class);
    // The flavor is deleted and created again under the same name: the cached id is stale.
    flavorId.set("f-2");
    DescribeRequest<OpenstackProviderSpec> second = request("uid-b", "demo-secret");
    InstanceState created = (InstanceState) provider.create(second.machine(), second.spec());
    assertThat(created.details().providerStatus().orElseThrow().path("serverId").asText()).isEqualTo("new-3");
    assertThat(boots).as("refused once, then booted with the fresh id").hasValue(3);
    // Nova refusing the very flavor the catalogue lists: the spec is wrong after all.
    refuseFlavor.set(true);
    DescribeRequest<OpenstackProviderSpec> third = request("uid-c", "demo-secret");
    assertThatThrownBy(() -> provider.create(third.machine(), third.spec()))
        .isInstanceOf(io.machineapi.spi.InvalidConfigurationException.class)
        .hasMessageStartingWith("providerSpec.value.flavor: Nova refused the server");
  }
}
