package io.machineapi.providers.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.machineapi.spi.InstanceDetails;
import io.machineapi.spi.InstanceLabels;
import io.machineapi.spi.InstanceState;
import io.machineapi.spi.MachineAddress;
import io.machineapi.spi.TransientProviderException;
import io.machineapi.spi.TransientProviderException.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Nova server (JSON at microversion {@value OpenstackApis#COMPUTE_MICROVERSION}) → the SPI's state and details:
 * BUILD (and the other transitional states) → Pending, ACTIVE and the stable states (SHUTOFF, PAUSED …) → Running,
 * a server being deleted → Terminating, DELETED/SOFT_DELETED → Gone, ERROR → {@link #fault} (a transient failure, the
 * Machine is not Failed). Addresses: per network (sorted by name) IPv4 before IPv6, {@code fixed} → InternalIP,
 * {@code floating} → ExternalIP; then Hostname and InternalDNS = the Machine's name.
 */
final class ServerReport {
  static final String PROVIDER_ID_PREFIX = "openstack:///";
  static final Duration BUILD_RECHECK = Duration.ofSeconds(10);
  static final Duration DELETE_RECHECK = Duration.ofSeconds(10);

  private ServerReport() {}

  static String status(JsonNode server) {
    return server.path("status").asText("UNKNOWN").toUpperCase(Locale.ROOT);
  }

  static boolean isError(JsonNode server) {
    return "ERROR".equals(status(server));
  }

  static boolean isGone(JsonNode server) {
    String s = status(server);
    return "DELETED".equals(s) || "SOFT_DELETED".equals(s);
  }

  static boolean isDeleting(JsonNode server) {
    return "deleting".equalsIgnoreCase(server.path("OS-EXT-STS:task_state").asText(""));
  }

  static InstanceState state(JsonNode server, String machineName, String flavor, String region) {
    InstanceDetails details = details(server, machineName, flavor, region);
    if (isGone(server)) {
      return new InstanceState.Gone(details);
    }
    if (isDeleting(server)) {
      return new InstanceState.Terminating(details, DELETE_RECHECK);
    }
    return switch (status(server)) {
      case "BUILD", "REBUILD", "RESIZE", "VERIFY_RESIZE", "MIGRATING", "HARD_REBOOT", "REBOOT", "PASSWORD",
          "UNKNOWN" -> new InstanceState.Pending(details, BUILD_RECHECK);
      default -> new InstanceState.Running(details);
    };
  }

  /**
   * What the Machine learns of its server. A server still building (or failed to build) gives no providerID and no
   * addresses, as OpenShift's provider sets the providerID once the server is ACTIVE: the Machine stays unprovisioned,
   * so a server that ends in ERROR is replaced by the next create instead of leaving a provisioned Machine behind.
   */
  static InstanceDetails details(JsonNode server, String machineName, String flavor, String region) {
    InstanceDetails.Builder b = InstanceDetails.builder()
        .cloudState(status(server))
        .labels(InstanceLabels.of(flavorName(server, flavor), region,
            server.path("OS-EXT-AZ:availability_zone").asText(null)));
    if (built(server)) {
      b.providerId(PROVIDER_ID_PREFIX + server.path("id").asText());
      b.addresses(addresses(server, machineName));
    }
    return b.build();
  }

  /** Whether the server got past its first build: not BUILD, not ERROR without ever having run. */
  static boolean built(JsonNode server) {
    String s = status(server);
    return !"BUILD".equals(s) && !"ERROR".equals(s);
  }

  /** The flavor's name as Nova reports it (2.47+ embeds {@code original_name}), else the spec's. */
  private static String flavorName(JsonNode server, String flavor) {
    String name = server.path("flavor").path("original_name").asText("");
    return name.isBlank() ? flavor : name;
  }

  static List<MachineAddress> addresses(JsonNode server, String machineName) {
    Map<String, JsonNode> byNetwork = new TreeMap<>();
    server.path("addresses").fields().forEachRemaining(e -> byNetwork.put(e.getKey(), e.getValue()));
    List<MachineAddress> out = new ArrayList<>();
    for (JsonNode addrs : byNetwork.values()) {
      List<JsonNode> sorted = new ArrayList<>();
      addrs.forEach(sorted::add);
      sorted.sort(Comparator.comparingInt(a -> a.path("version").asInt(4)));
      for (JsonNode a : sorted) {
        String ip = a.path("addr").asText("");
        if (ip.isBlank()) {
          continue;
        }
        boolean floating = "floating".equals(a.path("OS-EXT-IPS:type").asText("fixed"));
        out.add(new MachineAddress(floating ? MachineAddress.Type.EXTERNAL_IP : MachineAddress.Type.INTERNAL_IP, ip));
      }
    }
    out.add(new MachineAddress(MachineAddress.Type.HOSTNAME, machineName));
    out.add(new MachineAddress(MachineAddress.Type.INTERNAL_DNS, machineName));
    return out;
  }

  /** Nova's fault of an ERROR server, e.g. {@code No valid host was found}. */
  static String faultMessage(JsonNode server) {
    JsonNode fault = server.path("fault");
    String m = fault.path("message").asText("");
    return m.isBlank() ? "no fault recorded" : m;
  }

  /**
   * An ERROR server as a transient failure carrying Nova's fault: {@link Reason#INSUFFICIENT_CAPACITY} (2 min backoff)
   * for a scheduling failure ({@code No valid host}, exceeded retries), else {@link Reason#OPERATION_FAILED}.
   */
  static TransientProviderException fault(JsonNode server) {
    String fault = faultMessage(server);
    String lower = fault.toLowerCase(Locale.ROOT);
    boolean capacity = lower.contains("no valid host") || lower.contains("exceeded maximum number of retries")
        || lower.contains("insufficient");
    String message = "Nova server " + server.path("id").asText() + " is in ERROR: " + fault
        + " (the server and its ports are deleted and the server created again on the next create)";
    return capacity
        ? new TransientProviderException(Reason.INSUFFICIENT_CAPACITY, message, OpenstackErrors.CAPACITY_BACKOFF, null)
        : new TransientProviderException(Reason.OPERATION_FAILED, message, null);
  }
}
