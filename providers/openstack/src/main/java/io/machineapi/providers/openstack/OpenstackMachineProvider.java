package io.machineapi.providers.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.machineapi.providers.openstack.RequestCounter.Service;
import io.machineapi.spi.DescribeRequest;
import io.machineapi.spi.DescribeResult;
import io.machineapi.spi.InstanceCapacity;
import io.machineapi.spi.InstanceDetails;
import io.machineapi.spi.InstanceState;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.MachineProvider;
import io.machineapi.spi.ProviderEnvironment;
import io.machineapi.spi.ProviderException;
import io.machineapi.spi.ProviderResult;
import io.machineapi.spi.ResolvedSecrets;
import io.machineapi.spi.SpecDecoder;
import io.machineapi.spi.TransientProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.openstack4j.model.common.ActionResponse;

/**
 * The {@code openstack} provider: one Nova server per Machine, named after it and carrying the Machine's UID in its
 * metadata ({@value ServerRequest#UID_METADATA}) and the cluster's tag ({@code <namespace>-<clusterID>}), so a
 * restarted controller finds its server before creating another. Describe is batched: one
 * {@code GET /servers/detail?tags=<namespace>-<clusterID>} per cluster and credential answers every Machine polled.
 * No call waits for a server to build or go away: create answers Pending as soon as Nova gives the server's id.
 *
 * <p>Configuration ({@code --provider-config openstack.KEY=VALUE}): {@code connectTimeoutSeconds} (10),
 * {@code readTimeoutSeconds} (30), {@code lookupCacheSeconds} (60), {@code flavorCacheSeconds} (300).
 */
public final class OpenstackMachineProvider implements MachineProvider<OpenstackProviderSpec> {
  public static final String NAME = "openstack";
  static final String DEFAULT_USER_DATA_SECRET = "worker-user-data";
  static final int ABSENT_TRUST_SECONDS = 10;
  /** providerStatus field with the ids of the ports created for the server. */
  static final String PORTS_FIELD = "ports";
  /** providerStatus field with the id of the server while it builds (the providerID follows once it is ACTIVE). */
  static final String SERVER_ID_FIELD = "serverId";

  private final SpecDecoder decoder = SpecDecoder.lenient();
  private final RequestCounter requests = new RequestCounter();
  private final OpenstackApis.Nova nova = new OpenstackApis.Nova();
  private final Map<String, Instant> seenAbsent = new ConcurrentHashMap<>();
  private final Set<String> createAttempted = ConcurrentHashMap.newKeySet();
  /** Machines whose server this process asked Nova to delete (the rechecks then read before sending more), and when. */
  private final Map<String, Instant> deleteSent = new ConcurrentHashMap<>();
  /** Machines whose ports this process deleted while their server was being deleted, and when. */
  private final Map<String, Instant> portsDeleted = new ConcurrentHashMap<>();
  private Clock clock;
  private OpenstackCalls calls;
  private Resolver resolver;
  private Ports ports;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> providerSpecKinds() {
    return Set.of(OpenstackProviderSpec.KIND);
  }

  @Override
  public void init(ProviderEnvironment environment) {
    clock = environment.clock();
    Sessions sessions = new Sessions(clock, requests, seconds(environment, "connectTimeoutSeconds", 10),
        seconds(environment, "readTimeoutSeconds", 30));
    calls = new OpenstackCalls(sessions, requests);
    resolver = new Resolver(calls, clock, seconds(environment, "lookupCacheSeconds", 60),
        seconds(environment, "flavorCacheSeconds", 300));
    ports = new Ports(calls);
  }

