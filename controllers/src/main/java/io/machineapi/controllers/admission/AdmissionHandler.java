package io.machineapi.controllers.admission;

/** One webhook: decides on one request. Implementations are thread-safe and bounded in time. */
@FunctionalInterface
public interface AdmissionHandler {

  AdmissionResponse admit(AdmissionRequest request);
}
