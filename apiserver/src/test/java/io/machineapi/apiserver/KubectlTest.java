package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the real kubectl (/usr/bin/kubectl) against the embedded server with a temporary kubeconfig. Skipped with a
 * loud message when kubectl is absent, except under CI=true, where its absence fails the class.
 */
class KubectlTest extends ApiServerTestBase {

  private static final Path KUBECTL = Path.of("/usr/bin/kubectl");

  @TempDir
  static Path dir;

  /** One kubectl run. */
  record Run(int exit, String out, String err) {
    Run ok() {
      assertThat(exit).as("kubectl failed: %s", err).isZero();
      return this;
    }
  }

  @BeforeAll
  static void requireKubectl() throws IOException {
    if (!Files.isExecutable(KUBECTL)) {
      String message = "!!! KubectlTest SKIPPED: " + KUBECTL + " not found; kubectl acceptance NOT verified !!!";
      System.err.println(message);
      if ("true".equals(System.getenv("CI"))) {
        fail(message);
      }
      Assumptions.abort(message);
    }
    Files.writeString(dir.resolve("kubeconfig"), server.kubeconfigYaml());
  }

  @Test
  void applyGetColumnsJsonpathScalePatchLabelAnnotateDelete() throws IOException {
    Path file = dir.resolve("widget.yaml");
    Files.writeString(file, """
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: kw1
          labels:
            example.com/zone: eu-1
        spec:
          replicas: 2
          size: medium
        """);
    assertThat(kubectl("apply", "-f", file.toString()).ok().out()).contains("widget.example.com/kw1 created");
    Files.writeString(file, Files.readString(file).replace("replicas: 2", "replicas: 4"));
    assertThat(kubectl("apply", "-f", file.toString()).ok().out()).contains("configured");
    assertThat(widget("kw1").get("spec", "replicas").toString()).isEqualTo("4");

    List<String> table = lines(kubectl("get", "widgets").ok().out());
    assertThat(table.get(0)).containsPattern("NAME\\s+REPLICAS\\s+READY\\s+SIZE\\s+AGE").doesNotContain("ZONE");
    assertThat(table).anySatisfy(l -> assertThat(l).containsPattern("kw1\\s+4\\s+medium\\s+\\d+s"));
    assertThat(kubectl("get", "widgets", "-o", "wide").ok().out()).containsPattern("ZONE")
        .containsPattern("kw1\\s+4\\s+medium\\s+eu-1");

    client.genericKubernetesResources("example.com/v1", "Widget").inNamespace("default").withName("kw1")
        .editStatus(w -> {
          w.setAdditionalProperty("status", java.util.Map.of("phase", "Ready", "readyReplicas", 1));
          return w;
        });
    assertThat(kubectl("get", "widgets", "kw1", "-o", "jsonpath={.status}").ok().out())
        .isEqualTo("{\"phase\":\"Ready\",\"readyReplicas\":1}");

    assertThat(kubectl("scale", "widget", "kw1", "--replicas=3").ok().out()).contains("scaled");
    assertThat(widget("kw1").get("spec", "replicas").toString()).isEqualTo("3");

    kubectl("patch", "widget", "kw1", "--type=merge", "-p", "{\"spec\":{\"size\":\"large\"}}").ok();
    kubectl("patch", "widget", "kw1", "--type=json", "-p",
        "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":5}]").ok();
    kubectl("label", "widget", "kw1", "team=blue").ok();
    kubectl("annotate", "widget", "kw1", "note=hello").ok();
    GenericKubernetesResource patched = widget("kw1");
    assertThat(patched.get("spec", "size").toString()).isEqualTo("large");
    assertThat(patched.get("spec", "replicas").toString()).isEqualTo("5");
    assertThat(patched.getMetadata().getLabels()).containsEntry("team", "blue");
    assertThat(patched.getMetadata().getAnnotations()).containsEntry("note", "hello");
    assertThat(kubectl("get", "widgets", "-l", "team in (blue,red)", "-o", "name").ok().out().trim())
        .isEqualTo("widget.example.com/kw1");