  private static Duration seconds(ProviderEnvironment env, String key, int fallback) {
    String v = env.config(key).orElse(String.valueOf(fallback));
    try {
      int s = Integer.parseInt(v.trim());
      if (s < 1) {
        throw new NumberFormatException();
      }
      return Duration.ofSeconds(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(NAME + "." + key + " must be a positive number of seconds, got " + v);
    }
  }

  /** HTTP requests sent so far, by OpenStack service — for tests and the benchmark. */
  public RequestCounter requests() {
    return requests;
  }

  @Override
  public OpenstackProviderSpec decode(JsonNode providerSpecValue) throws InvalidConfigurationException {
    OpenstackProviderSpec spec = decoder.decode(providerSpecValue, OpenstackProviderSpec.class);
    spec.validate();
    return spec;
  }

  /** OpenShift's default: {@code userDataSecret.name} {@value #DEFAULT_USER_DATA_SECRET}. */
  @Override
  public JsonNode defaults(JsonNode providerSpecValue) {
    if (providerSpecValue == null || !providerSpecValue.isObject()) {
      return providerSpecValue;
    }
    JsonNode ref = providerSpecValue.get("userDataSecret");
    boolean missing = ref == null || ref.isNull();
    boolean unnamed = ref != null && ref.isObject() && (ref.get("name") == null || ref.get("name").isNull()
        || ref.get("name").asText().isBlank());
    if (!missing && !unnamed) {
      return providerSpecValue;
    }
    ObjectNode out = ((ObjectNode) providerSpecValue).deepCopy();
    if (missing) {
      out.putObject("userDataSecret").put("name", DEFAULT_USER_DATA_SECRET);
    } else {
      ((ObjectNode) out.get("userDataSecret")).put("name", DEFAULT_USER_DATA_SECRET);
    }
    return out;
  }

  @Override
  public List<String> warnings(OpenstackProviderSpec spec) {
    return spec.warnings();
  }

  private static CloudConfig cloud(ResolvedSecrets secrets, OpenstackProviderSpec spec)
      throws InvalidConfigurationException {
    return CloudConfig.from(secrets, spec.cloudName());
  }

  @Override
  public ProviderResult create(MachineContext machine, OpenstackProviderSpec spec) throws ProviderException {
    CloudConfig cloud = cloud(machine.secrets(), spec);
    boolean absent = recentlyAbsent(machine.uid());
    if (!absent) {
      Optional<JsonNode> found = pick(lookup(cloud, machine));
      if (found.isPresent()) {
        JsonNode server = found.get();
        if (ServerReport.isError(server)) {
          // Retried by replacing it: the server and its ports go now, the next create boots a new one.
          TransientProviderException fault = ServerReport.fault(withFault(cloud, server));
          deleteServerAndPorts(cloud, spec, machine, server.path("id").asText());
          throw fault;
        }
        if (!ServerReport.isGone(server)) {
          createAttempted.remove(machine.uid());
          InstanceState state = ServerReport.state(server, machine.name(), spec.flavor(), cloud.region());
          if (state.details().providerId().isPresent()) {
            return state;
          }
          // Still building: its id goes into providerStatus, as after a boot (its ports are found by name later).
          return new InstanceState.Pending(state.details().toBuilder().providerStatus(JsonNodeFactory.instance
              .objectNode().put(SERVER_ID_FIELD, server.path("id").asText())).build(), ServerReport.BUILD_RECHECK);
        }
      }
    }
    Resolver.Plan plan = resolver.plan(cloud, spec, machine.name());
    JsonNode created;
    try {
      created = boot(cloud, machine, spec, plan, absent);
    } catch (InvalidConfigurationException refused) {
      // Nova says a flavor, image or network of the plan does not exist. The plan may come from a cache that went
      // stale (deleted and re-created under the same name): resolve afresh, and only if nothing changed is the spec
      // wrong.
      resolver.invalidate(cloud);
      Resolver.Plan fresh = resolver.plan(cloud, spec, machine.name());
      if (fresh.equals(plan)) {
        throw refused;
      }
      created = boot(cloud, machine, spec, fresh, absent);
    }
    // No providerID yet (see ServerReport.details): the describes that follow give it once the server is ACTIVE.
    // The ports' ids go into providerStatus, so deleting the Machine deletes them without looking them up.
    ObjectNode status = JsonNodeFactory.instance.objectNode().put(SERVER_ID_FIELD,
        created.path("server").path("id").asText());
    created.path(PORTS_FIELD).forEach(status.putArray(PORTS_FIELD)::add);
    InstanceDetails details = InstanceDetails.builder().cloudState("BUILD")
        .labels(io.machineapi.spi.InstanceLabels.of(spec.flavor(), cloud.region(), null)).providerStatus(status)
        .build();
    return new InstanceState.Pending(details, ServerReport.BUILD_RECHECK);
  }

  /** Gets or creates the ports and creates the server; ports created for a server Nova refuses are deleted. */
  private JsonNode boot(CloudConfig cloud, MachineContext machine, OpenstackProviderSpec spec, Resolver.Plan plan,
      boolean noPortsYet) throws ProviderException {
    portsDeleted.remove(machine.uid());
    // From here on ports or a server may exist: the next create looks them up.
    createAttempted.add(machine.uid());
    List<Ports.Port> attached = ports.getOrCreate(cloud, plan.ports(), !noPortsYet);
    ObjectNode body = ServerRequest.build(machine, spec, plan, attached.stream().map(Ports.Port::id).toList(),
        machine.secrets().userData());
    try {
      ObjectNode created = calls.run(cloud, Service.COMPUTE, "Nova POST /servers",
          c -> nova.createServer(body, ServerRequest.microversion(spec)),
          e -> OpenstackErrors.classifyCreate(e, "Nova POST /servers")).deepCopy();
      attached.forEach(p -> created.withArray(PORTS_FIELD).add(p.id()));
      return created;
    } catch (ProviderException e) {
      if (OpenstackErrors.status(e.getCause()) >= 400) {
        // Nova answered: no server exists, so the ports created for it go (a timeout keeps them: the server may
        // exist, and the next create finds it or reuses the ports by name).
        ports.deleteQuietly(cloud, attached.stream().filter(Ports.Port::created).map(Ports.Port::id).toList(),
            plan.ports());
      }
      throw e;
    }
  }

  /** The servers of one Machine: its name in its cluster's tag, matched by the UID metadata. One Nova request. */
  private List<JsonNode> lookup(CloudConfig cloud, MachineContext machine) throws ProviderException {
    Map<String, String> filters = new LinkedHashMap<>();
    filters.put("name", "^" + Pattern.quote(machine.name()).replace("\\Q", "").replace("\\E", "")
        .replaceAll("([.\\[\\]()*+?{}|^$\\\\])", "\\\\$1") + "$");
    filters.put("tags", ServerRequest.clusterTag(machine));
    JsonNode all = calls.run(cloud, Service.COMPUTE, "Nova GET /servers/detail", c -> nova.servers(filters));
    return Resolver.list(all, "servers").stream()
        .filter(s -> machine.uid().equals(s.path("metadata").path(ServerRequest.UID_METADATA).asText())).toList();
  }

  /** The live server, newest first; else a deleted one; else none. */
  private static Optional<JsonNode> pick(List<JsonNode> servers) {
    Comparator<JsonNode> newest = Comparator.comparing((JsonNode s) -> s.path("created").asText(""));
    Optional<JsonNode> live = servers.stream().filter(s -> !ServerReport.isGone(s)).max(newest);
    return live.isPresent() ? live : servers.stream().max(newest);
  }

  @Override
  public DescribeResult describe(List<DescribeRequest<OpenstackProviderSpec>> machines)
      throws TransientProviderException {
    DescribeResult.Builder out = DescribeResult.builder();
    Map<String, List<DescribeRequest<OpenstackProviderSpec>>> groups = new LinkedHashMap<>();
    Map<String, CloudConfig> clouds = new HashMap<>();
    for (DescribeRequest<OpenstackProviderSpec> r : machines) {
      try {
        CloudConfig cloud = cloud(r.machine().secrets(), r.spec());
        String key = cloud.key() + "|" + ServerRequest.clusterTag(r.machine());
        clouds.put(key, cloud);
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
      } catch (InvalidConfigurationException e) {
        out.failure(r.uid(), e);
      }
    }
    for (Map.Entry<String, List<DescribeRequest<OpenstackProviderSpec>>> g : groups.entrySet()) {
      CloudConfig cloud = clouds.get(g.getKey());
      String tag = ServerRequest.clusterTag(g.getValue().get(0).machine());
      Instant asked = clock.instant();
      JsonNode all;
      try {
        all = calls.run(cloud, Service.COMPUTE, "Nova GET /servers/detail?tags",
            c -> nova.servers(Map.of("tags", tag)));
      } catch (TransientProviderException t) {
        throw t;
      } catch (ProviderException p) {
        throw new TransientProviderException(TransientProviderException.Reason.CLOUD_UNAVAILABLE, p.getMessage(), p);
      }
      Map<String, List<JsonNode>> byUid = new HashMap<>();
      for (JsonNode s : Resolver.list(all, "servers")) {
        String uid = s.path("metadata").path(ServerRequest.UID_METADATA).asText("");
        if (!uid.isEmpty()) {
          byUid.computeIfAbsent(uid, k -> new ArrayList<>()).add(s);
        }
      }
      for (DescribeRequest<OpenstackProviderSpec> r : g.getValue()) {
        Optional<JsonNode> server = pick(byUid.getOrDefault(r.uid(), List.of()));
        if (server.isEmpty()) {
          seenAbsent.put(r.uid(), asked);
          out.result(r.uid(), absentOrGone(r.machine()));
        } else if (ServerReport.isError(server.get()) && r.machine().providerId().isEmpty()) {
          // Failed to build: the Machine is not provisioned, so the controller calls create, which replaces the
          // server and reports its fault (never trusted as "absent" by create: the server still exists).
          seenAbsent.remove(r.uid());
          out.result(r.uid(), InstanceState.absent());
        } else if (ServerReport.isError(server.get())) {
          out.failure(r.uid(), faultOf(cloud, server.get()));
        } else {
          seenAbsent.remove(r.uid());
          createAttempted.remove(r.uid());
          out.result(r.uid(), ServerReport.state(server.get(), r.machine().name(), r.spec().flavor(),
              cloud.region()));
        }
      }
    }
    return out.build();
  }

  /** The failure an ERROR server shows; a failure to read its fault is reported instead. */
  private TransientProviderException faultOf(CloudConfig cloud, JsonNode server) {
    try {
      return ServerReport.fault(withFault(cloud, server));
    } catch (TransientProviderException e) {
      return e;
    } catch (ProviderException e) {
      return new TransientProviderException(TransientProviderException.Reason.CLOUD_UNAVAILABLE, e.getMessage(), e);
    }
  }

  /**
   * The server with its fault: Nova's server list leaves faults out, so an ERROR server costs one
   * {@code GET /servers/{id}} more (only errored servers do).
   */
  private JsonNode withFault(CloudConfig cloud, JsonNode server) throws ProviderException {
    if (server.hasNonNull("fault")) {
      return server;
    }
    String id = server.path("id").asText();
    JsonNode shown = calls.run(cloud, Service.COMPUTE, "Nova GET /servers/{id}", c -> nova.server(id));
    return shown == null || !shown.path("server").isObject() ? server : shown.path("server");
  }

  private static InstanceState absentOrGone(MachineContext machine) {
    return machine.providerId().isPresent()
        ? new InstanceState.Gone(InstanceDetails.builder().providerId(machine.providerId().get()).build())
        : InstanceState.absent();
  }

  /**
   * True when a batched describe of this process found no server for the UID less than
   * {@value #ABSENT_TRUST_SECONDS} s ago and no create was attempted since; the answer is used once.
   */
  private boolean recentlyAbsent(String uid) {
    Instant seen = seenAbsent.remove(uid);
    return seen != null && !createAttempted.contains(uid)
        && seen.isAfter(clock.instant().minusSeconds(ABSENT_TRUST_SECONDS));
  }

  @Override
  public ProviderResult delete(MachineContext machine, OpenstackProviderSpec spec) throws ProviderException {
    CloudConfig cloud = cloud(machine.secrets(), spec);
    seenAbsent.remove(machine.uid());
    createAttempted.remove(machine.uid());
    Optional<String> knownId = machine.providerId().filter(p -> p.startsWith(ServerReport.PROVIDER_ID_PREFIX))
        .map(p -> p.substring(ServerReport.PROVIDER_ID_PREFIX.length())).filter(s -> !s.isBlank());
    if (knownId.isPresent() && !deleteSent.containsKey(machine.uid())) {
      // First call with a known server: DELETE at once (idempotent; 404 = already gone), no lookup.
      String id = knownId.get();
      ActionResponse r = calls.run(cloud, Service.COMPUTE, "Nova DELETE /servers/{id}", c -> nova.deleteServer(id));
      if (r != null && r.getCode() == 404) {
        return gone(cloud, spec, machine);
      }
      Ports.check(r, "Nova DELETE /servers/" + id);
      deleteSent.put(machine.uid(), clock.instant());
      deletePortsUnlessTrunked(cloud, spec, machine);
      return terminating(machine, InstanceDetails.builder().providerId(machine.providerId().get()));
    }
    Optional<JsonNode> server;
    if (knownId.isPresent()) {
      String id = knownId.get();
      server = Optional.ofNullable(calls.run(cloud, Service.COMPUTE, "Nova GET /servers/{id}", c -> nova.server(id)))
          .map(s -> s.path("server")).filter(s -> !s.isMissingNode());
    } else {
      server = pick(lookup(cloud, machine));
    }
    if (server.isEmpty() || ServerReport.isGone(server.get())) {
      return server.isPresent() || knownId.isPresent() ? gone(cloud, spec, machine) : absent(cloud, spec, machine);
    }
    JsonNode s = server.get();
    InstanceDetails details = ServerReport.details(s, machine.name(), spec.flavor(), cloud.region());
    if (!ServerReport.isDeleting(s)) {
      // Not (or no longer) being deleted: a delete Nova failed leaves the server in ERROR with no task, so the
      // DELETE is sent again.
      deleteServerAndPorts(cloud, spec, machine, s.path("id").asText());
      deleteSent.put(machine.uid(), clock.instant());
    }
    return terminating(machine, details.toBuilder());
  }

  private static InstanceState terminating(MachineContext machine, InstanceDetails.Builder details) {
    return new InstanceState.Terminating(details.cloudState("DELETING").build(), ServerReport.DELETE_RECHECK);
  }

  /** The server is gone: its ports go too (by name; none are left when this process already deleted them). */
  private InstanceState gone(CloudConfig cloud, OpenstackProviderSpec spec, MachineContext machine)
      throws ProviderException {
    absent(cloud, spec, machine);
    return new InstanceState.Gone(InstanceDetails.builder().providerId(machine.providerId().orElse(null))
        .cloudState("DELETED").build());
  }

  /** No server: ports left by a create whose server never came are deleted. */
  private InstanceState absent(CloudConfig cloud, OpenstackProviderSpec spec, MachineContext machine)
      throws ProviderException {
    if (portsDeleted.remove(machine.uid()) == null) {
      List<String> leftovers = ports.byName(cloud, PortNames.of(spec, machine.name())).values().stream()
          .flatMap(List::stream).map(p -> p.path("id").asText()).toList();
      ports.delete(cloud, leftovers, trunks(spec));
    }
    deleteSent.remove(machine.uid());
    return InstanceState.absent();
  }

  /**
   * Deletes a server (404 = done) and then the Machine's ports, found by name (every port this provider creates is
   * named for the Machine, see {@link PortNames}).
   */
  private void deleteServerAndPorts(CloudConfig cloud, OpenstackProviderSpec spec, MachineContext machine,
      String serverId) throws ProviderException {
    Ports.check(calls.run(cloud, Service.COMPUTE, "Nova DELETE /servers/{id}", c -> nova.deleteServer(serverId)),
        "Nova DELETE /servers/" + serverId);
    deletePortsUnlessTrunked(cloud, spec, machine);
  }

  /**
   * Deletes the Machine's ports while Nova deletes the server, except with trunks: Neutron refuses to delete a trunk
   * whose parent port is still bound, so those ports go once the server is gone ({@link #gone}).
   */
  private void deletePortsUnlessTrunked(CloudConfig cloud, OpenstackProviderSpec spec, MachineContext machine)
      throws ProviderException {
    if (trunks(spec)) {
      return;
    }
    List<String> ids = new ArrayList<>();
    machine.providerStatus().map(st -> st.path(PORTS_FIELD)).ifPresent(a -> a.forEach(id -> ids.add(id.asText())));
    if (ids.isEmpty()) {
      // Created by an older process or before its status was written: found by name.
      ports.byName(cloud, PortNames.of(spec, machine.name())).values().stream().flatMap(List::stream)
          .map(p -> p.path("id").asText()).forEach(ids::add);
    }
    ports.delete(cloud, ids, false);
    portsDeleted.put(machine.uid(), clock.instant());
  }

  private static boolean trunks(OpenstackProviderSpec spec) {
    return Boolean.TRUE.equals(spec.trunk()) || spec.portsOrEmpty().stream().anyMatch(p -> Boolean.TRUE.equals(
        p.trunk()));
  }

  /**
   * vCPUs and memory (MiB) of the spec's flavor, GPUs from its extra specs ({@code resources:VGPU} and the counts of
   * {@code pci_passthrough:alias}, as {@value InstanceCapacity#NVIDIA_GPU}); cached per credential and flavor name.
   */
  @Override
  public Optional<InstanceCapacity> capacity(OpenstackProviderSpec spec, ResolvedSecrets secrets)
      throws ProviderException {
    CloudConfig cloud = cloud(secrets, spec);
    Resolver.Flavor flavor = resolver.flavor(cloud, spec.flavor());
    int gpus = gpus(resolver.extraSpecs(cloud, flavor));
    return Optional.of(new InstanceCapacity(flavor.name(), Math.max(1, flavor.vcpus()), Math.max(1, flavor.ramMiB()),
        gpus, gpus > 0 ? InstanceCapacity.NVIDIA_GPU : "", OptionalInt.empty(), InstanceCapacity.AMD64));
  }

  /** GPUs a flavor's extra specs ask for: {@code resources:VGPU=N} plus the counts of {@code pci_passthrough:alias}. */
  static int gpus(Map<String, String> extraSpecs) {
    int gpus = 0;
    String vgpu = extraSpecs.get("resources:VGPU");
    if (vgpu != null) {
      gpus += parse(vgpu.trim());
    }
    String aliases = extraSpecs.get("pci_passthrough:alias");
    if (aliases != null) {
      for (String alias : aliases.split(",")) {
        String[] parts = alias.trim().split(":");
        gpus += parts.length == 2 ? parse(parts[1].trim()) : parts[0].isBlank() ? 0 : 1;
      }
    }
    return gpus;
  }

  private static int parse(String n) {
    try {
      return Math.max(0, Integer.parseInt(n));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
