package io.machineapi.controllers.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.api.autoscaling.v1beta1.MachineAutoscaler;
import io.machineapi.controllers.autoscaling.MachineAutoscalerReconciler;

/**
 * Validating webhook of MachineAutoscalers (CREATE, UPDATE): the rules the MachineAutoscaler controller applies
 * ({@link MachineAutoscalerReconciler#validate}: {@code minReplicas} &ge; 0, {@code maxReplicas} &ge; 1 and &ge;
 * {@code minReplicas}, a target kind and name) and its one supported target, a {@code machine.openshift.io/v1beta1}
 * MachineSet. An update that only removes finalizers is always allowed.
 */
final class MachineAutoscalerValidation implements AdmissionHandler {

  @Override
  public AdmissionResponse admit(AdmissionRequest request) {
    if (!request.needsValidation()) {
      return AdmissionResponse.allow();
    }
    MachineAutoscaler ma;
    try {
      ma = Serialization.jsonMapper().treeToValue(request.object(), MachineAutoscaler.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      return AdmissionResponse.deny("not a MachineAutoscaler: " + reason, java.util.List.of());
    }
    String problem = MachineAutoscalerReconciler.validate(ma);
    if (problem == null) {
      problem = MachineAutoscalerReconciler.unsupportedTarget(ma);
    }
    return problem == null ? AdmissionResponse.allow() : AdmissionResponse.deny(problem, java.util.List.of());
  }
}
