package io.machineapi.providers.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.machineapi.providers.openstack.RequestCounter.Service;
import io.machineapi.spi.DescribeRequest;
import io.machineapi.spi.DescribeResult;
import io.machineapi.spi.InstanceCapacity;
import io.machineapi.spi.InstanceDetails;
import io.machineapi.spi.InstanceState;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.MachineAddress;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.ProviderEnvironment;
import io.machineapi.spi.ProviderException;
import io.machineapi.spi.ProviderResult;
import io.machineapi.spi.ResolvedSecrets;
import io.machineapi.spi.SecretContents;
import io.machineapi.spi.TransientProviderException;
import io.machineapi.testkit.PeerAssumptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The provider against the OpenStack peer (real Keystone, Nova with the fake virt driver, Glance, Placement, and
 * the Neutron stand-in), as the demo user; assertions that need admin views (user data) use the admin cloud.
 */
class OpenstackProviderIT {
  private static final String NAMESPACE = "openshift-machine-api";
  private static final String CLUSTER = "osp-it";
  private static final Duration BOOT = Duration.ofMinutes(3);
  private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

  private static byte[] clouds;
  private static OpenstackMachineProvider provider;
  private static OpenstackCalls admin;
  private static CloudConfig adminCloud;
  private static OpenstackCalls demo;
  private static CloudConfig demoCloud;
  private static final OpenstackApis.Nova NOVA = new OpenstackApis.Nova();
  private static final OpenstackApis.Neutron NEUTRON = new OpenstackApis.Neutron();
  /** Machines whose servers must go at the end. */
  private static final Map<String, Created> CREATED = new ConcurrentHashMap<>();

  private record Created(MachineContext machine, OpenstackProviderSpec spec) {}

  @BeforeAll
  static void peer() throws Exception {
    URI url = PeerAssumptions.requirePeer("openstack");
    String cloudsPath = System.getProperty("machineapi.peer.openstack.clouds");
    Path path = cloudsPath != null ? Path.of(cloudsPath)
        : PeerAssumptions.stateFile("openstack-clouds.yaml").orElseThrow(() -> new IllegalStateException(
            "the OpenStack peer's clouds.yaml: set machineapi.peer.openstack.clouds (test.sh does)"));
    clouds = Files.readAllBytes(path);
    assertThat(new String(clouds, StandardCharsets.UTF_8)).contains(url.getHost());
    provider = new OpenstackMachineProvider();
    provider.init(ProviderEnvironment.defaults());
    RequestCounter ignored = new RequestCounter();
    Sessions sessions = new Sessions(Clock.systemUTC(), ignored, Duration.ofSeconds(10), Duration.ofSeconds(60));
    admin = new OpenstackCalls(sessions, ignored);
    demo = admin;
    adminCloud = CloudConfig.parse(clouds, "openstack-admin", Optional.empty(), "test");
    demoCloud = CloudConfig.parse(clouds, "openstack", Optional.empty(), "test");
  }

  @AfterAll
  static void cleanUp() {
    if (provider == null) {
      return;
    }
    CREATED.values().parallelStream().forEach(c -> await().atMost(BOOT).pollInterval(Duration.ofSeconds(2))
        .ignoreExceptions().until(() -> !(provider.delete(c.machine(), c.spec()) instanceof InstanceState.Terminating)));
    // The server groups this run's specs named (the provider creates them and, like OpenShift's, never deletes them).
    try {
      JsonNode groups = demo.run(demoCloud, Service.COMPUTE, "groups", c -> NOVA.serverGroups());
      for (JsonNode g : groups.path("server_groups")) {
        if (g.path("name").asText().startsWith("it-" + RUN + "-")) {
          String id = g.path("id").asText();
          demo.run(demoCloud, Service.COMPUTE, "delete group", c -> c.compute().serverGroups().delete(id));
        }
      }
    } catch (ProviderException e) {
      throw new IllegalStateException(e);
    }
    provider.close();
  }

