package io.machineapi.providers.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;

/**
 * The {@code aws} provider: one EC2 instance per Machine, found by the Machine's UID tag ({@value #UID_TAG}) before
 * anything is created, so a controller that crashed between RunInstances and its status write finds the instance
 * instead of launching a second (moto ignores ClientToken; one derived from the UID is sent all the same). Describe
 * is batched: one paginated DescribeInstances filtered on the UID tag answers for every Machine polled.
 *
 * <p>Configuration ({@code --provider-config aws.KEY=VALUE}): {@code endpoint} (moto, LocalStack), {@code region}
 * (default us-east-1; {@code placement.region} wins per Machine), {@code accessKeyId}/{@code secretAccessKey}
 * (else the credentials Secret, else the SDK's default chain), {@code requestsPerSecond} (20).
 */
public final class AwsMachineProvider implements MachineProvider<AwsMachineProviderConfig> {
  public static final String NAME = "aws";
  /** Tag carrying the Machine's UID on every instance this provider launches. */
  public static final String UID_TAG = "machine-api.io/machine-uid";
  /** Chunk size of the UID filter in one DescribeInstances (EC2 accepts up to 200 values per filter). */
  static final int FILTER_VALUES = 200;
  /** Instances per DescribeInstances page (the EC2 maximum). */
  static final int PAGE_SIZE = 1000;
  static final int ABSENT_TRUST_SECONDS = 10;

  private final SpecDecoder decoder = SpecDecoder.lenient();
  private final Map<String, AwsClients> clients = new ConcurrentHashMap<>();
  private final RequestCounter requests = new RequestCounter();
  private Ec2ClientFactory factory;
  private Ec2Calls calls;
  private ResourceResolver resolver;
  private LoadBalancerRegistrar loadBalancers;
  private TerminationChecks terminations;
  private InstanceTypeCatalog instanceTypes;
  private String defaultRegion;
  private java.time.Clock clock;
  /** UIDs a batched describe found no instance for, and when that request started. */
  private final Map<String, Instant> seenAbsent = new ConcurrentHashMap<>();
  /** UIDs this process sent RunInstances for and has not seen an instance of since (the outcome may be unknown). */
  private final Set<String> launchAttempted = ConcurrentHashMap.newKeySet();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> providerSpecKinds() {
    return Set.of(AwsMachineProviderConfig.KIND);
  }

