package io.machineapi.controllers.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.machineapi.api.machine.v1beta1.Condition;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineHealthCheck;
import io.machineapi.api.machine.v1beta1.MachineHealthCheckSpec;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.api.machine.v1beta1.MachineSetSpec;
import io.machineapi.api.machine.v1beta1.MachineStatus;
import io.machineapi.api.machine.v1beta1.UnhealthyCondition;
import io.machineapi.apiserver.EmbeddedApiServer;
import io.machineapi.controllers.events.EventRecorder;
import io.machineapi.controllers.machine.MachineConditions;
import io.machineapi.crds.CustomResourceDefinitions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MachineHealthCheck controller against the embedded API. Machines, their Nodes and owners are played by the
 * test (no Machine or MachineSet controller runs), so each rule is observed on its own; every test uses its own
 * namespace.
 */
class MachineHealthCheckIT {
  static EmbeddedApiServer api;
  static KubernetesClient client;
  static Operator operator;
  static final SimpleMeterRegistry METRICS = new SimpleMeterRegistry();

  @BeforeAll
  static void start() throws Exception {
    api = EmbeddedApiServer.start(0);
    List<CustomResourceDefinition> crds = new ArrayList<>(CustomResourceDefinitions.all());
    try (InputStream in = MachineHealthCheckIT.class.getResourceAsStream("/crds/remediation-crds.yaml");
        KubernetesClient loader = api.client()) {
      loader.load(in).items().forEach(item -> crds.add((CustomResourceDefinition) item));
    }
    api.installCrds(crds);
    client = api.client();
    operator = new Operator(o -> o.withKubernetesClient(client).withUseSSAToPatchPrimaryResource(false)
        .withSSABasedCreateUpdateMatchForDependentResources(false).withCloseClientOnStop(false));
    operator.register(new MachineHealthCheckReconciler(client, new EventRecorder(client, Clock.systemUTC()), METRICS,
        Clock.systemUTC()));
    operator.start();
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.stop();
    }
    if (client != null) {
      client.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void notReadyNodePastItsTimeoutGetsItsMachineDeletedAndNotBefore() {
    String ns = namespace();
    machine(ns, "healthy", true, "True", Instant.now().minusSeconds(600));
    machine(ns, "sick", true, "False", Instant.now());
    healthCheck(ns, "mhc", "3s", null, Map.of());

    await().during(Duration.ofMillis(1500)).atMost(Duration.ofMillis(11500)).until(() -> exists(ns, "sick"));
    await().atMost(Duration.ofSeconds(10)).until(() -> !exists(ns, "sick"));
    assertThat(exists(ns, "healthy")).isTrue();
    // the counter moves right after the delete call returns, so possibly just after the test saw the deletion
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
        METRICS.find("mapi_machinehealthcheck_remediation_success").tag("namespace", ns).counter())
        .isNotNull().satisfies(c -> assertThat(c.count()).isEqualTo(1.0)));
  }

  @Test
  void statusCountsExpectedAndHealthyMachines() {
    String ns = namespace();
    machine(ns, "a", true, "True", Instant.now().minusSeconds(600));
    machine(ns, "b", true, "True", Instant.now().minusSeconds(600));
    machine(ns, "c", true, "False", Instant.now());
    healthCheck(ns, "mhc", "10m", null, Map.of());

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      MachineHealthCheck mhc = client.resources(MachineHealthCheck.class).inNamespace(ns).withName("mhc").get();
      assertThat(mhc.getStatus()).isNotNull();
      assertThat(mhc.getStatus().getExpectedMachines()).isEqualTo(3);
      assertThat(mhc.getStatus().getCurrentHealthy()).isEqualTo(2);
      assertThat(mhc.getStatus().getRemediationsAllowed()).isEqualTo(2);
    });
  }

  @Test
  void tooManyUnhealthyShortCircuitsWithConditionAndEventThenRecoversWhenOneHeals() {
    String ns = namespace();
    machine(ns, "a", true, "True", Instant.now().minusSeconds(600));
    machine(ns, "b", true, "True", Instant.now().minusSeconds(600));
    for (String name : List.of("c", "d", "e")) {
      machine(ns, name, true, "False", Instant.now().minusSeconds(600));
    }
    healthCheck(ns, "mhc", "60s", new IntOrString(2), Map.of());

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Condition allowed = condition(ns, "mhc", MachineHealthCheckReconciler.CONDITION_REMEDIATION_ALLOWED);
      assertThat(allowed).isNotNull();
      assertThat(allowed.getStatus()).isEqualTo("False");
      assertThat(allowed.getReason()).isEqualTo("TooManyUnhealthy");
      assertThat(client.v1().events().inNamespace(ns).list().getItems())
          .anyMatch(e -> "RemediationRestricted".equals(e.getReason()));
    });
    assertThat(List.of("c", "d", "e")).allMatch(name -> exists(ns, name));

    setNodeReady(ns, "c", "True");

    await().atMost(Duration.ofSeconds(10)).until(() -> !exists(ns, "d") && !exists(ns, "e"));
    assertThat(exists(ns, "c")).isTrue();
  }

  @Test
  void fortyPercentOfFiveAllowsTwoRemediations() {
    String ns = namespace();
    for (String name : List.of("a", "b", "c")) {
      machine(ns, name, true, "True", Instant.now().minusSeconds(600));
    }
    machine(ns, "d", true, "False", Instant.now().minusSeconds(600));
    machine(ns, "e", true, "False", Instant.now().minusSeconds(600));
    healthCheck(ns, "mhc", "60s", new IntOrString("40%"), Map.of());

    await().atMost(Duration.ofSeconds(10)).until(() -> !exists(ns, "d") && !exists(ns, "e"));
    assertThat(List.of("a", "b", "c")).allMatch(name -> exists(ns, name));
  }

  @Test
  void machineWithoutControllerOwnerIsNeverDeleted() {
    String ns = namespace();
    Machine orphan = machine(ns, "orphan", false, "False", Instant.now().minusSeconds(600));
    healthCheck(ns, "mhc", "1s", null, Map.of());

    await().atMost(Duration.ofSeconds(10)).until(() -> client.v1().events().inNamespace(ns).list().getItems().stream()
        .anyMatch(e -> "SkippedNoController".equals(e.getReason())));
    assertThat(client.resources(Machine.class).inNamespace(ns).withName("orphan").get().getMetadata().getUid())
        .isEqualTo(orphan.getMetadata().getUid());
  }

  @Test
  void remediationTemplateCreatesTheExternalObjectInsteadOfDeleting() {
    String ns = namespace();
    machine(ns, "sick", true, "False", Instant.now().minusSeconds(600));
    GenericKubernetesResource template = new GenericKubernetesResource();
    template.setApiVersion("remediation.example.com/v1");
    template.setKind("TestRemediationTemplate");
    template.setMetadata(new ObjectMetaBuilder().withName("reboot").withNamespace(ns).build());
    template.setAdditionalProperties(Map.of("spec", Map.of("template", Map.of("spec", Map.of("strategy", "Reboot")))));
    client.genericKubernetesResources("remediation.example.com/v1", "TestRemediationTemplate").inNamespace(ns)
        .resource(template).create();
    MachineHealthCheck mhc = healthCheckObject(ns, "mhc", "1s", null, Map.of());
    mhc.getSpec().setRemediationTemplate(new ObjectReferenceBuilder().withApiVersion("remediation.example.com/v1")
        .withKind("TestRemediationTemplate").withName("reboot").withNamespace(ns).build());
    client.resources(MachineHealthCheck.class).inNamespace(ns).resource(mhc).create();

    GenericKubernetesResource request = await().atMost(Duration.ofSeconds(10)).until(() -> client
        .genericKubernetesResources("remediation.example.com/v1", "TestRemediation").inNamespace(ns)
        .withName("sick").get(), r -> r != null);
    assertThat(request.getMetadata().getAnnotations())
        .containsEntry("machine.openshift.io/cloned-from-name", "reboot");
    assertThat(request.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("sick"));
    assertThat(request.getAdditionalProperties().get("spec")).isEqualTo(Map.of("strategy", "Reboot"));
    assertThat(exists(ns, "sick")).isTrue();

    // Healthy again: the external request is withdrawn.
    setNodeReady(ns, "sick", "True");
    await().atMost(Duration.ofSeconds(10)).until(() -> client
        .genericKubernetesResources("remediation.example.com/v1", "TestRemediation").inNamespace(ns)
        .withName("sick").get() == null);
    assertThat(exists(ns, "sick")).isTrue();
  }

  @Test
  void pausedHealthCheckDoesNothing() {
    String ns = namespace();
    machine(ns, "sick", true, "False", Instant.now().minusSeconds(600));
    healthCheck(ns, "mhc", "1s", null, Map.of(MachineHealthCheckReconciler.PAUSED_ANNOTATION, ""));

    await().during(Duration.ofSeconds(2)).atMost(Duration.ofMillis(12000)).until(() -> exists(ns, "sick"));
    assertThat(client.resources(MachineHealthCheck.class).inNamespace(ns).withName("mhc").get().getStatus()).isNull();
  }

  @Test
  void inFlightLimitHoldsFurtherRemediationsWhileDeletionsAreUnderWay() {
    String ns = namespace();
    for (String name : List.of("a", "b", "c")) {
      Machine m = machine(ns, name, true, "False", Instant.now().minusSeconds(600));
      client.resources(Machine.class).inNamespace(ns).withName(name).edit(x -> {
        x.getMetadata().setFinalizers(List.of("test/hold"));
        return x;
      });
    }
    healthCheck(ns, "mhc", "1s", null, Map.of(MachineHealthCheckReconciler.MAX_IN_FLIGHT_ANNOTATION, "1"));

    await().atMost(Duration.ofSeconds(10)).until(() -> deleting(ns) == 1);
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofMillis(12000)).until(() -> deleting(ns) == 1);
  }

  @Test
  void machineWithoutNodeIsReplacedAfterNodeStartupTimeoutUnlessDisabled() {
    String ns = namespace();
    machineWithoutNode(ns, "slow");
    MachineHealthCheck mhc = healthCheckObject(ns, "mhc", "5m", null, Map.of());
    mhc.getSpec().setNodeStartupTimeout("2s");
    client.resources(MachineHealthCheck.class).inNamespace(ns).resource(mhc).create();
    String other = namespace();
    machineWithoutNode(other, "slow");
    MachineHealthCheck disabled = healthCheckObject(other, "mhc", "5m", null, Map.of());
    disabled.getSpec().setNodeStartupTimeout("0");
    client.resources(MachineHealthCheck.class).inNamespace(other).resource(disabled).create();

    await().atMost(Duration.ofSeconds(10)).until(() -> !exists(ns, "slow"));
    assertThat(exists(other, "slow")).isTrue();
  }

  @Test
  void selectorMatchingNothingIsReportedInACondition() {
    String ns = namespace();
    healthCheck(ns, "mhc", "5m", null, Map.of());

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Condition valid = condition(ns, "mhc", MachineHealthCheckReconciler.CONDITION_VALID);
      assertThat(valid).isNotNull();
      assertThat(valid.getReason()).isEqualTo("NoMatchingMachines");
    });
  }

  @Test
  void deletedHealthCheckLosesItsMetricSeries() {
    String ns = namespace();
    machine(ns, "a", true, "True", Instant.now().minusSeconds(600));
    healthCheck(ns, "mhc", "5m", null, Map.of());
    await().atMost(Duration.ofSeconds(10)).until(() -> METRICS.find(HealthCheckMetrics.NODES_COVERED)
        .tag("namespace", ns).gauge() != null);

    client.resources(MachineHealthCheck.class).inNamespace(ns).withName("mhc").delete();

    await().atMost(Duration.ofSeconds(10)).until(() -> METRICS.find(HealthCheckMetrics.NODES_COVERED)
        .tag("namespace", ns).meters().isEmpty()
        && METRICS.find(HealthCheckMetrics.SHORT_CIRCUIT).tag("namespace", ns).meters().isEmpty());
  }

  // --- fixtures --------------------------------------------------------------------------------------------

  /** A fresh namespace holding the MachineSet "set" that owns the test's Machines (owners must exist: the API
   * server garbage-collects Machines whose owner is gone). */
  private static String namespace() {
    String ns = "mhc-" + UUID.randomUUID().toString().substring(0, 8);
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    MachineSet set = new MachineSet();
    set.setMetadata(new ObjectMetaBuilder().withName("set").withNamespace(ns).build());
    MachineSetSpec spec = new MachineSetSpec();
    spec.setReplicas(0);
    spec.setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("role", "worker")).build());
    set.setSpec(spec);
    client.resources(MachineSet.class).inNamespace(ns).resource(set).create();
    return ns;
  }

  private static OwnerReference setOwner(String ns) {
    MachineSet set = client.resources(MachineSet.class).inNamespace(ns).withName("set").get();
    return new OwnerReferenceBuilder().withApiVersion("machine.openshift.io/v1beta1").withKind("MachineSet")
        .withName("set").withUid(set.getMetadata().getUid()).withController(true).build();
  }

  private static Machine machine(String ns, String name, boolean owned, String ready, Instant readySince) {
    String nodeName = ns + "-" + name;
    Node node = client.nodes().resource(new NodeBuilder().withNewMetadata().withName(nodeName).endMetadata()
        .withNewStatus().addNewCondition().withType("Ready").withStatus(ready)
        .withLastTransitionTime(readySince.toString()).endCondition().endStatus().build()).create();
    Machine machine = new Machine();
    ObjectMetaBuilder meta = new ObjectMetaBuilder().withName(name).withNamespace(ns)
        .withLabels(Map.of("role", "worker"));
    if (owned) {
      meta.withOwnerReferences(setOwner(ns));
    }
    machine.setMetadata(meta.build());
    Machine created = client.resources(Machine.class).inNamespace(ns).resource(machine).create();
    MachineStatus status = new MachineStatus();
    status.setNodeRef(new ObjectReferenceBuilder().withKind("Node").withName(nodeName)
        .withUid(node.getMetadata().getUid()).build());
    created.setStatus(status);
    return client.resources(Machine.class).inNamespace(ns).resource(created).updateStatus();
  }

  private static void machineWithoutNode(String ns, String name) {
    Machine machine = new Machine();
    machine.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).withLabels(Map.of("role", "worker"))
        .withOwnerReferences(setOwner(ns)).build());
    client.resources(Machine.class).inNamespace(ns).resource(machine).create();
  }

  private static void setNodeReady(String ns, String machine, String ready) {
    client.nodes().withName(ns + "-" + machine).editStatus(n -> new NodeBuilder(n).editStatus().withConditions()
        .addNewCondition().withType("Ready").withStatus(ready).withLastTransitionTime(Instant.now().toString())
        .endCondition().endStatus().build());
  }

  private static void healthCheck(String ns, String name, String timeout, IntOrString maxUnhealthy,
      Map<String, String> annotations) {
    client.resources(MachineHealthCheck.class).inNamespace(ns)
        .resource(healthCheckObject(ns, name, timeout, maxUnhealthy, annotations)).create();
  }

  private static MachineHealthCheck healthCheckObject(String ns, String name, String timeout,
      IntOrString maxUnhealthy, Map<String, String> annotations) {
    MachineHealthCheck mhc = new MachineHealthCheck();
    mhc.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).withAnnotations(annotations).build());
    MachineHealthCheckSpec spec = new MachineHealthCheckSpec();
    spec.setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("role", "worker")).build());
    spec.setUnhealthyConditions(List.of(new UnhealthyCondition("Ready", "False", timeout),
        new UnhealthyCondition("Ready", "Unknown", timeout)));
    spec.setMaxUnhealthy(maxUnhealthy);
    mhc.setSpec(spec);
    return mhc;
  }

  private static Condition condition(String ns, String mhc, String type) {
    MachineHealthCheck current = client.resources(MachineHealthCheck.class).inNamespace(ns).withName(mhc).get();
    return current.getStatus() == null ? null : MachineConditions.find(current.getStatus().getConditions(), type);
  }

  private static boolean exists(String ns, String name) {
    Machine m = client.resources(Machine.class).inNamespace(ns).withName(name).get();
    return m != null && m.getMetadata().getDeletionTimestamp() == null;
  }

  private static long deleting(String ns) {
    return client.resources(Machine.class).inNamespace(ns).list().getItems().stream()
        .filter(m -> m.getMetadata().getDeletionTimestamp() != null).count();
  }
}