    assertThat(kubectl("delete", "widget", "kw1").ok().out()).contains("deleted");
    assertThat(widget("kw1")).isNull();
  }

  @Test
  void applyOfCustomResourceWithUnderscoreInNameFailsWithServerMessage() throws IOException {
    Path file = dir.resolve("bad-name.yaml");
    Files.writeString(file, """
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: infra-worker_Zone
        spec:
          replicas: 1
        """);
    Run run = kubectl("apply", "-f", file.toString());
    assertThat(run.exit()).isNotZero();
    // kubectl words it from the Status details, as it does against a real server.
    assertThat(run.err()).contains("The Widget \"infra-worker_Zone\" is invalid: metadata.name: Invalid "
        + "value: \"infra-worker_Zone\": " + ObjectMetaValidationTest.SUBDOMAIN_MSG);
    assertThat(widget("infra-worker_Zone")).isNull();
  }

  @Test
  void cordonDrainAndPdbBlockedDrain() throws IOException {
    Path file = dir.resolve("cluster.yaml");
    Files.writeString(file, """
        apiVersion: v1
        kind: Node
        metadata:
          name: kn1
          labels: {node-role.kubernetes.io/worker: ""}
        status:
          conditions: [{type: Ready, status: "True"}]
          addresses: [{type: InternalIP, address: 10.0.0.1}]
          nodeInfo: {kubeletVersion: v1.32.0}
        ---
        apiVersion: v1
        kind: Node
        metadata:
          name: kn2
        status:
          conditions: [{type: Ready, status: "True"}]
        ---
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: krs}
        spec:
          selector: {matchLabels: {app: k}}
          template: {metadata: {labels: {app: k}}, spec: {containers: [{name: c, image: i}]}}
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: kds}
        spec:
          selector: {matchLabels: {app: kds}}
          template: {metadata: {labels: {app: kds}}, spec: {containers: [{name: c, image: i}]}}
        """);
    kubectl("apply", "-f", file.toString()).ok();
    String rsUid = kubectl("get", "rs", "krs", "-o", "jsonpath={.metadata.uid}").ok().out();
    String dsUid = kubectl("get", "ds", "kds", "-o", "jsonpath={.metadata.uid}").ok().out();
    applyPod("kp1", "kn1", "k", "ReplicaSet", "krs", rsUid, "10.1.0.1");
    applyPod("kp2", "kn1", "k", "ReplicaSet", "krs", rsUid, "10.1.0.2");
    applyPod("kds-1", "kn1", "kds", "DaemonSet", "kds", dsUid, "10.1.0.3");
    applyPod("kp3", "kn2", "guarded", "ReplicaSet", "krs", rsUid, "10.1.0.4");
    applyPod("kp4", "kn2", "guarded", "ReplicaSet", "krs", rsUid, "10.1.0.5");

    assertThat(kubectl("get", "pods", "-o", "wide").ok().out()).containsPattern("kp1\\s+0/1\\s+Running.*10\\.1\\.0\\.1\\s+kn1");
    assertThat(kubectl("cordon", "kn1").ok().out()).contains("cordoned");
    assertThat(kubectl("get", "nodes").ok().out()).containsPattern("kn1\\s+Ready,SchedulingDisabled\\s+worker")
        .containsPattern("kn2\\s+Ready\\s+<none>");

    Run drained = kubectl("drain", "kn1", "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=30s").ok();
    assertThat(drained.out()).contains("node/kn1 drained");
    assertThat(client.pods().withName("kp1").get()).isNull();
    assertThat(client.pods().withName("kp2").get()).isNull();
    assertThat(client.pods().withName("kds-1").get()).as("DaemonSet pods are ignored").isNotNull();

    Path pdb = dir.resolve("pdb.yaml");
    Files.writeString(pdb, """
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: guarded}
        spec:
          minAvailable: 2
          selector: {matchLabels: {app: guarded}}
        """);
    kubectl("apply", "-f", pdb.toString()).ok();
    Run blocked = kubectl("drain", "kn2", "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=5s");
    assertThat(blocked.exit()).isNotZero();
    assertThat(blocked.err()).contains("Cannot evict pod as it would violate the pod's disruption budget");
    assertThat(client.pods().withName("kp3").get()).isNotNull();
  }

  @Test
  void serverSideApplyCreatesAndUpdates() throws IOException {
    Path file = dir.resolve("ssa.yaml");
    Files.writeString(file, """
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: kssa
        spec:
          replicas: 1
        """);
    kubectl("apply", "--server-side", "-f", file.toString()).ok();
    Files.writeString(file, Files.readString(file).replace("replicas: 1", "replicas: 6"));
    kubectl("apply", "--server-side", "--force-conflicts", "-f", file.toString()).ok();
    assertThat(widget("kssa").get("spec", "replicas").toString()).isEqualTo("6");
  }

  @Test
  void serverDryRunsScaleDiffAndApplyWithoutChangingTheObject() throws IOException {
    Path file = dir.resolve("dry.json");
    Files.writeString(file, widgetJson("kdry", 3));
    kubectl("apply", "-f", file.toString()).ok();
    String version = widget("kdry").getMetadata().getResourceVersion();

    assertThat(kubectl("scale", "widget", "kdry", "--replicas=5", "--dry-run=server").ok().out())
        .contains("scaled (server dry run)");
    Files.writeString(file, widgetJson("kdry", 5));
    Run diff = kubectl("diff", "-f", file.toString());
    assertThat(diff.exit()).as("kubectl diff: %s", diff.err()).isEqualTo(1);
    assertThat(diff.out()).contains("-  replicas: 3").contains("+  replicas: 5");
    assertThat(kubectl("apply", "--dry-run=server", "-f", file.toString()).ok().out())
        .contains("configured (server dry run)");

    GenericKubernetesResource after = widget("kdry");
    assertThat(after.get("spec", "replicas").toString()).isEqualTo("3");
    assertThat(after.getMetadata().getResourceVersion()).isEqualTo(version);

    Files.writeString(file, widgetJson("kdry-new", 5));
    assertThat(kubectl("diff", "-f", file.toString()).exit()).isEqualTo(1);
    assertThat(kubectl("apply", "--dry-run=server", "-f", file.toString()).ok().out())
        .contains("created (server dry run)");
    assertThat(widget("kdry-new")).isNull();
  }

  @Test
  void applyViolatingTheSchemaIsRefusedNamingTheField() throws IOException {
    Path file = dir.resolve("invalid.yaml");
    Files.writeString(file, """
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: kbad
        spec:
          replicas: -1
        """);
    Run refused = kubectl("apply", "-f", file.toString());
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.err()).contains("spec.replicas").contains("greater than or equal to 0");
    assertThat(widget("kbad")).isNull();
  }

  @Test
  void authCanIAnswersYes() {
    assertThat(kubectl("auth", "can-i", "update", "leases.coordination.k8s.io").ok().out().trim()).isEqualTo("yes");
  }

  @Test
  void streamingWatchEndsAfterTheListWithAClearMessage() {
    Run watch = kubectl("get", "widgets", "-w", "--request-timeout=5s");
    assertThat(watch.out()).contains("cannot stream watches over plain HTTP");
  }

  @Test
  void deleteWaitsForTheObjectToGoByListingAgain() throws IOException {
    Path file = dir.resolve("kdelete.yaml");
    Files.writeString(file, """
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: kdelete
        spec:
          replicas: 1
        """);
    kubectl("apply", "-f", file.toString());

    Run deleted = kubectl("delete", "widget", "kdelete", "--timeout=20s");

    assertThat(deleted.exit()).isZero();
    assertThat(deleted.out()).contains("deleted");
    assertThat(deleted.err()).doesNotContain("Error");
    assertThat(widget("kdelete")).isNull();
  }

  @Test
  void deleteWithCascadeOrphanLeavesTheDependentsWithoutTheOwnerReference() throws IOException {
    apply("""
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: korphan
        """).ok();
    String uid = kubectl("get", "widget", "korphan", "-o", "jsonpath={.metadata.uid}").ok().out();
    for (String name : List.of("korphan-a", "korphan-b")) {
      apply("""
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: %s
            ownerReferences:
            - {apiVersion: example.com/v1, kind: Widget, name: korphan, uid: %s, blockOwnerDeletion: true}
          """.formatted(name, uid)).ok();
    }

    assertThat(kubectl("delete", "widget", "korphan", "--cascade=orphan", "--timeout=20s").ok().out())
        .contains("deleted");

    assertThat(widget("korphan")).isNull();
    server.collectGarbage();
    for (String name : List.of("korphan-a", "korphan-b")) {
      assertThat(kubectl("get", "configmap", name, "-o", "jsonpath={.metadata.ownerReferences}").ok().out())
          .isEmpty();
    }
  }

  private void applyPod(String name, String node, String app, String ownerKind, String owner, String ownerUid,
      String ip) throws IOException {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
          labels: {app: %s}
          ownerReferences:
          - {apiVersion: apps/v1, kind: %s, name: %s, uid: %s, controller: true}
        spec:
          nodeName: %s
          containers: [{name: c, image: i}]
        status:
          phase: Running
          podIP: %s
          conditions: [{type: Ready, status: "True"}]
        """.formatted(name, app, ownerKind, owner, ownerUid, node, ip));
    kubectl("apply", "-f", file.toString()).ok();
  }

  @Test
  void aSecretAppliedWithStringDataIsStoredAsDataOfTypeOpaque() throws IOException {
    apply("""
        apiVersion: v1
        kind: Secret
        metadata: {name: creds, namespace: default}
        data: {kept: a2VwdA==, replaced: b2xk}
        stringData: {aws_access_key_id: AKIDEXAMPLE, replaced: new}
        """).ok();

    Secret secret = client.secrets().inNamespace("default").withName("creds").get();
    assertThat(secret.getStringData()).as("stringData is write-only").isNullOrEmpty();
    assertThat(secret.getData()).containsOnly(entry("kept", "a2VwdA=="), entry("replaced", "bmV3"),
        entry("aws_access_key_id", "QUtJREVYQU1QTEU="));
    assertThat(secret.getType()).isEqualTo("Opaque");
    assertThat(kubectl("get", "secret", "creds", "-n", "default", "-o", "jsonpath={.data.aws_access_key_id}").ok()
        .out()).isEqualTo("QUtJREVYQU1QTEU=");
  }

  @Test
  void secretDataIsStoredAsCanonicalBase64AndInvalidDataIsRefused() throws IOException {
    // kustomize's secretGenerator wraps long values over several lines
    String wrapped = """
        apiVersion: v1
        kind: Secret
        metadata: {name: wrapped, namespace: default}
        data:
          userData: |
            eyJpZ25pdGlvbiI6eyJ2ZXJzaW9uIjoiMy4y
            LjAifX0=
        """;
    apply(wrapped).ok();

    assertThat(client.secrets().inNamespace("default").withName("wrapped").get().getData())
        .containsOnly(entry("userData", "eyJpZ25pdGlvbiI6eyJ2ZXJzaW9uIjoiMy4yLjAifX0="));

    Run refused = apply(wrapped.replace("name: wrapped", "name: broken").replace("LjAifX0=", "LjAifX0=!"));
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.err()).contains("Secret data[userData]: illegal base64 data");
    assertThat(client.secrets().inNamespace("default").withName("broken").get()).isNull();
  }

  @Test
  void aNewNamespaceIsActiveAndStaysActiveWhenApplied() throws IOException {
    String namespace = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: applied, labels: {team: a}}
        """;

    apply(namespace).ok();
    apply(namespace.replace("team: a", "team: b")).ok();

    assertThat(kubectl("get", "namespace", "applied", "-o", "jsonpath={.status.phase} {.metadata.labels.team}").ok()
        .out()).isEqualTo("Active b");
  }

  @Test
  void createOfBuiltinKindsSendsProtobufAndIsStoredWithItsData() throws IOException, InterruptedException {
    // kubectl's typed create commands post protobuf bodies (application/vnd.kubernetes.protobuf).
    assertThat(kubectl("create", "namespace", "kproto").ok().out()).contains("namespace/kproto created");
    assertThat(kubectl("-n", "kproto", "create", "secret", "generic", "s", "--from-literal=a=b",
        "--from-literal=empty=").ok().out()).contains("secret/s created");
    Path key = dir.resolve("tls.key");
    Path cert = dir.resolve("tls.crt");
    Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
        "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "1",
        "-subj", "/CN=kproto").redirectErrorStream(true).redirectOutput(dir.resolve("openssl.out").toFile()).start();
    assertThat(openssl.waitFor(30, TimeUnit.SECONDS) && openssl.exitValue() == 0).as("openssl made a cert").isTrue();
    kubectl("-n", "kproto", "create", "secret", "tls", "t", "--cert", cert.toString(), "--key", key.toString()).ok();
    kubectl("-n", "kproto", "create", "configmap", "c", "--from-literal=a=b", "--from-literal=x=y").ok();
    kubectl("-n", "kproto", "create", "serviceaccount", "sa").ok();
    kubectl("-n", "kproto", "create", "deployment", "d", "--image=nginx", "--replicas=2").ok();

    assertThat(client.namespaces().withName("kproto").get().getStatus().getPhase()).isEqualTo("Active");
    Secret generic = client.secrets().inNamespace("kproto").withName("s").get();
    assertThat(generic.getType()).isEqualTo("Opaque");
    assertThat(generic.getData()).containsOnly(entry("a", "Yg=="), entry("empty", ""));
    Secret tls = client.secrets().inNamespace("kproto").withName("t").get();
    assertThat(tls.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(new String(java.util.Base64.getDecoder().decode(tls.getData().get("tls.crt")), StandardCharsets.UTF_8))
        .isEqualTo(Files.readString(cert));
    assertThat(client.configMaps().inNamespace("kproto").withName("c").get().getData())
        .containsOnly(entry("a", "b"), entry("x", "y"));
    assertThat(client.serviceAccounts().inNamespace("kproto").withName("sa").get()).isNotNull();
    var deployment = client.apps().deployments().inNamespace("kproto").withName("d").get();
    assertThat(deployment.getMetadata().getLabels()).containsOnly(entry("app", "d"));
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(deployment.getSpec().getSelector().getMatchLabels()).containsOnly(entry("app", "d"));
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx");
    assertThat(deployment.getMetadata().getCreationTimestamp()).isNotBlank();
    assertThat(kubectl("-n", "kproto", "get", "secret", "s", "-o", "jsonpath={.data.a} {.type}").ok().out())
        .isEqualTo("Yg== Opaque");

    Run again = kubectl("-n", "kproto", "create", "configmap", "c", "--from-literal=a=b");
    assertThat(again.exit()).isNotZero();
    assertThat(again.err()).contains("configmaps \"c\" already exists");
  }

  @Test
  void getEventsAndSecretsPrintTheServerColumnsAndListsComeInNameOrder() {
    kubectl("create", "namespace", "kcols").ok();
    client.v1().events().inNamespace("kcols").resource(new io.fabric8.kubernetes.api.model.EventBuilder()
        .withNewMetadata().withName("m1.17f").endMetadata().withType("Warning").withReason("FailedCreate")
        .withMessage("no capacity").withNewInvolvedObject().withKind("Machine").withName("m1").endInvolvedObject()
        .withLastTimestamp(java.time.Instant.now().minusSeconds(120).toString()).withCount(2).build()).create();
    for (String name : List.of("zeta", "alpha", "mid")) {
      kubectl("-n", "kcols", "create", "secret", "generic", name, "--from-literal=k=v").ok();
    }

    List<String> events = lines(kubectl("-n", "kcols", "get", "events").ok().out());
    assertThat(events.get(0)).containsPattern("^LAST SEEN\\s+TYPE\\s+REASON\\s+OBJECT\\s+MESSAGE$");
    assertThat(events.get(1)).containsPattern("^2m\\d*s?\\s+Warning\\s+FailedCreate\\s+machine/m1\\s+no capacity$");
    assertThat(kubectl("-n", "kcols", "get", "events", "-o", "wide").ok().out())
        .containsPattern("SUBOBJECT\\s+SOURCE\\s+MESSAGE\\s+FIRST SEEN\\s+COUNT\\s+NAME");
    List<String> secrets = lines(kubectl("-n", "kcols", "get", "secrets").ok().out());
    assertThat(secrets.get(0)).containsPattern("^NAME\\s+TYPE\\s+DATA\\s+AGE$");
    assertThat(secrets.subList(1, secrets.size())).satisfiesExactly(
        l -> assertThat(l).containsPattern("^alpha\\s+Opaque\\s+1\\s+\\d+s$"),
        l -> assertThat(l).startsWith("mid "),
        l -> assertThat(l).startsWith("zeta "));
    assertThat(lines(kubectl("get", "namespaces").ok().out()).get(0)).containsPattern("^NAME\\s+STATUS\\s+AGE$");
  }

  /** {@code kubectl apply -f} of one YAML document. */
  private static Run apply(String yaml) throws IOException {
    Path file = dir.resolve("applied.yaml");
    Files.writeString(file, yaml);
    return kubectl("apply", "-f", file.toString());
  }

  private static GenericKubernetesResource widget(String name) {
    return client.genericKubernetesResources("example.com/v1", "Widget").inNamespace("default").withName(name).get();
  }

  static Run kubectl(String... args) {
    List<String> command = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig",
        dir.resolve("kubeconfig").toString(), "--cache-dir", dir.resolve("cache").toString()));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectOutput(dir.resolve("out").toFile())
          .redirectError(dir.resolve("err").toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("kubectl " + String.join(" ", args) + " did not finish in 60 s");
      }
      return new Run(process.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
          Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<String> lines(String text) {
    return List.of(text.split("\n"));
  }

  @Test
  void unknownFieldsAreRefusedByDefaultWarnedWithValidateWarnAndDroppedWithValidateFalse() throws IOException {
    Path file = dir.resolve("typo.yaml");
    Files.writeString(file, """
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: typo
        spec:
          replica: 3
        """);

    Run refused = kubectl("apply", "-f", file.toString());
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.err()).contains("Error from server (BadRequest): error when creating \"" + file
        + "\": Widget in version \"v1\" cannot be handled as a Widget: strict decoding error: unknown field "
        + "\"spec.replica\"");
    assertThat(widget("typo")).isNull();

    Run warned = kubectl("apply", "--validate=warn", "-f", file.toString()).ok();
    assertThat(warned.err()).contains("Warning: unknown field \"spec.replica\"");
    assertThat(warned.out()).contains("widget.example.com/typo created");
    assertThat(widget("typo").get("spec", "replicas").toString()).as("the typo was dropped").isEqualTo("1");

    Files.writeString(file, Files.readString(file).replace("replica: 3", "replica: 3\n  size: large"));
    Run patchRefused = kubectl("apply", "-f", file.toString());
    assertThat(patchRefused.exit()).isNotZero();
    assertThat(patchRefused.err()).contains("strict decoding error: unknown field \"spec.replica\"");
    assertThat(widget("typo").get("spec", "size").toString()).isEqualTo("small");

    Run ignored = kubectl("apply", "--validate=false", "-f", file.toString()).ok();
    assertThat(ignored.err()).doesNotContain("Warning");
    assertThat(widget("typo").get("spec", "size").toString()).isEqualTo("large");
  }

  @Test
  void unknownFieldsOfBuiltinKindsAreRefused() throws IOException {
    Run refused = apply("""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: typo-cm
        dta:
          k: v
        """);
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.err()).contains("Error from server (BadRequest): error when creating ")
        .contains("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: "
            + "unknown field \"dta\"");
    assertThat(client.configMaps().inNamespace("default").withName("typo-cm").get()).isNull();

    Run pod = apply("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: typo-pod
        spec:
          containers:
            - name: c
              image: busybox
              imagePolicy: Always
        """);
    assertThat(pod.exit()).isNotZero();
    assertThat(pod.err()).contains("unknown field \"spec.containers[0].imagePolicy\"");
  }

  /**
   * {@code kubectl drain} of a Node with 4 of the 20 replicas of a ReplicaSet under {@code maxUnavailable: 1}: the
   * test plays ReplicaSet controller and kubelet (a missing replica is replaced on the other Node, unready, and is
   * Ready a second later) and checks that at no point more than one replica is unavailable.
   */
  @Test
  void drainUnderMaxUnavailableOneNeverHasMoreThanOneReplicaUnavailable() throws Exception {
    String app = "kpdb";
    for (String node : List.of("kpdb-a", "kpdb-b")) {
      client.nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName(node)
          .endMetadata().withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
          .endStatus().build()).create();
    }
    String rsUid = client.apps().replicaSets().inNamespace("default").resource(
        new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder().withNewMetadata().withName(app).endMetadata()
            .withNewSpec().withReplicas(20).withNewSelector().addToMatchLabels("app", app).endSelector()
            .withNewTemplate().withNewMetadata().addToLabels("app", app).endMetadata().withNewSpec()
            .addNewContainer().withName("c").withImage("i").endContainer().endSpec().endTemplate().endSpec()
            .build()).create().getMetadata().getUid();
    for (int i = 0; i < 20; i++) {
      kpdbReplica(rsUid, app + "-" + i, i < 4 ? "kpdb-a" : "kpdb-b", true);
    }
    client.policy().v1().podDisruptionBudget().inNamespace("default").resource(
        new io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder().withNewMetadata().withName(app)
            .endMetadata().withNewSpec().withMaxUnavailable(new io.fabric8.kubernetes.api.model.IntOrString(1))
            .withNewSelector().addToMatchLabels("app", app).endSelector().endSpec().build()).create();

    Process drain = new ProcessBuilder(KUBECTL.toString(), "--kubeconfig", dir.resolve("kubeconfig").toString(),
        "--cache-dir", dir.resolve("cache").toString(), "drain", "kpdb-a", "--ignore-daemonsets",
        "--delete-emptydir-data", "--timeout=100s").redirectOutput(dir.resolve("kpdb-out").toFile())
        .redirectError(dir.resolve("kpdb-err").toFile()).start();
    java.util.concurrent.atomic.AtomicInteger worst = new java.util.concurrent.atomic.AtomicInteger();
    java.util.Map<String, java.time.Instant> replacements = new java.util.HashMap<>();
    try {
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(110))
          .pollInterval(java.time.Duration.ofMillis(200)).until(() -> {
            List<io.fabric8.kubernetes.api.model.Pod> pods = client.pods().inNamespace("default")
                .withLabel("app", app).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
            long ready = pods.stream().filter(p -> p.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"))).count();
            worst.accumulateAndGet(20 - (int) ready, Math::max);
            // kubelet: a replacement is Ready a second after it was created
            replacements.forEach((name, created) -> {
              if (created != null && created.plusSeconds(1).isBefore(java.time.Instant.now())) {
                client.pods().inNamespace("default").withName(name).editStatus(p -> {
                  p.getStatus().getConditions().get(0).setStatus("True");
                  return p;
                });
                replacements.put(name, null);
              }
            });
            // ReplicaSet controller: replace what is missing, on the Node that stays
            for (int missing = 20 - pods.size(); missing > 0; missing--) {
              String name = app + "-r" + replacements.size();
              kpdbReplica(rsUid, name, "kpdb-b", false);
              replacements.put(name, java.time.Instant.now());
            }
            return !drain.isAlive();
          });
    } finally {
      drain.destroyForcibly();
    }

    assertThat(drain.exitValue()).as(Files.readString(dir.resolve("kpdb-err"))).isZero();
    assertThat(worst.get()).as("most replicas unavailable at once").isEqualTo(1);
    assertThat(Files.readString(dir.resolve("kpdb-out"))).contains("node/kpdb-a drained");
    assertThat(Files.readString(dir.resolve("kpdb-err")))
        .contains("Cannot evict pod as it would violate the pod's disruption budget");
    assertThat(replacements).hasSize(4);
  }

  private static void kpdbReplica(String rsUid, String name, String node, boolean ready) {
    client.pods().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
        .withName(name).addToLabels("app", "kpdb").addNewOwnerReference().withApiVersion("apps/v1")
        .withKind("ReplicaSet").withName("kpdb").withUid(rsUid).withController(true).endOwnerReference()
        .endMetadata().withNewSpec().withNodeName(node).addNewContainer().withName("c").withImage("i").endContainer()
        .endSpec().withNewStatus().withPhase("Running").addNewCondition().withType("Ready")
        .withStatus(ready ? "True" : "False").endCondition().endStatus().build()).create();
  }

  @Test
  void creatingInAMissingNamespaceIsRefusedAsByARealServer() throws IOException {
    Path file = dir.resolve("missing-ns.yaml");
    Files.writeString(file, """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: stray, namespace: kns-missing}
        """);

    Run run = kubectl("apply", "-f", file.toString());

    assertThat(run.exit()).isNotZero();
    assertThat(run.err()).contains("Error from server (NotFound)").contains("namespaces \"kns-missing\" not found");
    assertThat(client.configMaps().inNamespace("kns-missing").withName("stray").get()).isNull();
  }

  @Test
  void deletingANamespaceDeletesItsConfigMapAndWidgetAndThenTheNamespace() throws IOException {
    Path file = dir.resolve("ns-content.yaml");
    Files.writeString(file, """
        apiVersion: v1
        kind: Namespace
        metadata: {name: kns-doomed}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cm, namespace: kns-doomed}
        ---
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: w, namespace: kns-doomed}
        spec: {replicas: 1}
        """);
    kubectl("apply", "-f", file.toString()).ok();
    assertThat(kubectl("get", "configmap,widgets", "-n", "kns-doomed", "-o", "name").ok().out())
        .contains("configmap/cm").contains("widget.example.com/w");

    assertThat(kubectl("delete", "namespace", "kns-doomed", "--timeout=30s").ok().out())
        .contains("namespace \"kns-doomed\" deleted");

    Run gone = kubectl("get", "namespace", "kns-doomed");
    assertThat(gone.exit()).isNotZero();
    assertThat(gone.err()).contains("Error from server (NotFound): namespaces \"kns-doomed\" not found");
    assertThat(kubectl("get", "configmaps,widgets", "-n", "kns-doomed", "-o", "name").ok().out()).isBlank();
    assertThat(kubectl("delete", "namespace", "kube-system").err())
        .contains("Error from server (Forbidden): namespaces \"kube-system\" is forbidden: this namespace may not "
            + "be deleted");
  }

  @Test
  void admissionWebhookWarningsAndDenialsReachKubectl() throws Exception {
    try (TestWebhookServer webhook = new TestWebhookServer()) {
      webhook.answer(request -> {
        if (request.path("name").asText().equals("kwh-refused")) {
          return TestWebhookServer.deny(403, "gadget kwh-refused is not allowed");
        }
        com.fasterxml.jackson.databind.node.ObjectNode allowed = TestWebhookServer.allow();
        allowed.putArray("warnings").add("gadgets are deprecated");
        return allowed;
      });
      Path configuration = dir.resolve("webhook.yaml");
      Files.writeString(configuration, """
          apiVersion: admissionregistration.k8s.io/v1
          kind: ValidatingWebhookConfiguration
          metadata: {name: kwh}
          webhooks:
          - name: kwh.example.com
            clientConfig: {url: "%s", caBundle: %s}
            rules:
            - {operations: [CREATE], apiGroups: [example.com], apiVersions: [v1], resources: [gadgets]}
            objectSelector: {matchLabels: {kwh: "on"}}
            sideEffects: None
            admissionReviewVersions: [v1]
          """.formatted(webhook.url("/validate"), webhook.caBundle()));
      Path gadgets = dir.resolve("kwh-gadgets.yaml");
      Files.writeString(gadgets, """
          apiVersion: example.com/v1
          kind: Gadget
          metadata: {name: kwh-allowed, labels: {kwh: "on"}}
          """);
      Path refused = dir.resolve("kwh-refused.yaml");
      Files.writeString(refused, """
          apiVersion: example.com/v1
          kind: Gadget
          metadata: {name: kwh-refused, labels: {kwh: "on"}}
          """);
      try {
        kubectl("apply", "-f", configuration.toString()).ok();

        Run allowed = kubectl("apply", "-f", gadgets.toString()).ok();
        assertThat(allowed.err()).contains("Warning: gadgets are deprecated");
        Run denied = kubectl("apply", "-f", refused.toString());
        assertThat(denied.exit()).isNotZero();
        assertThat(denied.err()).contains("admission webhook \"kwh.example.com\" denied the request: "
            + "gadget kwh-refused is not allowed");
        assertThat(kubectl("get", "gadgets", "-o", "name").ok().out()).contains("gadget.example.com/kwh-allowed")
            .doesNotContain("kwh-refused");
      } finally {
        kubectl("delete", "-f", configuration.toString()).ok();
      }
    }
  }
}