  @Override
  public void init(ProviderEnvironment environment) {
    defaultRegion = environment.config("region").orElse("us-east-1");
    clock = environment.clock();
    int rps;
    try {
      rps = Integer.parseInt(environment.config("requestsPerSecond").orElse("20"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("aws.requestsPerSecond must be an integer", e);
    }
    factory = new Ec2ClientFactory(environment.config("endpoint"), environment.config("accessKeyId"),
        environment.config("secretAccessKey"), requests);
    calls = new Ec2Calls(NAME, rps, Duration.ofMillis(200));
    resolver = new ResourceResolver(calls, environment.clock(), Duration.ofSeconds(60));
    loadBalancers = new LoadBalancerRegistrar(calls, environment.clock(), Duration.ofSeconds(60));
    terminations = new TerminationChecks(calls, Duration.ofMillis(20));
    instanceTypes = new InstanceTypeCatalog(calls, environment.clock());
  }

  /** EC2 HTTP requests sent so far (retries included), by operation — for tests and the benchmark. */
  public RequestCounter requests() {
    return requests;
  }

  @Override
  public AwsMachineProviderConfig decode(JsonNode providerSpecValue) throws InvalidConfigurationException {
    AwsMachineProviderConfig spec = decoder.decode(providerSpecValue, AwsMachineProviderConfig.class);
    spec.validate();
    return spec;
  }

  /** The user-data Secret OpenShift's installer writes, defaulted when the spec names none. */
  static final String DEFAULT_USER_DATA_SECRET = "worker-user-data";
  /** The credentials Secret OpenShift's credentials operator writes, defaulted when the spec names none. */
  static final String DEFAULT_CREDENTIALS_SECRET = "aws-cloud-credentials";

  /**
   * OpenShift's defaults: {@code instanceType} {@value AwsMachineProviderConfig#DEFAULT_INSTANCE_TYPE} (x86-64; this
   * build does not know the cluster's architecture), {@code userDataSecret.name}
   * {@value #DEFAULT_USER_DATA_SECRET} and {@code credentialsSecret.name} {@value #DEFAULT_CREDENTIALS_SECRET}.
   */
  @Override
  public JsonNode defaults(JsonNode providerSpecValue) {
    if (providerSpecValue == null || !providerSpecValue.isObject()) {
      return providerSpecValue;
    }
    ObjectNode out = ((ObjectNode) providerSpecValue).deepCopy();
    JsonNode type = out.get("instanceType");
    if (type == null || type.isNull() || type.isTextual() && type.asText().isBlank()) {
      out.put("instanceType", AwsMachineProviderConfig.DEFAULT_INSTANCE_TYPE);
    }
    defaultName(out, "userDataSecret", DEFAULT_USER_DATA_SECRET);
    defaultName(out, "credentialsSecret", DEFAULT_CREDENTIALS_SECRET);
    return out;
  }

  private static void defaultName(ObjectNode spec, String field, String name) {
    JsonNode ref = spec.get(field);
    if (ref == null || ref.isNull()) {
      spec.putObject(field).put("name", name);
    } else if (ref.isObject() && (ref.get("name") == null || ref.get("name").isNull()
        || ref.get("name").asText().isBlank())) {
      ((ObjectNode) ref).put("name", name);
    }
  }

  /** An instance without an IAM instance profile has no role: its kubelet usually cannot join the cluster. */
  @Override
  public List<String> warnings(AwsMachineProviderConfig spec) {
    if (spec.iamInstanceProfile() == null) {
      return List.of("providerSpec.value.iamInstanceProfile: not set; the instance gets no IAM role, so its Node may "
          + "be unable to join the cluster");
    }
    return List.of();
  }

  private String region(AwsMachineProviderConfig spec) {
    return spec.placement() != null && spec.placement().region() != null && !spec.placement().region().isBlank()
        ? spec.placement().region() : defaultRegion;
  }

  private AwsClients clients(MachineContext machine, AwsMachineProviderConfig spec)
      throws InvalidConfigurationException {
    return clients(machine.secrets(), spec);
  }

  private AwsClients clients(ResolvedSecrets secrets, AwsMachineProviderConfig spec)
      throws InvalidConfigurationException {
    Ec2ClientFactory.Credentials creds = Ec2ClientFactory.credentials(secrets);
    String region = region(spec);
    String key = region + "|" + (creds == null ? "" : creds.accessKeyId());
    AwsClients c = clients.get(key);
    if (c == null) {
      c = clients.computeIfAbsent(key, k -> factory.build(region, creds));
    }
    return c;
  }

  /** {@code DescribeInstanceTypes} for the spec's type in its region, cached per region and type (24 h). */
  @Override
  public Optional<InstanceCapacity> capacity(AwsMachineProviderConfig spec, ResolvedSecrets secrets)
      throws ProviderException {
    return Optional.of(instanceTypes.capacity(clients(secrets, spec), spec.instanceTypeOrDefault()));
  }

  @Override
  public ProviderResult create(MachineContext machine, AwsMachineProviderConfig spec) throws ProviderException {
    AwsClients aws = clients(machine, spec);
    Ec2Client ec2 = aws.ec2();
    List<Instance> found = recentlyAbsent(machine.uid()) ? List.of()
        : lookup(ec2, List.of(machine)).getOrDefault(machine.uid(), List.of());
    Optional<Instance> live = pick(found);
    if (live.isPresent()) {
      return InstanceReport.state(live.get(), region(spec),
          InstanceReport.providerStatus(live.get(), machine.providerStatus()));
    }
    if (!found.isEmpty()) {
      throw new InvalidConfigurationException("providerSpec.value", "instance " + found.get(0).instanceId()
          + " of this Machine was terminated before it was observed running; not launching another");
    }
    RunInstancesRequest request = LaunchRequest.build(machine, spec, resolver.resolve(aws, spec));
    launchAttempted.add(machine.uid());
    RunInstancesResponse response = calls.run(() -> ec2.runInstances(request), true);
    if (response.instances().size() != 1) {
      throw new TransientProviderException(TransientProviderException.Reason.OPERATION_FAILED,
          "RunInstances returned " + response.instances().size() + " instances, expected 1", null);
    }
    Instance launched = response.instances().get(0);
    ObjectNode status = InstanceReport.withCondition(InstanceReport.providerStatus(launched, Optional.empty()),
        InstanceReport.MACHINE_CREATION, true, "MachineCreationSucceeded", "Machine successfully created",
        clock.instant());
    return InstanceReport.state(launched, region(spec), status);
  }

  @Override
  public DescribeResult describe(List<DescribeRequest<AwsMachineProviderConfig>> machines)
      throws TransientProviderException {
    DescribeResult.Builder out = DescribeResult.builder();
    Map<AwsClients, List<DescribeRequest<AwsMachineProviderConfig>>> byClient = new HashMap<>();
    for (DescribeRequest<AwsMachineProviderConfig> r : machines) {
      try {
        byClient.computeIfAbsent(clients(r.machine(), r.spec()), k -> new ArrayList<>()).add(r);
      } catch (InvalidConfigurationException e) {
        out.failure(r.uid(), e);
      }
    }
    for (Map.Entry<AwsClients, List<DescribeRequest<AwsMachineProviderConfig>>> e : byClient.entrySet()) {
      Map<String, List<Instance>> found;
      Instant asked = clock.instant();
      try {
        found = lookup(e.getKey().ec2(), e.getValue().stream().map(DescribeRequest::machine).toList());
      } catch (TransientProviderException t) {
        throw t;
      } catch (ProviderException p) {
        throw new TransientProviderException(TransientProviderException.Reason.CLOUD_UNAVAILABLE, p.getMessage(), p);
      }
      List<LoadBalancerRegistrar.Target> toRegister = new ArrayList<>();
      Map<String, DescribeRequest<AwsMachineProviderConfig>> registering = new HashMap<>();
      for (DescribeRequest<AwsMachineProviderConfig> r : e.getValue()) {
        List<Instance> instances = found.getOrDefault(r.uid(), List.of());
        Optional<Instance> live = pick(instances);
        if (live.isPresent()) {
          if (needsRegistration(r, live.get())) {
            toRegister.add(new LoadBalancerRegistrar.Target(r.uid(), live.get(), r.spec().loadBalancers()));
            registering.put(r.uid(), r);
          } else {
            out.result(r.uid(), InstanceReport.state(live.get(), region(r.spec()),
                InstanceReport.providerStatus(live.get(), r.machine().providerStatus())));
          }
        } else if (!instances.isEmpty()) {
          Instance last = instances.get(0);
          out.result(r.uid(), new InstanceState.Gone(InstanceReport.details(last, region(r.spec()),
              InstanceReport.providerStatus(last, r.machine().providerStatus()))));
        } else {
          out.result(r.uid(), InstanceState.absent());
        }
        if (instances.isEmpty()) {
          seenAbsent.put(r.uid(), asked);
        } else {
          seenAbsent.remove(r.uid());
          launchAttempted.remove(r.uid());
        }
      }
      if (!toRegister.isEmpty()) {
        Map<String, String> failed = loadBalancers.register(e.getKey(), toRegister);
        for (LoadBalancerRegistrar.Target t : toRegister) {
          DescribeRequest<AwsMachineProviderConfig> r = registering.get(t.uid());
          String failure = failed.get(t.uid());
          ObjectNode status = InstanceReport.withCondition(
              InstanceReport.providerStatus(t.instance(), r.machine().providerStatus()),
              InstanceReport.LOAD_BALANCERS_REGISTERED, failure == null,
              failure == null ? "Registered" : "RegistrationFailed",
              failure == null ? "registered with " + names(t.loadBalancers()) : failure + " (retried on the next poll)",
              clock.instant());
          out.result(t.uid(), InstanceReport.state(t.instance(), region(r.spec()), status));
        }
      }
    }
    return out.build();
  }

  /** Gone once {@code state} is terminated (then forgotten), else Terminating with a recheck. */
  private InstanceState terminationState(MachineContext machine, String state, String instanceId) {
    InstanceDetails.Builder db = InstanceDetails.builder().cloudState(state);
    machine.providerId().ifPresent(db::providerId);
    if ("terminated".equals(state)) {
      terminations.forget(instanceId);
      return new InstanceState.Gone(db.build());
    }
    return new InstanceState.Terminating(db.build(), InstanceReport.TERMINATING_RECHECK);
  }

  /** A running instance whose Machine names load balancers and whose status does not say it is registered. */
  private static boolean needsRegistration(DescribeRequest<AwsMachineProviderConfig> r, Instance i) {
    return !r.spec().loadBalancersOrEmpty().isEmpty() && "running".equals(InstanceReport.stateName(i))
        && !InstanceReport.isTrue(r.machine().providerStatus(), i.instanceId(),
            InstanceReport.LOAD_BALANCERS_REGISTERED);
  }

  private static String names(List<AwsMachineProviderConfig.LoadBalancerReference> lbs) {
    return String.join(", ", lbs.stream().map(lb -> lb.type() + " " + lb.name()).toList());
  }

  @Override
  public ProviderResult delete(MachineContext machine, AwsMachineProviderConfig spec) throws ProviderException {
    AwsClients aws = clients(machine, spec);
    Ec2Client ec2 = aws.ec2();
    boolean ipTargets = spec.loadBalancersOrEmpty().stream()
        .anyMatch(lb -> LoadBalancerRegistrar.NETWORK.equals(lb.type()));
    Optional<String> known = machine.providerStatus().map(st -> st.path("instanceId").asText(""))
        .filter(id -> !id.isBlank());
    if (known.isPresent() && !ipTargets) {
      String id = known.get();
      if (terminations.wasSent(id)) {
        // A recheck after our TerminateInstances: answered by a batched describe shared with the other rechecks.
        Optional<Instance> now = terminations.check(ec2, id);
        String state = now.map(InstanceReport::stateName).orElse("terminated");
        if ("terminated".equals(state) || "shutting-down".equals(state)) {
          return terminationState(machine, state, id);
        }
      }
      // TerminateInstances is idempotent and answers the state (UID lookup only as fallback).
      try {
        var change = calls.run(() -> ec2.terminateInstances(b -> b.instanceIds(id)), false)
            .terminatingInstances();
        if (!change.isEmpty()) {
          terminations.sent(id);
          String previous = change.get(0).previousState().nameAsString();
          String current = change.get(0).currentState().nameAsString();
          return terminationState(machine, "terminated".equals(previous) ? previous : current, id);
        }
      } catch (InvalidConfigurationException | TransientProviderException e) {
        if (!String.valueOf(Ec2Errors.code(e.getCause())).startsWith("InvalidInstanceID")) {
          throw e;
        }
        // unknown id: fall through to the UID lookup
      }
    }
    seenAbsent.remove(machine.uid());
    launchAttempted.remove(machine.uid());
    List<Instance> found = lookup(ec2, List.of(machine)).getOrDefault(machine.uid(), List.of());
    if (found.isEmpty()) {
      return InstanceState.absent();
    }
    List<Instance> alive = found.stream().filter(i -> !"terminated".equals(InstanceReport.stateName(i))).toList();
    Instance first = found.get(0);
    InstanceDetails details = InstanceReport.details(first, region(spec),
        InstanceReport.providerStatus(first, machine.providerStatus()));
    if (alive.isEmpty()) {
      return new InstanceState.Gone(details);
    }
    List<Instance> running = alive.stream().filter(i -> !"shutting-down".equals(InstanceReport.stateName(i)))
        .toList();
    if (running.isEmpty()) {
      return new InstanceState.Terminating(details, InstanceReport.TERMINATING_RECHECK);
    }
    for (Instance i : running) {
      // Before the instance goes: its IP targets would otherwise stay registered (OpenShift does the same).
      loadBalancers.deregisterIpTargets(aws, i, spec.loadBalancersOrEmpty());
    }
    calls.run(() -> ec2.terminateInstances(b -> b.instanceIds(running.stream().map(Instance::instanceId).toList())),
        false);
    return new InstanceState.Terminating(details.toBuilder().cloudState("shutting-down").build(),
        InstanceReport.TERMINATING_RECHECK);
  }

  /**
   * True when a batched describe of this process found no instance for the UID less than
   * {@value #ABSENT_TRUST_SECONDS} s ago and no launch was attempted since; the answer is used once.
   */
  private boolean recentlyAbsent(String uid) {
    Instant seen = seenAbsent.remove(uid);
    return seen != null && !launchAttempted.contains(uid)
        && seen.isAfter(clock.instant().minusSeconds(ABSENT_TRUST_SECONDS));
  }

  /**
   * The instances of these Machines, grouped by their UID tag: per cluster, one paginated DescribeInstances filtered
   * on the UIDs (up to {@value #FILTER_VALUES}, the EC2 limit of values per filter), or on the cluster tag when more
   * Machines are asked for, so a poll costs one request per page however many Machines there are.
   */
  private Map<String, List<Instance>> lookup(Ec2Client ec2, List<MachineContext> machines) throws ProviderException {
    Map<String, List<String>> byCluster = new HashMap<>();
    for (MachineContext m : machines) {
      byCluster.computeIfAbsent(m.clusterId(), k -> new ArrayList<>()).add(m.uid());
    }
    Map<String, List<Instance>> out = new HashMap<>();
    for (Map.Entry<String, List<String>> cluster : byCluster.entrySet()) {
      Set<String> wanted = Set.copyOf(cluster.getValue());
      Filter filter = wanted.size() <= FILTER_VALUES
          ? Filter.builder().name("tag:" + UID_TAG).values(wanted).build()
          : Filter.builder().name("tag:kubernetes.io/cluster/" + cluster.getKey()).values("owned").build();
      DescribeInstancesRequest request = DescribeInstancesRequest.builder().filters(filter).maxResults(PAGE_SIZE)
          .build();
      List<Reservation> reservations = calls.run(() -> {
        List<Reservation> all = new ArrayList<>();
        ec2.describeInstancesPaginator(request).forEach(page -> all.addAll(page.reservations()));
        return all;
      }, false);
      for (Reservation r : reservations) {
        for (Instance i : r.instances()) {
          i.tags().stream().filter(t -> UID_TAG.equals(t.key()) && wanted.contains(t.value())).findFirst()
              .ifPresent(t -> out.computeIfAbsent(t.value(), k -> new ArrayList<>()).add(i));
        }
      }
    }
    return out;
  }

  /** The newest instance that is not terminated (there is one unless something outside launched more). */
  private static Optional<Instance> pick(List<Instance> instances) {
    return instances.stream().filter(i -> !"terminated".equals(InstanceReport.stateName(i)))
        .max(Comparator.comparing(i -> i.launchTime() == null ? Instant.EPOCH : i.launchTime()));
  }

  static String base64(byte[] data) {
    return Base64.getEncoder().encodeToString(data);
  }

  @Override
  public void close() {
    if (terminations != null) {
      terminations.close();
    }
    clients.values().forEach(AwsClients::close);
    clients.clear();
  }
}
