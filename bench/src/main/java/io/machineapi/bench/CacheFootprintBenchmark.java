package io.machineapi.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.controllers.cache.CachePruning;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Heap held by the controllers' Node and Machine caches, before and after sharing and pruning: N Nodes and N Machines
 * shaped like those of an OpenShift cluster on AWS (50 images per Node, managedFields of five managers, AWS
 * providerSpec), each cache holding its own deserialized copy as an informer does. Before: three Node caches and three
 * Machine caches (one per controller), unpruned. After: one pruned Node cache, the Machine controller's primary cache
 * without managedFields, and one shared secondary Machine cache without managedFields, providerSpec and
 * providerStatus. Counts the objects only (not informer indexes or watch buffers).
 */
@Command(name = "cache-footprint", mixinStandardHelpOptions = true,
    description = "Heap held by the Node and Machine caches of the controllers, before and after sharing/pruning.")
final class CacheFootprintBenchmark implements Callable<Integer> {
  @Option(names = "--nodes", description = "Nodes (default ${DEFAULT-VALUE})")
  int nodes = 5000;
  @Option(names = "--machines", description = "Machines (default ${DEFAULT-VALUE})")
  int machines = 5000;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private final Random random = new Random(42);

  @Override
  public Integer call() {
    List<byte[]> nodeJson = new ArrayList<>();
    List<byte[]> machineJson = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      nodeJson.add(Serialization.asJson(node(i)).getBytes(StandardCharsets.UTF_8));
    }
    for (int i = 0; i < machines; i++) {
      machineJson.add(Serialization.asJson(machine(i)).getBytes(StandardCharsets.UTF_8));
    }

    long fullNode = retained(nodeJson, Node.class, UnaryOperator.identity());
    long prunedNode = retained(nodeJson, Node.class, CachePruning::node);
    long fullMachine = retained(machineJson, Machine.class, UnaryOperator.identity());
    long primaryMachine = retained(machineJson, Machine.class, CachePruning::metadata);
    long secondaryMachine = retained(machineJson, Machine.class, CachePruning::secondaryMachine);
    long before = 3 * fullNode + 3 * fullMachine;
    long after = prunedNode + primaryMachine + secondaryMachine;

