package io.machineapi.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider observed about a Machine's instance, for the controller to write onto the Machine.
 *
 * @param providerId value for {@code spec.providerID} (e.g. {@code aws:///us-east-1a/i-0abc}), once known; the
 *     controller sets it when present and never clears it
 * @param addresses the complete current {@code status.addresses}; empty means none are known (the controller writes
 *     the list as given, so a provider can clear stale addresses)
 * @param labels instance-type / region / zone labels for the Machine
 * @param cloudState the cloud's own state string (EC2 {@code pending}, vSphere {@code poweredOn}, Ironic
 *     {@code deploying}), written to annotation {@value #INSTANCE_STATE_ANNOTATION}
 * @param providerStatus the new {@code status.providerStatus}; empty leaves the current one unchanged (apart from
 *     the progress token)
 * @param progressToken opaque marker of a long operation under way (vSphere task reference, Ironic provision state,
 *     claimed bare-metal host); the controller persists it (see {@link MachineProvider#progressTokenField()}) and
 *     returns it in {@link MachineContext#progressToken()}; empty removes a stored token
 */
public record InstanceDetails(
    Optional<String> providerId,
    List<MachineAddress> addresses,
    InstanceLabels labels,
    Optional<String> cloudState,
    Optional<JsonNode> providerStatus,
    Optional<String> progressToken) {

  /** Annotation the controller sets to {@link #cloudState()}. */
  public static final String INSTANCE_STATE_ANNOTATION = "machine.openshift.io/instance-state";

  private static final InstanceDetails NONE = builder().build();

  public InstanceDetails {
    providerId = Objects.requireNonNull(providerId, "providerId").filter(s -> !s.isBlank());
    addresses = List.copyOf(addresses);
    Objects.requireNonNull(labels, "labels");
    cloudState = Objects.requireNonNull(cloudState, "cloudState").filter(s -> !s.isBlank());
    // JsonNode is mutable: keep our own copy so later edits by the provider cannot change what was reported.
    providerStatus = Objects.requireNonNull(providerStatus, "providerStatus").map(JsonNode::deepCopy);
    progressToken = Objects.requireNonNull(progressToken, "progressToken").filter(s -> !s.isBlank());
  }

  /** Nothing known. */
  public static InstanceDetails none() {
    return NONE;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised from this value. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.providerId = providerId.orElse(null);
    b.addresses.addAll(addresses);
    b.labels = labels;
    b.cloudState = cloudState.orElse(null);
    b.providerStatus = providerStatus.orElse(null);
    b.progressToken = progressToken.orElse(null);
    return b;
  }

  /** Builder; every field is optional. */
  public static final class Builder {
    private String providerId;
    private final List<MachineAddress> addresses = new ArrayList<>();
    private InstanceLabels labels = InstanceLabels.none();
    private String cloudState;
    private JsonNode providerStatus;
    private String progressToken;

    private Builder() {}

    public Builder providerId(String providerId) {
      this.providerId = providerId;
      return this;
    }

    public Builder address(MachineAddress.Type type, String address) {
      addresses.add(new MachineAddress(type, address));
      return this;
    }

    public Builder addresses(List<MachineAddress> addresses) {
      this.addresses.clear();
      this.addresses.addAll(addresses);
      return this;
    }

    public Builder labels(InstanceLabels labels) {
      this.labels = labels;
      return this;
    }

    public Builder cloudState(String cloudState) {
      this.cloudState = cloudState;
      return this;
    }

    public Builder providerStatus(JsonNode providerStatus) {
      this.providerStatus = providerStatus;
      return this;
    }

    public Builder progressToken(String progressToken) {
      this.progressToken = progressToken;
      return this;
    }

    public InstanceDetails build() {
      return new InstanceDetails(
          Optional.ofNullable(providerId),
          addresses,
          labels,
          Optional.ofNullable(cloudState),
          Optional.ofNullable(providerStatus),
          Optional.ofNullable(progressToken));
    }
  }
}
