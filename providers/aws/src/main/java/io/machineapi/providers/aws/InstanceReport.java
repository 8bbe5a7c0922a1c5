package io.machineapi.providers.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.machineapi.spi.InstanceDetails;
import io.machineapi.spi.InstanceLabels;
import io.machineapi.spi.InstanceState;
import io.machineapi.spi.MachineAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * What an EC2 instance tells the Machine: its state, providerID {@code aws:///<zone>/<id>}, addresses, labels and
 * the {@code AWSMachineProviderStatus} ({@code instanceId}, {@code instanceState}, {@code conditions}). Conditions
 * of the same instance are carried over from the status the Machine holds, so one written once (the load balancers
 * registered) stays without being redone.
 */
final class InstanceReport {
  static final Duration PENDING_RECHECK = Duration.ofSeconds(5);
  static final Duration TERMINATING_RECHECK = Duration.ofSeconds(10);
  /** providerStatus condition of the launch, as OpenShift's AWS provider writes it. */
  static final String MACHINE_CREATION = "MachineCreation";
  /** providerStatus condition: the instance is registered with every load balancer of the spec. */
  static final String LOAD_BALANCERS_REGISTERED = "LoadBalancersRegistered";

  private InstanceReport() {}

  static String stateName(Instance i) {
    return i.state() == null ? "unknown" : i.state().nameAsString();
  }

  static InstanceState state(Instance i, String region, ObjectNode providerStatus) {
    InstanceDetails d = details(i, region, providerStatus);
    return switch (stateName(i)) {
      case "pending" -> new InstanceState.Pending(d, PENDING_RECHECK);
      case "shutting-down" -> new InstanceState.Terminating(d, TERMINATING_RECHECK);
      case "terminated" -> new InstanceState.Gone(d);
      default -> new InstanceState.Running(d);
    };
  }

  static InstanceDetails details(Instance i, String region, ObjectNode providerStatus) {
    String zone = i.placement() == null ? "" : i.placement().availabilityZone();
    InstanceDetails.Builder b = InstanceDetails.builder()
        .providerId("aws:///" + zone + "/" + i.instanceId())
        .cloudState(stateName(i));
    InstanceLabels labels = InstanceLabels.of(i.instanceTypeAsString(), region, zone);
    b.labels("spot".equals(i.instanceLifecycleAsString()) ? labels.asInterruptible() : labels);
    if (i.privateIpAddress() != null) {
      b.address(MachineAddress.Type.INTERNAL_IP, i.privateIpAddress());
    }
    if (i.privateDnsName() != null && !i.privateDnsName().isEmpty()) {
      b.address(MachineAddress.Type.INTERNAL_DNS, i.privateDnsName());
    }
    if (i.publicIpAddress() != null) {
      b.address(MachineAddress.Type.EXTERNAL_IP, i.publicIpAddress());
    }
    if (i.publicDnsName() != null && !i.publicDnsName().isEmpty()) {
      b.address(MachineAddress.Type.EXTERNAL_DNS, i.publicDnsName());
    }
    b.providerStatus(providerStatus);
    return b.build();
  }

  /** The providerStatus of this instance, with the conditions {@code previous} holds for the same instance id. */
  static ObjectNode providerStatus(Instance i, Optional<JsonNode> previous) {
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    status.put("apiVersion", "machine.openshift.io/v1beta1");
    status.put("kind", "AWSMachineProviderStatus");
    status.put("instanceId", i.instanceId());
    status.put("instanceState", stateName(i));
    previous.filter(p -> i.instanceId().equals(p.path("instanceId").asText()))
        .map(p -> p.get("conditions")).filter(JsonNode::isArray)
        .ifPresent(c -> status.set("conditions", c.deepCopy()));
    return status;
  }

  /** Sets a condition (its transition time kept while its status stays the same). */
  static ObjectNode withCondition(ObjectNode status, String type, boolean ok, String reason, String message,
      Instant now) {
    ArrayNode conditions = status.has("conditions") && status.get("conditions").isArray()
        ? (ArrayNode) status.get("conditions") : status.putArray("conditions");
    String value = ok ? "True" : "False";
    String since = now.toString();
    for (int n = 0; n < conditions.size(); n++) {
      if (type.equals(conditions.get(n).path("type").asText())) {
        if (value.equals(conditions.get(n).path("status").asText())) {
          since = conditions.get(n).path("lastTransitionTime").asText(since);
        }
        conditions.remove(n);
        break;
      }
    }
    ObjectNode c = conditions.addObject();
    c.put("type", type);
    c.put("status", value);
    c.put("reason", reason);
    c.put("message", message);
    c.put("lastTransitionTime", since);
    return status;
  }

  /** Whether {@code status}, for the instance {@code instanceId}, holds condition {@code type} as True. */
  static boolean isTrue(Optional<JsonNode> status, String instanceId, String type) {
    if (status.isEmpty() || !instanceId.equals(status.get().path("instanceId").asText())) {
      return false;
    }
    for (JsonNode c : status.get().path("conditions")) {
      if (type.equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
        return true;
      }
    }
    return false;
  }
}