    System.out.printf("%n## Cache footprint: %d Nodes, %d Machines%n%n", nodes, machines);
    System.out.printf("JSON per object: Node %d B, Machine %d B%n%n", avg(nodeJson), avg(machineJson));
    System.out.println("| cache copy | MiB | bytes per object |");
    System.out.println("|---|---|---|");
    row("Node, as sent by the API", fullNode, nodes);
    row("Node, pruned", prunedNode, nodes);
    row("Machine, as sent by the API", fullMachine, machines);
    row("Machine, primary (no managedFields)", primaryMachine, machines);
    row("Machine, shared secondary (pruned)", secondaryMachine, machines);
    System.out.printf("%nBefore (3 Node caches + 3 Machine caches, unpruned): %.1f MiB%n", mib(before));
    System.out.printf("After (1 pruned Node cache + Machine primary + 1 pruned secondary): %.1f MiB%n", mib(after));
    System.out.printf("Saved: %.1f MiB (%.0f %%)%n", mib(before - after), 100.0 * (before - after) / before);
    return 0;
  }

  private static void row(String what, long bytes, int count) {
    System.out.printf("| %s | %.1f | %d |%n", what, mib(bytes), count == 0 ? 0 : bytes / count);
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  private static long avg(List<byte[]> json) {
    return json.isEmpty() ? 0 : json.stream().mapToLong(b -> b.length).sum() / json.size();
  }

  /** Heap retained by one cache's worth of objects: deserialized from the JSON (as a watch does), then pruned. */
  private static <T> long retained(List<byte[]> json, Class<T> type, Function<T, T> prune) {
    long base = usedAfterGc();
    List<T> cache = new ArrayList<>(json.size());
    for (byte[] bytes : json) {
      cache.add(prune.apply(Serialization.unmarshal(new String(bytes, StandardCharsets.UTF_8), type)));
    }
    long used = usedAfterGc() - base;
    if (cache.size() != json.size()) {
      throw new IllegalStateException("lost objects");
    }
    return used;
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private String hex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** A worker Node of an OpenShift cluster on AWS, as the API sends it. */
  private ObjectNode node(int i) {
    String ip = "10.0." + (i / 250) + "." + (i % 250 + 2);
    String name = "ip-" + ip.replace('.', '-') + ".ec2.internal";
    String instance = "i-0" + hex(8);
    ObjectNode node = JSON.objectNode().put("apiVersion", "v1").put("kind", "Node");
    ObjectNode metadata = node.putObject("metadata").put("name", name).put("uid", uuid())
        .put("resourceVersion", String.valueOf(100000 + i)).put("creationTimestamp", "2026-11-02T10:11:12Z");
    ObjectNode labels = metadata.putObject("labels");
    labels.put("beta.kubernetes.io/arch", "amd64").put("beta.kubernetes.io/instance-type", "m6i.xlarge")
        .put("beta.kubernetes.io/os", "linux").put("failure-domain.beta.kubernetes.io/region", "us-east-1")
        .put("failure-domain.beta.kubernetes.io/zone", "us-east-1a").put("kubernetes.io/arch", "amd64")
        .put("kubernetes.io/hostname", name).put("kubernetes.io/os", "linux")
        .put("node-role.kubernetes.io/worker", "").put("node.kubernetes.io/instance-type", "m6i.xlarge")
        .put("node.openshift.io/os_id", "rhcos").put("topology.ebs.csi.aws.com/zone", "us-east-1a")
        .put("topology.kubernetes.io/region", "us-east-1").put("topology.kubernetes.io/zone", "us-east-1a");
    ObjectNode annotations = metadata.putObject("annotations");
    annotations.put("csi.volume.kubernetes.io/nodeid", "{\"ebs.csi.aws.com\":\"" + instance + "\"}")
        .put("k8s.ovn.org/host-cidrs", "[\"" + ip + "/19\"]")
        .put("k8s.ovn.org/l3-gateway-config", "{\"default\":{\"mode\":\"shared\",\"bridge-id\":\"br-ex\","
            + "\"interface-id\":\"br-ex_" + name + "\",\"mac-address\":\"0e:" + hex(5) + "\",\"ip-addresses\":[\""
            + ip + "/19\"],\"next-hop\":\"10.0.0.1\",\"next-hops\":[\"10.0.0.1\"],\"node-port-enable\":\"true\","
            + "\"vlan-id\":\"0\"}}")
        .put("k8s.ovn.org/node-chassis-id", uuid())
        .put("k8s.ovn.org/node-subnets", "{\"default\":[\"10.128." + (i % 250) + ".0/23\"]}")
        .put("machine.openshift.io/machine", "openshift-machine-api/cluster-worker-us-east-1a-" + i)
        .put("machineconfiguration.openshift.io/currentConfig", "rendered-worker-" + hex(16))
        .put("machineconfiguration.openshift.io/desiredConfig", "rendered-worker-" + hex(16))
        .put("machineconfiguration.openshift.io/state", "Done")
        .put("volumes.kubernetes.io/controller-managed-attach-detach", "true");
    node.putObject("spec").put("providerID", "aws:///us-east-1a/" + instance);
    ObjectNode status = node.putObject("status");
    ArrayNode addresses = status.putArray("addresses");
    addresses.addObject().put("type", "InternalIP").put("address", ip);
    addresses.addObject().put("type", "Hostname").put("address", name);
    addresses.addObject().put("type", "InternalDNS").put("address", name);
    ObjectNode capacity = status.putObject("capacity").put("cpu", "4").put("ephemeral-storage", "125238252Ki")
        .put("hugepages-1Gi", "0").put("hugepages-2Mi", "0").put("memory", "16106300Ki").put("pods", "250");
    status.set("allocatable", capacity.deepCopy().put("cpu", "3500m").put("memory", "14955324Ki"));
    ArrayNode conditions = status.putArray("conditions");
    for (String[] c : new String[][] {{"MemoryPressure", "False", "KubeletHasSufficientMemory"},
        {"DiskPressure", "False", "KubeletHasNoDiskPressure"}, {"PIDPressure", "False", "KubeletHasSufficientPID"},
        {"Ready", "True", "KubeletReady"}}) {
      conditions.addObject().put("type", c[0]).put("status", c[1]).put("reason", c[2])
          .put("message", "kubelet " + c[2].substring(7)).put("lastHeartbeatTime", "2026-12-07T10:00:00Z")
          .put("lastTransitionTime", "2026-11-02T10:13:00Z");
    }
    status.putObject("daemonEndpoints").putObject("kubeletEndpoint").put("Port", 10250);
    status.putObject("nodeInfo").put("architecture", "amd64").put("bootID", uuid())
        .put("containerRuntimeVersion", "cri-o://1.30.4").put("kernelVersion", "5.14.0-427.el9.x86_64")
        .put("kubeProxyVersion", "v1.30.4").put("kubeletVersion", "v1.30.4").put("machineID", hex(16))
        .put("operatingSystem", "linux").put("osImage", "Red Hat Enterprise Linux CoreOS 417.94")
        .put("systemUUID", uuid());
    ArrayNode images = status.putArray("images");
    for (int k = 0; k < 50; k++) {
      // Images are mostly the same release images on every Node of a cluster.
      String digest = "quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:" + hexOf(k, 32);
      images.addObject().<ObjectNode>set("names", JSON.arrayNode().add(digest)
              .add("quay.io/openshift-release-dev/ocp-v4.0-art-dev:4.17-component-" + k))
          .put("sizeBytes", 400_000_000L + k * 1_000_000L);
    }
    ArrayNode managed = metadata.putArray("managedFields");
    managed.add(entry("kube-controller-manager", "Update", null, fieldsOf(JSON.objectNode()
        .set("metadata", JSON.objectNode().set("annotations", JSON.objectNode()
            .put("volumes.kubernetes.io/controller-managed-attach-detach", "true"))))));
    managed.add(entry("machine-api-controllers", "Update", null, fieldsOf(JSON.objectNode()
        .set("metadata", JSON.objectNode().set("annotations", JSON.objectNode()
            .put("machine.openshift.io/machine", ""))))));
    managed.add(entry("machine-config-daemon", "Update", null, fieldsOf(JSON.objectNode()
        .set("metadata", JSON.objectNode().set("annotations", JSON.objectNode()
            .put("machineconfiguration.openshift.io/currentConfig", "")
            .put("machineconfiguration.openshift.io/desiredConfig", "")
            .put("machineconfiguration.openshift.io/state", ""))))));
    managed.add(entry("ovnkube", "Update", null, fieldsOf(JSON.objectNode()
        .set("metadata", JSON.objectNode().set("annotations", annotations.deepCopy())))));
    managed.add(entry("kubelet", "Update", "status", fieldsOf(JSON.objectNode().set("status", status.deepCopy()))));
    managed.add(entry("kubelet", "Update", null, fieldsOf(JSON.objectNode()
        .set("metadata", JSON.objectNode().set("labels", labels.deepCopy())))));
    return node;
  }

  /** A worker Machine of an OpenShift cluster on AWS, as the API sends it. */
  private ObjectNode machine(int i) {
    String name = "cluster-worker-us-east-1a-" + i;
    String instance = "i-0" + hex(8);
    ObjectNode machine = JSON.objectNode().put("apiVersion", "machine.openshift.io/v1beta1").put("kind", "Machine");
    ObjectNode metadata = machine.putObject("metadata").put("name", name).put("namespace", "openshift-machine-api")
        .put("uid", uuid()).put("resourceVersion", String.valueOf(200000 + i)).put("generation", 2)
        .put("creationTimestamp", "2026-11-02T10:05:00Z");
    metadata.putObject("labels").put("machine.openshift.io/cluster-api-cluster", "cluster")
        .put("machine.openshift.io/cluster-api-machine-role", "worker")
        .put("machine.openshift.io/cluster-api-machine-type", "worker")
        .put("machine.openshift.io/cluster-api-machineset", "cluster-worker-us-east-1a")
        .put("machine.openshift.io/instance-type", "m6i.xlarge").put("machine.openshift.io/region", "us-east-1")
        .put("machine.openshift.io/zone", "us-east-1a");
    metadata.putObject("annotations").put("machine.openshift.io/instance-state", "running");
    metadata.putArray("finalizers").add("machine.machine.openshift.io");
    metadata.putArray("ownerReferences").addObject().put("apiVersion", "machine.openshift.io/v1beta1")
        .put("kind", "MachineSet").put("name", "cluster-worker-us-east-1a").put("uid", uuid())
        .put("controller", true).put("blockOwnerDeletion", true);
    ObjectNode spec = machine.putObject("spec").put("providerID", "aws:///us-east-1a/" + instance);
    spec.putObject("metadata");
    spec.putObject("lifecycleHooks");
    ObjectNode value = spec.putObject("providerSpec").putObject("value")
        .put("apiVersion", "machine.openshift.io/v1beta1").put("kind", "AWSMachineProviderConfig")
        .put("instanceType", "m6i.xlarge").put("deviceIndex", 0);
    value.putObject("ami").put("id", "ami-0" + hex(8));
    value.putArray("blockDevices").addObject().putObject("ebs").put("encrypted", true).put("iops", 0)
        .put("volumeSize", 120).put("volumeType", "gp3").putObject("kmsKey").put("arn", "");
    value.putObject("credentialsSecret").put("name", "aws-cloud-credentials");
    value.putObject("iamInstanceProfile").put("id", "cluster-worker-profile");
    value.putObject("metadata").putNull("creationTimestamp");
    value.putObject("placement").put("availabilityZone", "us-east-1a").put("region", "us-east-1");
    value.putArray("securityGroups").addObject().putArray("filters").addObject().put("name", "tag:Name")
        .putArray("values").add("cluster-worker-sg");
    value.putObject("subnet").putArray("filters").addObject().put("name", "tag:Name").putArray("values")
        .add("cluster-private-us-east-1a");
    value.putArray("tags").addObject().put("name", "kubernetes.io/cluster/cluster").put("value", "owned");
    value.putObject("userDataSecret").put("name", "worker-user-data");
    ObjectNode status = machine.putObject("status").put("phase", "Running")
        .put("lastUpdated", "2026-11-02T10:09:00Z");
    status.putObject("nodeRef").put("kind", "Node").put("name", "ip-10-0-" + (i / 250) + "-" + (i % 250 + 2)
        + ".ec2.internal").put("uid", uuid());
    ArrayNode addresses = status.putArray("addresses");
    addresses.addObject().put("type", "InternalIP").put("address", "10.0." + (i / 250) + "." + (i % 250 + 2));
    addresses.addObject().put("type", "InternalDNS").put("address", "ip-10-0-" + i + ".ec2.internal");
    addresses.addObject().put("type", "Hostname").put("address", "ip-10-0-" + i + ".ec2.internal");
    ArrayNode conditions = status.putArray("conditions");
    for (String type : new String[] {"Drainable", "InstanceExists", "Terminable"}) {
      conditions.addObject().put("type", type).put("status", "True").put("lastTransitionTime", "2026-11-02T10:06:00Z");
    }
    ObjectNode providerStatus = status.putObject("providerStatus").put("apiVersion", "machine.openshift.io/v1beta1")
        .put("kind", "AWSMachineProviderStatus").put("instanceId", instance).put("instanceState", "running");
    providerStatus.putArray("conditions").addObject().put("type", "MachineCreation").put("status", "True")
        .put("reason", "MachineCreationSucceeded").put("message", "Machine successfully created")
        .put("lastTransitionTime", "2026-11-02T10:06:00Z").put("lastProbeTime", "2026-11-02T10:06:00Z");
    ArrayNode managed = metadata.putArray("managedFields");
    managed.add(entry("machineset-controller", "Update", null, fieldsOf(JSON.objectNode()
        .<ObjectNode>set("metadata", JSON.objectNode().set("labels", metadata.get("labels").deepCopy()))
        .set("spec", spec.deepCopy()))));
    managed.add(entry("machine-controller-manager", "Update", null, fieldsOf(JSON.objectNode()
        .set("metadata", JSON.objectNode().set("annotations", metadata.get("annotations").deepCopy())))));
    managed.add(entry("machine-controller-manager", "Update", "status", fieldsOf(JSON.objectNode()
        .set("status", status.deepCopy()))));
    return machine;
  }

  private static ObjectNode entry(String manager, String operation, String subresource, JsonNode fields) {
    ObjectNode entry = JSON.objectNode().put("apiVersion", "v1").put("fieldsType", "FieldsV1").put("manager", manager)
        .put("operation", operation).put("time", "2026-12-07T10:00:00Z");
    if (subresource != null) {
      entry.put("subresource", subresource);
    }
    entry.set("fieldsV1", fields);
    return entry;
  }

  /** The FieldsV1 form of an object: {@code f:<key>} per field, {@code k:{...}} per keyed list item. */
  private static JsonNode fieldsOf(JsonNode value) {
    ObjectNode fields = JSON.objectNode();
    if (value.isObject()) {
      value.fields().forEachRemaining(e -> fields.set("f:" + e.getKey(), fieldsOf(e.getValue())));
    } else if (value.isArray()) {
      for (JsonNode item : value) {
        if (item.isObject() && (item.has("type") || item.has("name"))) {
          String key = item.has("type") ? "{\"type\":\"" + item.get("type").asText() + "\"}"
              : "{\"name\":\"" + item.get("name").asText() + "\"}";
          fields.set("k:" + key, fieldsOf(item).deepCopy());
        }
      }
    }
    return fields;
  }

  private String uuid() {
    String h = hex(16);
    return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-"
        + h.substring(20);
  }

  private static String hexOf(int seed, int bytes) {
    byte[] b = new byte[bytes];
    new Random(seed).nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
