package io.machineapi.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.machineapi.apiserver.AccessRecording;
import io.machineapi.apiserver.RequestAttributes;
import io.machineapi.sandbox.Sandbox;
import io.machineapi.test.rbac.Manifests;
import io.machineapi.test.rbac.RbacCoverage;
import io.machineapi.test.rbac.RbacPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves the RBAC of {@code manifests/overlays/aws} against what the controllers did: every sandbox of this module's
 * scenario ITs, and of the cli module's ITs that run {@code machine-api run} against one, recorded the requests of
 * the controllers' client into a directory of {@value #RECORDING_DIRS_PROPERTY}; run after all of them (failsafe
 * execution {@code rbac-coverage}, phase post-integration-test), this checks that the Deployment's ServiceAccount is
 * allowed every recorded request and is granted nothing else: no unused, redundant, wildcard or needlessly
 * cluster-wide grant and no unbound role.
 */
class RbacCoverageIT {

  /**
   * Grants only {@code machine-api run} uses (leader election; the start-up check for the Machine CRD; the webhook
   * CA put into the webhook configurations' caBundle), proven by the cli module's recordings (its FailoverIT runs
   * {@code machine-api run} processes against a sandbox, its WebhookServerIT the webhook start-up). When
   * those are absent ({@code -pl test}), they are reported, not failed, while the recordings hold no Lease request
   * at all; once one does, they must all be used.
   */
  private static final Set<String> RUN_ONLY_RESOURCES = Set.of("leases", "customresourcedefinitions",
      "validatingwebhookconfigurations", "mutatingwebhookconfigurations");

  /** Comma-separated directories of recordings to check (default: {@value Sandbox#ACCESS_RECORDING_DIR_PROPERTY}). */
  static final String RECORDING_DIRS_PROPERTY = "machineapi.rbac.recording.dirs";

  static List<HasMetadata> rendered;
  static RbacPolicy.User serviceAccount;
  static String namespace;
  static List<RequestAttributes> recorded;

  @BeforeAll
  static void renderAndRead() throws IOException {
    Kubectl.requireBinary();
    Kubectl kubectl = new Kubectl(Path.of("/dev/null"));
    rendered = Manifests.parse(kubectl.ok("kustomize", SandboxManifestsScenarioIT.AWS.toString()));
    Deployment deployment = rendered.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
        .filter(d -> d.getMetadata().getName().equals("machine-api-controllers")).findFirst().orElseThrow();
    namespace = deployment.getMetadata().getNamespace();
    serviceAccount = RbacPolicy.User.serviceAccount(namespace,
        deployment.getSpec().getTemplate().getSpec().getServiceAccountName());
    String dirs = System.getProperty(RECORDING_DIRS_PROPERTY,
        System.getProperty(Sandbox.ACCESS_RECORDING_DIR_PROPERTY, "target/rbac-recording"));
    List<Path> files = new ArrayList<>();
    for (String dir : dirs.split(",")) {
      if (Files.isDirectory(Path.of(dir))) {
        try (Stream<Path> listed = Files.list(Path.of(dir))) {
          listed.filter(f -> f.toString().endsWith(".jsonl")).sorted().forEach(files::add);
        }
      }
    }
    System.err.println("RBAC check reads " + files.size() + " recordings from " + dirs);
    recorded = files.stream().flatMap(f -> AccessRecording.read(f).stream()).distinct().toList();
    assertThat(recorded).as("requests recorded in %s (run the scenario ITs first)", dirs).isNotEmpty();
  }

  @Test
  void theServiceAccountIsGrantedExactlyWhatTheControllersDid() throws IOException {
    RbacCoverage coverage = RbacCoverage.check(RbacPolicy.of(rendered), defaultRoles(), serviceAccount,
        namespace, recorded);

    boolean runRecorded = recorded.stream().anyMatch(r -> r.resource().equals("leases"));
    List<RbacCoverage.Grant> unproven = coverage.unused().stream()
        .filter(g -> !runRecorded && RUN_ONLY_RESOURCES.contains(g.resource())).toList();
    if (!unproven.isEmpty()) {
      System.err.println("*** RBAC: no IT ran `machine-api run` against a sandbox; these grants are unproven: "
          + unproven + " ***");
    }
    RbacCoverage checked = new RbacCoverage(coverage.denied(),
        coverage.unused().stream().filter(g -> !unproven.contains(g)).toList(), coverage.redundant(),
        coverage.tooBroad(), coverage.wildcards(), coverage.unboundRoles());
    assertThat(checked.exact()).as("RBAC of %s against %d recorded requests:%n%s", serviceAccount.name(),
        recorded.size(), checked.report()).isTrue();
  }

  @Test
  void theRecordingCoversEveryKindTheControllersOwn() {
    Set<String> resources = new TreeSet<>();
    recorded.stream().filter(RequestAttributes::resourceRequest).forEach(r -> resources.add(r.resource()));

    assertThat(resources).contains("machines", "machinesets", "machinehealthchecks", "machineautoscalers",
        "clusterautoscalers", "nodes", "pods", "events", "secrets");
  }

  private static RbacPolicy defaultRoles() throws IOException {
    try (InputStream in = RbacCoverageIT.class.getResourceAsStream("/rbac/kubernetes-default-roles.yaml")) {
      return RbacPolicy.of(Manifests.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    }
  }
}
