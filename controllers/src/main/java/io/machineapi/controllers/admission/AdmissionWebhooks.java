package io.machineapi.controllers.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.machineapi.controllers.provider.ProviderRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's admission webhooks by URL path (controller-runtime's naming,
 * {@code /validate-<group with dashes>-<version>-<kind>}): AdmissionReview v1 in, AdmissionReview v1 out. Pure apart
 * from the Secret look-ups of the warnings, which have their own deadline.
 */
public final class AdmissionWebhooks {

  public static final String VALIDATE_MACHINE = "/validate-machine-openshift-io-v1beta1-machine";
  public static final String MUTATE_MACHINE = "/mutate-machine-openshift-io-v1beta1-machine";
  public static final String VALIDATE_MACHINESET = "/validate-machine-openshift-io-v1beta1-machineset";
  public static final String MUTATE_MACHINESET = "/mutate-machine-openshift-io-v1beta1-machineset";
  public static final String VALIDATE_CLUSTERAUTOSCALER = "/validate-autoscaling-openshift-io-v1-clusterautoscaler";
  public static final String VALIDATE_MACHINEAUTOSCALER =
      "/validate-autoscaling-openshift-io-v1beta1-machineautoscaler";

  private final Map<String, AdmissionHandler> handlers;

  private AdmissionWebhooks(Map<String, AdmissionHandler> handlers) {
    this.handlers = Map.copyOf(handlers);
  }

  /**
   * @param providers the enabled providers, the same the controllers use
   * @param secrets answers whether a Secret a providerSpec names exists (for warnings)
   * @param clusterId the value the mutating webhooks give label {@code machine.openshift.io/cluster-api-cluster};
   *     empty: the label is not defaulted, and a Machine created without it gets a warning
   */
  public static AdmissionWebhooks create(ProviderRegistry providers, SecretLookup secrets,
      Optional<String> clusterId) {
    ProviderSpecAdmission specs = new ProviderSpecAdmission(providers, secrets);
    Map<String, AdmissionHandler> handlers = new LinkedHashMap<>();
    handlers.put(VALIDATE_MACHINE, new MachineValidation(specs));
    MachineDefaulting machineDefaults = new MachineDefaulting(specs, new ClusterIdLabel(clusterId));
    handlers.put(MUTATE_MACHINE, machineDefaults);
    handlers.put(VALIDATE_MACHINESET, new MachineSetValidation(specs));
    handlers.put(MUTATE_MACHINESET, new MachineSetDefaulting(machineDefaults));
    handlers.put(VALIDATE_CLUSTERAUTOSCALER, new ClusterAutoscalerValidation());
    handlers.put(VALIDATE_MACHINEAUTOSCALER, new MachineAutoscalerValidation());
    return new AdmissionWebhooks(handlers);
  }

  /** The paths served. */
  public Set<String> paths() {
    return handlers.keySet();
  }

  /**
   * Answers one AdmissionReview.
   *
   * @param path the URL path it was posted to
   * @throws IllegalArgumentException when no webhook serves {@code path} or {@code review} is not an AdmissionReview
   *     v1 request
   */
  public ObjectNode review(String path, JsonNode review) {
    AdmissionHandler handler = handlers.get(path);
    if (handler == null) {
      throw new IllegalArgumentException("no webhook at " + path);
    }
    AdmissionRequest request = AdmissionRequest.fromReview(review);
    return handler.admit(request).toReview(request.uid());
  }
}
