package io.machineapi.cli;

import io.machineapi.controllers.admission.https.WebhookSettings;
import io.machineapi.controllers.admission.https.CaBundleInjection;
import io.machineapi.controllers.admission.https.WebhookCertificates;
import io.machineapi.controllers.admission.https.WebhookEndpoint;
import io.machineapi.controllers.admission.https.WebhookServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.machineapi.controllers.admission.AdmissionWebhooks;
import io.machineapi.controllers.admission.SecretLookup;
import io.machineapi.controllers.provider.ProviderRegistry;
import io.machineapi.providers.aws.AwsMachineProvider;
import io.machineapi.providers.sim.SimMachineProvider;
import io.machineapi.sandbox.Sandbox;
import io.machineapi.spi.ProviderEnvironment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admission webhooks over HTTPS as the API server calls them: a certificate generated into an empty directory,
 * AdmissionReviews POSTed with the JDK HttpClient trusting only the generated CA; and {@code machine-api run}'s
 * webhook start-up against a sandbox, which writes the certificate and puts its CA into the caBundle of the webhook
 * configurations.
 */
class WebhookServerIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;
  static ProviderRegistry providers;
  static WebhookServer server;
  static HttpClient https;

  @BeforeAll
  static void start() throws Exception {
    Path certs = dir.resolve("serving-certs");
    WebhookCertificates.Material tls = WebhookCertificates.loadOrGenerate(certs, List.of("localhost"));
    assertThat(tls.generatedCa()).isPresent();
    assertThat(certs.resolve("tls.crt")).exists();
    assertThat(certs.resolve("tls.key")).exists();
    providers = ProviderRegistry.of(List.of(new SimMachineProvider(), new AwsMachineProvider()), List.of(),
        ProviderEnvironment.defaults());
    server = WebhookServer.start(0, tls.sslContext(), AdmissionWebhooks.create(providers, SecretLookup.none(),
        Optional.of("cluster-1")), Duration.ofSeconds(8));
    https = HttpClient.newBuilder().sslContext(trusting(Files.readString(certs.resolve("ca.crt"))))
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (providers != null) {
      providers.close();
    }
  }

  private static SSLContext trusting(String caPem) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    List<X509Certificate> cas = WebhookCertificates.certificates(caPem.getBytes(StandardCharsets.US_ASCII));
    store.setCertificateEntry("ca", cas.get(0));
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  private static HttpResponse<String> post(HttpClient client, String path, String body) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + path))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** POSTs an AdmissionReview and returns its {@code response}. */
  private static JsonNode review(String path, String operation, String kind, String object, String oldObject)
      throws Exception {
    String body = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"uid-7\","
        + "\"kind\":{\"kind\":\"" + kind + "\"},\"operation\":\"" + operation + "\",\"namespace\":\"ns\","
        + "\"object\":" + object + (oldObject == null ? "" : ",\"oldObject\":" + oldObject) + "}}";
    HttpResponse<String> response = post(https, path, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    JsonNode answer = JSON.readTree(response.body());
    assertThat(answer.path("response").path("uid").asText()).isEqualTo("uid-7");
    return answer.path("response");
  }

  private static String machine(String providerSpec) {
    return "{\"metadata\":{\"name\":\"m1\",\"namespace\":\"ns\",\"finalizers\":[\"machine.machine.openshift.io\"]},"
        + "\"spec\":{\"providerSpec\":" + providerSpec + "}}";
  }

  @Test
  void anEmptyProviderSpecIsRefusedNamingTheField() throws Exception {
    JsonNode none = review(AdmissionWebhooks.VALIDATE_MACHINE, "CREATE", "Machine", machine("{}"), null);
    assertThat(none.path("allowed").asBoolean(true)).isFalse();
    assertThat(none.path("status").path("code").asInt()).isEqualTo(403);
    assertThat(none.path("status").path("message").asText()).isEqualTo("spec.providerSpec.value: must be set");

    JsonNode empty = review(AdmissionWebhooks.VALIDATE_MACHINE, "CREATE", "Machine",
        machine("{\"value\":{\"kind\":\"AWSMachineProviderConfig\"}}"), null);
    assertThat(empty.path("allowed").asBoolean(true)).isFalse();
    assertThat(empty.path("status").path("message").asText()).contains("spec.providerSpec.value.ami: must be set");
  }

  @Test
  void defaultsComeBackAsAJsonPatch() throws Exception {
    JsonNode response = review(AdmissionWebhooks.MUTATE_MACHINE, "CREATE", "Machine",
        machine("{\"value\":{\"kind\":\"AWSMachineProviderConfig\",\"ami\":{\"id\":\"ami-1\"}}}"), null);
    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.path("patchType").asText()).isEqualTo("JSONPatch");
    JsonNode patch = JSON.readTree(Base64.getDecoder().decode(response.path("patch").asText()));
    assertThat(patch.isArray()).isTrue();
    assertThat(patch.toString()).contains("\"path\":\"/spec/providerSpec/value/instanceType\"", "\"m5.large\"",
        "worker-user-data", "aws-cloud-credentials", "/metadata/labels", "cluster-1");
  }

  @Test
  void aClusterAutoscalerNotNamedDefaultIsRefused() throws Exception {
    JsonNode response = review(AdmissionWebhooks.VALIDATE_CLUSTERAUTOSCALER, "CREATE", "ClusterAutoscaler",
        "{\"metadata\":{\"name\":\"other\"},\"spec\":{}}", null);
    assertThat(response.path("allowed").asBoolean(true)).isFalse();
    assertThat(response.path("status").path("message").asText()).startsWith("metadata.name: must be default");
  }

  @Test
  void aMachineAutoscalerWithMaxBelowMinIsRefused() throws Exception {
    JsonNode response = review(AdmissionWebhooks.VALIDATE_MACHINEAUTOSCALER, "CREATE", "MachineAutoscaler",
        "{\"metadata\":{\"name\":\"ma\",\"namespace\":\"ns\"},\"spec\":{\"minReplicas\":8,\"maxReplicas\":2,"
            + "\"scaleTargetRef\":{\"apiVersion\":\"machine.openshift.io/v1beta1\",\"kind\":\"MachineSet\","
            + "\"name\":\"w\"}}}", null);
    assertThat(response.path("allowed").asBoolean(true)).isFalse();
    assertThat(response.path("status").path("message").asText())
        .isEqualTo("spec.maxReplicas (2) must be >= spec.minReplicas (8)");
  }

  @Test
  void anUpdateOnlyRemovingAFinalizerIsAllowedEvenOfAnInvalidMachine() throws Exception {
    String stored = machine("{}");
    ObjectNode released = (ObjectNode) JSON.readTree(stored);
    ((ObjectNode) released.get("metadata")).putArray("finalizers");
    JsonNode response = review(AdmissionWebhooks.VALIDATE_MACHINE, "UPDATE", "Machine", released.toString(), stored);
    assertThat(response.path("allowed").asBoolean()).isTrue();
    ((ObjectNode) released.get("metadata")).putObject("labels").put("also", "changed");
    assertThat(review(AdmissionWebhooks.VALIDATE_MACHINE, "UPDATE", "Machine", released.toString(), machine(
        "{\"value\":{\"kind\":\"SimMachineProviderSpec\"}}")).path("allowed").asBoolean(true))
        .as("the same update with another change is validated").isFalse();
  }

  @Test
  void otherRequestsAreAnsweredWithHttpErrors() throws Exception {
    assertThat(post(https, "/validate-nothing", "{}").statusCode()).isEqualTo(404);
    assertThat(post(https, AdmissionWebhooks.VALIDATE_MACHINE, "not json").statusCode()).isEqualTo(400);
    assertThat(post(https, AdmissionWebhooks.VALIDATE_MACHINE, "{\"kind\":\"Machine\"}").statusCode())
        .isEqualTo(400);
    HttpResponse<String> get = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port()
        + AdmissionWebhooks.VALIDATE_MACHINE)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
  }

  @Test
  void aClientThatDoesNotTrustTheGeneratedCaCannotConnect() {
    HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    assertThatThrownBy(() -> post(untrusting, AdmissionWebhooks.VALIDATE_MACHINE, "{}"))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void aProvidedCertificateIsServedAndNothingIsGenerated() throws IOException {
    Path provided = dir.resolve("provided");
    WebhookCertificates.generate(provided, List.of("localhost"), java.time.Instant.now());
    Files.delete(provided.resolve("ca.crt"));
    WebhookCertificates.Material material = WebhookCertificates.loadOrGenerate(provided, List.of("localhost"));
    assertThat(material.generatedCa()).isEmpty();
    assertThat(provided.resolve("ca.crt")).doesNotExist();
    Files.delete(provided.resolve("tls.key"));
    assertThatThrownBy(() -> WebhookCertificates.loadOrGenerate(provided, List.of("localhost")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("only one of tls.crt and tls.key");
  }

  @Test
  void runGeneratesItsCertificateAndAddsTheCaToBothWebhookConfigurations() throws Exception {
    try (Sandbox sandbox = Sandbox.startApiOnly(0); KubernetesClient admin = sandbox.client()) {
      // One webhook already trusts another replica's CA: it must stay trusted.
      String otherCa = WebhookCertificates.generate(dir.resolve("other-replica"), List.of("x"), java.time.Instant.now());
      String otherBundle = Base64.getEncoder().encodeToString(otherCa.getBytes(StandardCharsets.US_ASCII));
      admin.admissionRegistration().v1().validatingWebhookConfigurations().resource(
          new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName("machine-api").endMetadata()
              .addNewWebhook().withName("validation.machine.machine.openshift.io").withSideEffects("None")
              .withAdmissionReviewVersions("v1").withNewClientConfig().withCaBundle(otherBundle).withNewService()
              .withName("machine-api-webhook").withNamespace(Sandbox.MACHINE_API_NAMESPACE)
              .withPath(AdmissionWebhooks.VALIDATE_MACHINE).withPort(9443).endService().endClientConfig()
              .endWebhook().build()).create();
      admin.admissionRegistration().v1().mutatingWebhookConfigurations().resource(
          new MutatingWebhookConfigurationBuilder().withNewMetadata().withName("machine-api").endMetadata()
              .addNewWebhook().withName("default.machine.machine.openshift.io").withSideEffects("None")
              .withAdmissionReviewVersions("v1").withNewClientConfig().withNewService()
              .withName("machine-api-webhook").withNamespace(Sandbox.MACHINE_API_NAMESPACE)
              .withPath(AdmissionWebhooks.MUTATE_MACHINE).withPort(9443).endService().endClientConfig()
              .endWebhook().build()).create();

      Path certs = dir.resolve("run-certs");
      Path kubeconfig = sandbox.writeKubeconfig(dir.resolve("kubeconfig.yaml"));
      WebhookSettings webhooks = new WebhookSettings(0, certs, "machine-api-webhook",
          Sandbox.MACHINE_API_NAMESPACE, "machine-api", Optional.of("cluster-1"));
      try (ControllerRuntime runtime = ControllerRuntime.start(new ControllerRuntime.Options(Optional.of(kubeconfig),
          Set.of(), List.of("sim"), Map.of(), io.machineapi.controllers.ControllerSettings.defaults(), 0, null, 0,
          null, webhooks))) {
        assertThat(runtime.webhookPort()).isPositive();
        X509Certificate serving = WebhookCertificates.certificates(Files.readAllBytes(certs.resolve("tls.crt")))
            .get(0);
        assertThat(serving.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList())
            .contains("machine-api-webhook.openshift-machine-api.svc");
        String ours = Files.readString(certs.resolve("ca.crt"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
          ValidatingWebhookConfiguration validating = admin.admissionRegistration().v1()
              .validatingWebhookConfigurations().withName("machine-api").get();
          String bundle = decode(validating.getWebhooks().get(0).getClientConfig().getCaBundle());
          assertThat(bundle).contains(ours).contains(otherCa);
          String mutating = decode(admin.admissionRegistration().v1().mutatingWebhookConfigurations()
              .withName("machine-api").get().getWebhooks().get(0).getClientConfig().getCaBundle());
          assertThat(mutating).isEqualTo(ours);
        });
        assertThat(admin.admissionRegistration().v1().validatingWebhookConfigurations().withName("machine-api").get()
            .getWebhooks().get(0).getClientConfig().getService().getPath())
            .as("nothing but the caBundle changes").isEqualTo(AdmissionWebhooks.VALIDATE_MACHINE);
      }
    }
  }

  private static String decode(String base64) {
    return base64 == null ? "" : new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
  }
}
