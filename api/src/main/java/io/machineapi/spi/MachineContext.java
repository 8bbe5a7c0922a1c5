package io.machineapi.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a provider may know about one Machine, assembled by the controller (providers never read Kubernetes).
 *
 * <p>Look instances up by {@link #uid()} first: it is the one identity that survives a controller crash between
 * the cloud call and the status write. {@link #providerId()}, {@link #providerStatus()} and
 * {@link #progressToken()} come from the Machine's last written status and may lag behind the cloud.
 *
 * <p>{@link #toString()} is safe to log: {@link ResolvedSecrets} prints no secret values.
 *
 * @param namespace the Machine's namespace
 * @param name the Machine's name (instances are usually named after it)
 * @param uid the Machine's {@code metadata.uid}; the idempotency key of {@link MachineProvider#create}
 * @param labels the Machine's labels
 * @param annotations the Machine's annotations
 * @param clusterId the cluster infrastructure id from label {@value #CLUSTER_ID_LABEL} (the controller refuses
 *     Machines without it before calling a provider); used to tag cloud resources as the cluster's
 * @param providerId current {@code spec.providerID}, if set
 * @param addresses current {@code status.addresses}
 * @param providerStatus current {@code status.providerStatus}, if set
 * @param progressToken the token a previous call returned in {@link InstanceDetails#progressToken()}, if any
 * @param lastUpdated current {@code status.lastUpdated}, if set (AWS uses it to bridge eventual consistency)
 * @param secrets the Secrets the provider spec names, already read
 */
public record MachineContext(
    String namespace,
    String name,
    String uid,
    Map<String, String> labels,
    Map<String, String> annotations,
    String clusterId,
    Optional<String> providerId,
    List<MachineAddress> addresses,
    Optional<JsonNode> providerStatus,
    Optional<String> progressToken,
    Optional<Instant> lastUpdated,
    ResolvedSecrets secrets) {

  /** The label carrying the cluster infrastructure id. */
  public static final String CLUSTER_ID_LABEL = "machine.openshift.io/cluster-api-cluster";

  public MachineContext {
    requireText(namespace, "namespace");
    requireText(name, "name");
    requireText(uid, "uid");
    requireText(clusterId, "clusterId");
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
    providerId = Objects.requireNonNull(providerId, "providerId").filter(s -> !s.isBlank());
    addresses = List.copyOf(addresses);
    providerStatus = Objects.requireNonNull(providerStatus, "providerStatus").map(JsonNode::deepCopy);
    progressToken = Objects.requireNonNull(progressToken, "progressToken").filter(s -> !s.isBlank());
    Objects.requireNonNull(lastUpdated, "lastUpdated");
    Objects.requireNonNull(secrets, "secrets");
  }

  /** A builder for a Machine with the given identity and cluster id; every other field defaults to empty. */
  public static Builder builder(String namespace, String name, String uid, String clusterId) {
    return new Builder(namespace, name, uid, clusterId);
  }

  /** {@code namespace/name}, for messages. */
  public String key() {
    return namespace + "/" + name;
  }

  /** A copy with other secrets (the controller resolves user data for create only). */
  public MachineContext withSecrets(ResolvedSecrets newSecrets) {
    return new MachineContext(namespace, name, uid, labels, annotations, clusterId, providerId, addresses,
        providerStatus, progressToken, lastUpdated, newSecrets);
  }

  private static void requireText(String value, String field) {
    Objects.requireNonNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
  }

  /** Builder for {@link MachineContext}. */
  public static final class Builder {
    private final String namespace;
    private final String name;
    private final String uid;
    private final String clusterId;
    private Map<String, String> labels = Map.of();
    private Map<String, String> annotations = Map.of();
    private String providerId;
    private final List<MachineAddress> addresses = new ArrayList<>();
    private JsonNode providerStatus;
    private String progressToken;
    private Instant lastUpdated;
    private ResolvedSecrets secrets = ResolvedSecrets.none();

    private Builder(String namespace, String name, String uid, String clusterId) {
      this.namespace = namespace;
      this.name = name;
      this.uid = uid;
      this.clusterId = clusterId;
    }

    public Builder labels(Map<String, String> labels) {
      this.labels = labels;
      return this;
    }

    public Builder annotations(Map<String, String> annotations) {
      this.annotations = annotations;
      return this;
    }

    public Builder providerId(String providerId) {
      this.providerId = providerId;
      return this;
    }

    public Builder addresses(List<MachineAddress> addresses) {
      this.addresses.clear();
      this.addresses.addAll(addresses);
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

    public Builder lastUpdated(Instant lastUpdated) {
      this.lastUpdated = lastUpdated;
      return this;
    }

    public Builder secrets(ResolvedSecrets secrets) {
      this.secrets = secrets;
      return this;
    }

    public MachineContext build() {
      return new MachineContext(namespace, name, uid, labels, annotations, clusterId,
          Optional.ofNullable(providerId), addresses, Optional.ofNullable(providerStatus),
          Optional.ofNullable(progressToken), Optional.ofNullable(lastUpdated), secrets);
    }
  }
}
