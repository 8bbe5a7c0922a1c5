package io.machineapi.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.machineapi.crds.CustomResourceDefinitions;
import io.machineapi.test.rbac.Manifests;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Installing the operator the way the manifests' README says, into the sandbox's API (which already has the CRDs
 * and the namespace, as a cluster upgraded in place would): {@code kubectl apply -k manifests/overlays/aws} creates
 * every object, and applying again changes nothing.
 */
class SandboxManifestsScenarioIT extends SandboxScenario {
  static final Path MANIFESTS = Path.of(System.getProperty("manifests.dir", "../manifests"));
  static final Path AWS = MANIFESTS.resolve("overlays/aws");

  @Test
  void theAwsOverlayIsAppliedAndReappliedUnchanged() {
    List<HasMetadata> rendered = Manifests.parse(kubectl.ok("kustomize", AWS.toString()));

    String applied = kubectl.ok("apply", "-k", AWS.toString());

    for (HasMetadata object : rendered) {
      assertThat(applied).as("kubectl apply output names %s %s", object.getKind(), object.getMetadata().getName())
          .containsPattern("(?m)^" + object.getKind().toLowerCase(java.util.Locale.ROOT) + "[.a-z0-9]*/"
              + java.util.regex.Pattern.quote(object.getMetadata().getName()) + " (created|configured|unchanged)$");
      assertThat(client.resource(object).get()).as("%s %s stored", object.getKind(), object.getMetadata().getName())
          .isNotNull();
    }
    Deployment deployment = client.apps().deployments().inNamespace(NS).withName("machine-api-controllers").get();
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .contains("--leader-elect=true", "--provider=aws");
    assertThat(client.secrets().inNamespace(NS).withName("aws-cloud-credentials").get()).extracting(Secret::getType)
        .isEqualTo("Opaque");
    assertThat(client.rbac().clusterRoles().withName("machine-api-controllers").get()).extracting(ClusterRole::getRules)
        .asList().isNotEmpty();
    assertThat(client.rbac().roles().inNamespace(NS).withName("machine-api-controllers").get())
        .extracting(Role::getRules).asList().isNotEmpty();

    String again = kubectl.ok("apply", "-k", AWS.toString());

    assertThat(again.lines().toList()).hasSize(rendered.size()).allMatch(line -> line.endsWith(" unchanged"));
  }

  @Test
  void theOverlayInstallsEveryGeneratedCrd() {
    List<String> crds = Manifests.parse(kubectl.ok("kustomize", AWS.toString())).stream()
        .filter(o -> o.getKind().equals("CustomResourceDefinition")).map(o -> o.getMetadata().getName()).toList();

    assertThat(crds).as("manifests/crds/kustomization.yaml lists every generated CRD")
        .containsExactlyInAnyOrderElementsOf(CustomResourceDefinitions.all().stream()
            .map(crd -> crd.getMetadata().getName()).toList());
  }
}