  private static ResolvedSecrets secrets(String uid) {
    return ResolvedSecrets.none()
        .withCredentialsSecret(new SecretContents("openstack-cloud-credentials", Map.of("clouds.yaml", clouds)))
        .withUserDataSecret(new SecretContents("worker-user-data", Map.of("userData", userData(uid),
            "disableTemplating", "true".getBytes(StandardCharsets.UTF_8))));
  }

  private static byte[] userData(String uid) {
    return ("{\"ignition\":{\"version\":\"3.2.0\",\"config\":{\"merge\":[{\"source\":"
        + "\"https://api-int.example:22623/config/worker\"}]}},\"uid\":\"" + uid + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static MachineContext machine(String name) {
    String uid = UUID.randomUUID().toString();
    return MachineContext.builder(NAMESPACE, "it-" + RUN + "-" + name, uid, CLUSTER)
        .labels(Map.of(MachineContext.CLUSTER_ID_LABEL, CLUSTER)).secrets(secrets(uid)).build();
  }

  /**
   * The Machine as the controller holds it after this answer: the providerStatus create gave (server and port ids)
   * and, once the server is ACTIVE, the providerID.
   */
  private static MachineContext withProviderId(MachineContext m, ProviderResult r) {
    InstanceDetails d = ((InstanceState) r).details();
    MachineContext.Builder b = MachineContext.builder(m.namespace(), m.name(), m.uid(), m.clusterId())
        .labels(m.labels()).secrets(m.secrets());
    d.providerId().or(m::providerId).ifPresent(b::providerId);
    d.providerStatus().or(m::providerStatus).ifPresent(b::providerStatus);
    return b.build();
  }

  /** Waits until the server is ACTIVE; the Machine then carries its providerID, as the controller writes it. */
  private static MachineContext running(MachineContext m, OpenstackProviderSpec spec) {
    AtomicReference<ProviderResult> result = new AtomicReference<>();
    await().atMost(BOOT).pollInterval(Duration.ofSeconds(1)).until(() -> {
      result.set(describe(m, spec));
      return result.get() instanceof InstanceState.Running;
    });
    return withProviderId(m, result.get());
  }

  private static OpenstackProviderSpec spec(String extra) throws InvalidConfigurationException {
    return provider.decode(OpenstackProviderSpecTest.json("""
        {"apiVersion": "machine.openshift.io/v1alpha1", "kind": "OpenstackProviderSpec",
         "cloudsSecret": {"name": "openstack-cloud-credentials"}, "cloudName": "openstack",
         "image": "rhcos", "userDataSecret": {"name": "worker-user-data"} %s}
        """.formatted(extra)));
  }

  private static final String SMALL = ", \"flavor\": \"m1.tiny\", \"networks\": [{\"filter\": {\"name\": \"private\"}}]";

  private static ProviderResult create(MachineContext m, OpenstackProviderSpec spec) throws ProviderException {
    CREATED.put(m.uid(), new Created(m, spec));
    return provider.create(m, spec);
  }

  /** Create as the controller does it: a transient failure (the peer's Keystone is slow under load) is retried. */
  private static ProviderResult createRetrying(MachineContext m, OpenstackProviderSpec spec) {
    AtomicReference<ProviderResult> result = new AtomicReference<>();
    await().atMost(BOOT).pollInterval(Duration.ofSeconds(2))
        .ignoreExceptionsInstanceOf(TransientProviderException.class)
        .until(() -> {
          result.set(create(m, spec));
          return true;
        });
    return result.get();
  }

  private static ProviderResult describe(MachineContext m, OpenstackProviderSpec spec)
      throws ProviderException {
    DescribeResult r = provider.describe(List.of(new DescribeRequest<>(m, spec)));
    if (r.failureFor(m.uid()).isPresent()) {
      throw r.failureFor(m.uid()).get();
    }
    return r.resultFor(m.uid()).orElseThrow();
  }

  /** The server's id: from the providerID once ACTIVE, from the providerStatus create wrote before. */
  private static String serverId(ProviderResult r) {
    InstanceDetails d = ((InstanceState) r).details();
    return d.providerId().map(p -> p.substring("openstack:///".length()))
        .orElseGet(() -> d.providerStatus().orElseThrow().path("serverId").asText());
  }


  private static JsonNode adminServer(String id) throws ProviderException {
    return admin.run(adminCloud, Service.COMPUTE, "GET server", c -> NOVA.server(id)).path("server");
  }

  private static List<JsonNode> ports(Map<String, List<String>> filters) throws ProviderException {
    return Resolver.list(demo.run(demoCloud, Service.NETWORK, "GET ports", c -> NEUTRON.list("ports", filters)),
        "ports");
  }

  private static JsonNode one(String resource, String name) throws ProviderException {
    List<JsonNode> found = Resolver.list(demo.run(demoCloud, Service.NETWORK, "GET " + resource,
        c -> NEUTRON.list(resource, Map.of("name", List.of(name)))), resource.replace('-', '_'));
    assertThat(found).as(resource + " " + name).hasSize(1);
    return found.get(0);
  }

  @Test
  void bootsWithEveryFeatureNovaKeepsAndReadsItBack() throws Exception {
    String group = "it-" + RUN + "-workers";
    JsonNode storage = one("networks", "storage");
    JsonNode storageSubnet = one("subnets", "storage-subnet");
    JsonNode workers = one("security-groups", "machine-api-workers");
    OpenstackProviderSpec spec = spec("""
        , "flavor": "m1.small", "configDrive": true, "availabilityZone": "nova",
          "serverGroupName": "%s", "serverMetadata": {"Name": "worker", "openshiftClusterID": "osp-it"},
          "tags": ["openshiftClusterID=osp-it"],
          "securityGroups": [{"name": "machine-api-workers"}],
          "networks": [{"filter": {"name": "private"}, "subnets": [{"filter": {"name": "private-subnet"}}],
                        "portTags": ["primary"]}],
          "ports": [{"networkID": "%s", "nameSuffix": "storage", "description": "storage nic",
                     "fixedIPs": [{"subnetID": "%s"}], "tags": ["storage"],
                     "allowedAddressPairs": [{"ipAddress": "10.1.0.250"}], "vnicType": "normal"}]
        """.formatted(group, storage.path("id").asText(), storageSubnet.path("id").asText()));
    MachineContext m = machine("full");
    ProviderResult created = create(m, spec);
    assertThat(created).isInstanceOf(InstanceState.Pending.class);
    String id = serverId(created);
    assertThat(((InstanceState) created).details().providerId()).as("no providerID before ACTIVE").isEmpty();
    MachineContext provisioned = running(withProviderId(m, created), spec);
    assertThat(provisioned.providerId()).contains("openstack:///" + id);
    InstanceState running = (InstanceState) describe(provisioned, spec);
    assertThat(running.details().cloudState()).contains("ACTIVE");
    assertThat(running.details().labels().asMachineLabels()).containsEntry(
        "machine.openshift.io/instance-type", "m1.small").containsEntry("machine.openshift.io/region", "RegionOne")
        .containsEntry("machine.openshift.io/zone", "nova");
    assertThat(running.details().addresses()).anyMatch(a -> a.type() == MachineAddress.Type.INTERNAL_IP
        && a.address().startsWith("10.0.0.")).anyMatch(a -> a.type() == MachineAddress.Type.INTERNAL_IP
        && a.address().startsWith("10.1.0.")).contains(new MachineAddress(MachineAddress.Type.HOSTNAME, m.name()));

    JsonNode s = adminServer(id);
    assertThat(s.path("name").asText()).isEqualTo(m.name());
    assertThat(s.path("flavor").path("original_name").asText()).isEqualTo("m1.small");
    JsonNode image = Resolver.list(demo.run(demoCloud, Service.IMAGE, "GET images",
        c -> new OpenstackApis.Glance().images(Map.of("name", "rhcos"))), "images").get(0);
    assertThat(s.path("image").path("id").asText()).isEqualTo(image.path("id").asText());
    assertThat(s.path("metadata").path("machine-api.io:machine-uid").asText()).isEqualTo(m.uid());
    assertThat(s.path("metadata").path("Name").asText()).isEqualTo("worker");
    List<String> tags = new ArrayList<>();
    s.path("tags").forEach(t -> tags.add(t.asText()));
    assertThat(tags).contains("cluster-api-provider-openstack", NAMESPACE + "-" + CLUSTER,
        "openshiftClusterID=osp-it");
    assertThat(s.path("config_drive").asText()).isIn("True", "true");
    assertThat(s.path("OS-EXT-AZ:availability_zone").asText()).isEqualTo("nova");
    assertThat(new String(Base64.getDecoder().decode(s.path("OS-EXT-SRV-ATTR:user_data").asText()),
        StandardCharsets.UTF_8)).isEqualTo(new String(userData(m.uid()), StandardCharsets.UTF_8));

    JsonNode groups = admin.run(demoCloud, Service.COMPUTE, "GET groups", c -> NOVA.serverGroups());
    List<JsonNode> named = new ArrayList<>();
    groups.path("server_groups").forEach(g -> {
      if (group.equals(g.path("name").asText())) {
        named.add(g);
      }
    });
    assertThat(named).hasSize(1);
    assertThat(named.get(0).path("policies").toString()).contains("soft-anti-affinity");
    assertThat(named.get(0).path("members").toString()).contains(id);

    JsonNode primary = ports(Map.of("name", List.of(m.name() + "-0"))).get(0);
    JsonNode second = ports(Map.of("name", List.of(m.name() + "-storage"))).get(0);
    assertThat(primary.path("security_groups").toString()).contains(workers.path("id").asText());
    assertThat(primary.path("tags").toString()).contains("primary");
    assertThat(primary.path("device_id").asText()).isEqualTo(id);
    assertThat(second.path("network_id").asText()).isEqualTo(storage.path("id").asText());
    assertThat(second.path("tags").toString()).contains("storage");
    assertThat(second.path("allowed_address_pairs").toString()).contains("10.1.0.250");
    assertThat(second.path("description").asText()).isEqualTo("storage nic");
    assertThat(second.path("device_id").asText()).isEqualTo(id);
  }

  @Test
  void tenMachinesInParallelGiveTenServersAndOneRequestPerPoll() throws Exception {
    String group = "it-" + RUN + "-parallel";
    OpenstackProviderSpec spec = spec(SMALL + ", \"serverGroupName\": \"" + group + "\"");
    List<MachineContext> machines = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      machines.add(machine("par-" + i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(10);
    List<MachineContext> provisioned = new ArrayList<>();
    try {
      List<Future<ProviderResult>> results = new ArrayList<>();
      for (MachineContext m : machines) {
        results.add(pool.submit(() -> createRetrying(m, spec)));
      }
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < 10; i++) {
        ProviderResult r = results.get(i).get();
        ids.add(serverId(r));
        provisioned.add(withProviderId(machines.get(i), r));
      }
      assertThat(ids).hasSize(10);
    } finally {
      pool.shutdownNow();
    }
    List<DescribeRequest<OpenstackProviderSpec>> batch = provisioned.stream()
        .map(m -> new DescribeRequest<>(m, spec)).toList();
    long keystone = provider.requests().count(Service.KEYSTONE);
    await().atMost(BOOT).pollInterval(Duration.ofSeconds(2)).until(() -> {
      long before = provider.requests().count(Service.COMPUTE);
      DescribeResult r = provider.describe(batch);
      assertThat(provider.requests().count(Service.COMPUTE) - before).as("one Nova request per batch").isEqualTo(1);
      return provisioned.stream().allMatch(m -> r.resultFor(m.uid()).orElse(null) instanceof InstanceState.Running);
    });
    assertThat(provider.requests().count(Service.KEYSTONE)).as("the token is reused").isEqualTo(keystone);
    JsonNode listed = demo.run(demoCloud, Service.COMPUTE, "list", c -> NOVA.servers(Map.of("tags",
        NAMESPACE + "-" + CLUSTER)));
    List<JsonNode> groups = new ArrayList<>();
    demo.run(demoCloud, Service.COMPUTE, "groups", c -> NOVA.serverGroups()).path("server_groups").forEach(g -> {
      if (group.equals(g.path("name").asText())) {
        groups.add(g);
      }
    });
    assertThat(groups).as("one server group created for ten concurrent creates").hasSize(1);
    assertThat(groups.get(0).path("members")).hasSize(10);
    for (MachineContext m : machines) {
      long count = Resolver.list(listed, "servers").stream().filter(s -> s.path("name").asText().equals(m.name()))
          .count();
      assertThat(count).as(m.name()).isEqualTo(1);
    }
  }

  @Test
  void aSecondCreateForTheSameMachineFindsItsServer() throws Exception {
    OpenstackProviderSpec spec = spec(SMALL);
    MachineContext m = machine("restart");
    String first = serverId(create(m, spec));
    // A restart between the create and the status write: the same Machine, no providerID, created again.
    OpenstackMachineProvider restarted = new OpenstackMachineProvider();
    restarted.init(ProviderEnvironment.defaults());
    String second = serverId(restarted.create(m, spec));
    assertThat(second).isEqualTo(first);
    JsonNode listed = demo.run(demoCloud, Service.COMPUTE, "list", c -> NOVA.servers(Map.of("name", "^" + m.name()
        + "$")));
    assertThat(Resolver.list(listed, "servers")).hasSize(1);
    assertThat(ports(Map.of("name", List.of(m.name() + "-0")))).hasSize(1);
    restarted.close();
  }

  @Test
  void anUnknownFlavorFailsNamingTheField() throws Exception {
    OpenstackProviderSpec spec = spec(", \"flavor\": \"no-such-flavor\", \"networks\": [{\"filter\": "
        + "{\"name\": \"private\"}}]");
    MachineContext m = machine("badflavor");
    assertThatThrownBy(() -> create(m, spec)).isInstanceOfSatisfying(InvalidConfigurationException.class,
        e -> assertThat(e.getMessage()).isEqualTo("providerSpec.value.flavor: flavor \"no-such-flavor\" not found"));
    assertThatThrownBy(() -> create(m, spec(", \"flavor\": \"m1.tiny\", \"image\": \"nope\"")))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("providerSpec.value.image");
    assertThatThrownBy(() -> create(m, spec(", \"flavor\": \"m1.tiny\", \"networks\": [{\"filter\": "
        + "{\"name\": \"nope\"}}]"))).isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("providerSpec.value.networks[0]");
    assertThatThrownBy(() -> create(m, spec(SMALL + ", \"securityGroups\": [{\"name\": \"nope\"}]")))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("providerSpec.value.securityGroups[0]");
    assertThat(ports(Map.of("name", List.of(m.name() + "-0")))).as("nothing was created").isEmpty();
  }

  @Test
  void noValidHostIsShownAndRetriedNotFailed() throws Exception {
    OpenstackProviderSpec spec = spec(", \"flavor\": \"m1.huge\", \"networks\": [{\"filter\": {\"name\": "
        + "\"private\"}}]");
    MachineContext m = machine("huge");
    ProviderResult created = createRetrying(m, spec);
    String first = serverId(created);
    MachineContext building = withProviderId(m, created);
    // The server ends in ERROR before it ever ran: the Machine stays unprovisioned (no providerID) and describe
    // answers absent, so the controller calls create again ...
    await().atMost(BOOT).pollInterval(Duration.ofSeconds(2))
        .until(() -> describe(building, spec) == InstanceState.absent());
    assertThat(building.providerId()).isEmpty();
    // ... which replaces the errored server: it goes with its ports, and the fault is the transient failure shown
    // in the Machine's condition (capacity: never Failed) ...
    assertThatThrownBy(() -> provider.create(building, spec)).isInstanceOfSatisfying(
        TransientProviderException.class, e -> {
          assertThat(e.reason()).isEqualTo(TransientProviderException.Reason.INSUFFICIENT_CAPACITY);
          assertThat(e.getMessage()).contains("No valid host was found");
        });
    // ... and a create after that boots a new server.
    await().atMost(BOOT).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
        .until(() -> !serverId(provider.create(building, spec)).equals(first));
  }

  @Test
  void deleteRemovesTheServerAndItsPorts() throws Exception {
    OpenstackProviderSpec spec = spec(SMALL + ", \"ports\": [{\"networkID\": \"" + one("networks", "storage")
        .path("id").asText() + "\", \"nameSuffix\": \"extra\"}]");
    MachineContext m = machine("del");
    ProviderResult created = create(m, spec);
    String id = serverId(created);
    MachineContext provisioned = running(withProviderId(m, created), spec);
    assertThat(ports(Map.of("name", List.of(m.name() + "-0", m.name() + "-extra")))).hasSize(2);
    assertThat(provider.delete(provisioned, spec)).isInstanceOf(InstanceState.Terminating.class);
    await().atMost(BOOT).pollInterval(Duration.ofSeconds(2))
        .until(() -> provider.delete(provisioned, spec) instanceof InstanceState.Gone);
    JsonNode gone = admin.run(adminCloud, Service.COMPUTE, "GET server", c -> NOVA.server(id));
    assertThat(gone).isNull();
    assertThat(ports(Map.of("name", List.of(m.name() + "-0", m.name() + "-extra")))).isEmpty();
    assertThat(ports(Map.of("device_id", List.of(id)))).isEmpty();
    assertThat(describe(provisioned, spec)).isInstanceOf(InstanceState.Gone.class);
    CREATED.remove(m.uid());
  }

  @Test
  void trunkPortsAreCreatedAndGoWithTheServer() throws Exception {
    OpenstackProviderSpec spec = spec(SMALL + ", \"trunk\": true");
    MachineContext m = machine("trunk");
    ProviderResult created = createRetrying(m, spec);
    MachineContext provisioned = running(withProviderId(m, created), spec);
    JsonNode port = ports(Map.of("name", List.of(m.name() + "-0"))).get(0);
    String portId = port.path("id").asText();
    assertThat(trunks(portId)).hasSize(1);
    assertThat(trunks(portId).get(0).path("name").asText()).isEqualTo(m.name() + "-0");
    assertThat(provider.delete(provisioned, spec)).isInstanceOf(InstanceState.Terminating.class);
    await().atMost(BOOT).pollInterval(Duration.ofSeconds(2))
        .until(() -> provider.delete(provisioned, spec) instanceof InstanceState.Gone);
    assertThat(trunks(portId)).isEmpty();
    assertThat(ports(Map.of("name", List.of(m.name() + "-0")))).isEmpty();
    CREATED.remove(m.uid());
  }

  private static List<JsonNode> trunks(String portId) throws ProviderException {
    return Resolver.list(demo.run(demoCloud, Service.NETWORK, "GET trunks",
        c -> NEUTRON.list("trunks", Map.of("port_id", List.of(portId)))), "trunks");
  }

  @Test
  void capacityComesFromTheFlavorAndIsCached() throws Exception {
    ResolvedSecrets credentials = ResolvedSecrets.none()
        .withCredentialsSecret(new SecretContents("openstack-cloud-credentials", Map.of("clouds.yaml", clouds)));
    OpenstackMachineProvider fresh = new OpenstackMachineProvider();
    fresh.init(ProviderEnvironment.defaults());
    try {
      InstanceCapacity medium = fresh.capacity(spec(", \"flavor\": \"m1.medium\""), credentials).orElseThrow();
      assertThat(medium.instanceType()).isEqualTo("m1.medium");
      assertThat(medium.vcpus()).isEqualTo(2);
      assertThat(medium.memoryMiB()).isEqualTo(4096);
      assertThat(medium.gpus()).isZero();
      long compute = fresh.requests().count(Service.COMPUTE);
      assertThat(compute).as("flavor list and its extra specs").isEqualTo(2);
      fresh.capacity(spec(", \"flavor\": \"m1.medium\""), credentials);
      assertThat(fresh.requests().count(Service.COMPUTE)).as("cached").isEqualTo(compute);
      assertThatThrownBy(() -> fresh.capacity(spec(", \"flavor\": \"m1.none\""), credentials))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessage("providerSpec.value.flavor: flavor \"m1.none\" not found");
      assertThatThrownBy(() -> fresh.capacity(spec(", \"flavor\": \"m1.none\""), credentials))
          .isInstanceOf(InvalidConfigurationException.class);
      assertThat(fresh.requests().count(Service.COMPUTE)).as("a failed lookup is not cached").isEqualTo(compute + 2);
    } finally {
      fresh.close();
    }
  }

  @Test
  void requestsOfOneLifecycle() throws Exception {
    OpenstackProviderSpec spec = spec(SMALL);
    MachineContext m = machine("count");
    RequestCounter counter = provider.requests();
    Map<String, Long> start = counter.snapshot();
    // As the controller does it: a describe (in a batch) answers absent, then create.
    assertThat(describe(m, spec)).isEqualTo(InstanceState.absent());
    ProviderResult created = create(m, spec);
    Map<String, Long> afterCreate = counter.snapshot();
    MachineContext provisioned = running(withProviderId(m, created), spec);
    Map<String, Long> afterRunning = counter.snapshot();
    int deleteCalls = 1;
    assertThat(provider.delete(provisioned, spec)).isInstanceOf(InstanceState.Terminating.class);
    Map<String, Long> afterFirstDelete = counter.snapshot();
    while (!(provider.delete(provisioned, spec) instanceof InstanceState.Gone)) {
      deleteCalls++;
      assertThat(deleteCalls).as("delete rechecks").isLessThan(60);
      Thread.sleep(1_000);
    }
    deleteCalls++;
    CREATED.remove(m.uid());
    Map<String, Long> end = counter.snapshot();
    System.out.printf("openstack lifecycle requests: describe+create %s, polls until ACTIVE %s, first delete %s, "
        + "delete rechecks (%d calls) %s%n", delta(start, afterCreate), delta(afterCreate, afterRunning),
        delta(afterRunning, afterFirstDelete), deleteCalls - 1, delta(afterFirstDelete, end));
    // describe (1) + POST /servers (1); the lookup before create is answered by the describe.
    assertThat(delta(start, afterCreate).getOrDefault("compute", 0L)).isLessThanOrEqualTo(3);
    // Ports: one create, no lookup by name (the describe found no server, and no create was tried since), plus the
    // cached network lookup when cold.
    assertThat(delta(start, afterCreate).getOrDefault("network", 0L)).isBetween(1L, 2L);
    // DELETE /servers/{id}, then one DELETE per port: their ids are in the providerStatus create wrote.
    assertThat(delta(afterRunning, afterFirstDelete)).containsEntry("compute", 1L)
        .containsEntry("network", 1L);
    // Each recheck is one GET /servers/{id}; no Neutron request once the ports are gone.
    assertThat(delta(afterFirstDelete, end).getOrDefault("compute", 0L)).isEqualTo(deleteCalls - 1);
    assertThat(delta(afterFirstDelete, end).getOrDefault("network", 0L)).isZero();
    assertThat(ports(Map.of("name", List.of(m.name() + "-0")))).isEmpty();
  }

  private static Map<String, Long> delta(Map<String, Long> from, Map<String, Long> to) {
    Map<String, Long> out = new java.util.TreeMap<>();
    to.forEach((k, v) -> {
      long d = v - from.getOrDefault(k, 0L);
      if (d != 0) {
        out.put(k, d);
      }
    });
    return out;
  }
}
