package io.machineapi.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.machineapi.controllers.admission.AdmissionWebhooks;
import io.machineapi.crds.CustomResourceDefinitions;
import io.machineapi.test.rbac.Manifests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
          .containsPattern("(?m)^" + object.getKind().toLowerCase(Locale.ROOT) + "[.a-z0-9]*/"
              + Pattern.quote(object.getMetadata().getName()) + " (created|configured|unchanged)$");
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

    // A Secret is "configured" again, as on a real server: kustomize wraps long base64 values over several lines,
    // the server answers them canonically, and kubectl sees a difference. Its content is unchanged.
    assertThat(again.lines().toList()).hasSize(rendered.size())
        .allMatch(line -> line.endsWith(" unchanged") || line.startsWith("secret/") && line.endsWith(" configured"));
    for (Secret secret : rendered.stream().filter(Secret.class::isInstance).map(Secret.class::cast).toList()) {
      assertThat(decoded(client.secrets().inNamespace(NS).withName(secret.getMetadata().getName()).get()))
          .isEqualTo(decoded(secret));
    }
  }

  /** The Secret's data decoded; line breaks in a value (as kustomize writes them) are allowed. */
  private static Map<String, String> decoded(Secret secret) {
    Map<String, String> decoded = new TreeMap<>();
    secret.getData().forEach((k, v) -> decoded.put(k, new String(Base64.getMimeDecoder().decode(v),
        StandardCharsets.UTF_8)));
    return decoded;
  }

  @ParameterizedTest
  @ValueSource(strings = {"sim", "aws"})
  void eachOverlayRunsTwoHardenedReplicasWithLeaderElectionProbesAndItsProvider(String provider) {
    Deployment deployment = Manifests.parse(kubectl.ok("kustomize", MANIFESTS.resolve("overlays/" + provider)
        .toString())).stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).findFirst()
        .orElseThrow();

    assertThat(deployment.getMetadata().getNamespace()).isEqualTo(NS);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("machine-api-controllers");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    Container container = pod.getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("machine-api:VERSION");
    assertThat(container.getArgs()).containsExactly("run", "--leader-elect=true", "--health-port=9440",
        "--metrics-port=8081", "--webhook-port=9443", "--provider=" + provider);
    SecurityContext security = container.getSecurityContext();
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/tmp"));
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort).containsExactlyInAnyOrder(9440, 8081,
        9443);
    assertThat(container.getEnv()).anyMatch(e -> e.getName().equals("POD_NAMESPACE")
        && e.getValueFrom().getFieldRef().getFieldPath().equals("metadata.namespace"));
  }

  @Test
  void theWebhookConfigurationsCallEveryWebhookTheOperatorServesThroughItsService() {
    List<HasMetadata> objects = Manifests.parse(kubectl.ok("kustomize", AWS.toString()));
    List<io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig> configs = new ArrayList<>();
    objects.stream().filter(ValidatingWebhookConfiguration.class::isInstance)
        .map(ValidatingWebhookConfiguration.class::cast).flatMap(c -> c.getWebhooks().stream()).forEach(w -> {
          assertThat(w.getSideEffects()).isEqualTo("None");
          assertThat(w.getAdmissionReviewVersions()).containsExactly("v1");
          configs.add(w.getClientConfig());
        });
    objects.stream().filter(MutatingWebhookConfiguration.class::isInstance)
        .map(MutatingWebhookConfiguration.class::cast).flatMap(c -> c.getWebhooks().stream()).forEach(w -> {
          assertThat(w.getSideEffects()).isEqualTo("None");
          assertThat(w.getRules()).allMatch(r -> r.getOperations().equals(List.of("CREATE")));
          configs.add(w.getClientConfig());
        });
    assertThat(configs).extracting(c -> c.getService().getPath()).containsExactlyInAnyOrder(
        AdmissionWebhooks.VALIDATE_MACHINE, AdmissionWebhooks.VALIDATE_MACHINESET,
        AdmissionWebhooks.VALIDATE_CLUSTERAUTOSCALER, AdmissionWebhooks.VALIDATE_MACHINEAUTOSCALER,
        AdmissionWebhooks.MUTATE_MACHINE, AdmissionWebhooks.MUTATE_MACHINESET);
    Service service = objects.stream().filter(Service.class::isInstance).map(Service.class::cast)
        .filter(s -> s.getMetadata().getName().equals("machine-api-webhook")).findFirst().orElseThrow();
    assertThat(configs).allSatisfy(c -> {
      assertThat(c.getService().getName()).isEqualTo("machine-api-webhook");
      assertThat(c.getService().getNamespace()).isEqualTo(NS);
      assertThat(c.getService().getPort()).isEqualTo(service.getSpec().getPorts().get(0).getPort());
    });
    Deployment deployment = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
        .findFirst().orElseThrow();
    String target = service.getSpec().getPorts().get(0).getTargetPort().getStrVal();
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
        .anyMatch(p -> p.getName().equals(target) && p.getContainerPort() == 9443);
    assertThat(service.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
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
