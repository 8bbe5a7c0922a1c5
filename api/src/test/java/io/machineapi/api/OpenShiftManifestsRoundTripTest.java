package io.machineapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.api.autoscaling.v1.ClusterAutoscaler;
import io.machineapi.api.autoscaling.v1.EnabledDisabled;
import io.machineapi.api.autoscaling.v1.Expander;
import io.machineapi.api.autoscaling.v1beta1.MachineAutoscaler;
import io.machineapi.api.machine.v1beta1.DeletePolicy;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineHealthCheck;
import io.machineapi.api.machine.v1beta1.MachineSet;
import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * OpenShift-style manifests (as the installer and the docs write them) read into our types and written back lose
 * no field. {@code null} values count as absent, as they do for the API server.
 */
class OpenShiftManifestsRoundTripTest {
  /** 3 read as an int and written back from a {@code Long} field is the same value. */
  private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) ->
      a.isNumber() && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue()) : (a.equals(b) ? 0 : 1);

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "aws-machineset.yaml, io.machineapi.api.machine.v1beta1.MachineSet",
      "vsphere-machineset.yaml, io.machineapi.api.machine.v1beta1.MachineSet",
      "openstack-machineset.yaml, io.machineapi.api.machine.v1beta1.MachineSet",
      "baremetal-machineset.yaml, io.machineapi.api.machine.v1beta1.MachineSet",
      "aws-machine.yaml, io.machineapi.api.machine.v1beta1.Machine",
      "machinehealthcheck.yaml, io.machineapi.api.machine.v1beta1.MachineHealthCheck",
      "machineautoscaler.yaml, io.machineapi.api.autoscaling.v1beta1.MachineAutoscaler",
      "clusterautoscaler.yaml, io.machineapi.api.autoscaling.v1.ClusterAutoscaler",
  })
  void readAndWrittenBackLosesNoField(String file, String typeName) throws Exception {
    JsonNode original = withoutNulls(Serialization.yamlMapper().readTree(read(file)));
    @SuppressWarnings("unchecked")
    Class<? extends HasMetadata> type = (Class<? extends HasMetadata>) Class.forName(typeName);

    HasMetadata typed = Serialization.unmarshal(new String(read(file)), type);
    JsonNode written = withoutNulls(Serialization.jsonMapper().valueToTree(typed));

    assertThat(written.equals(NUMBERS_BY_VALUE, original))
        .as("written back:%n%s%nread:%n%s", written.toPrettyString(), original.toPrettyString())
        .isTrue();
  }

  @Test
  void awsMachineSetFieldsAreTyped() throws IOException {
    MachineSet set = Serialization.unmarshal(new String(read("aws-machineset.yaml")), MachineSet.class);

    assertThat(set.getSpec().getReplicas()).isEqualTo(1);
    assertThat(set.getSpec().getDeletePolicy()).isEqualTo(DeletePolicy.Oldest);
    assertThat(set.getSpec().getTemplate().getSpec().getLifecycleHooks().getPreDrain())
        .singleElement().satisfies(h -> assertThat(h.getOwner()).isEqualTo("clusteroperator/etcd"));
    assertThat(set.getSpec().getTemplate().getSpec().getProviderSpec().getValue().path("kind").asText())
        .isEqualTo("AWSMachineProviderConfig");
    assertThat(set.getStatus().getLabelSelector()).startsWith("machine.openshift.io/cluster-api-cluster=");
  }

  @Test
  void machineStatusAndHealthCheckFieldsAreTyped() throws IOException {
    Machine machine = Serialization.unmarshal(new String(read("aws-machine.yaml")), Machine.class);
    MachineHealthCheck mhc = Serialization.unmarshal(new String(read("machinehealthcheck.yaml")),
        MachineHealthCheck.class);

    assertThat(machine.getStatus().getNodeRef().getName()).isEqualTo("ip-10-0-141-7.ec2.internal");
    assertThat(machine.getStatus().getProviderStatus().path("instanceId").asText()).isEqualTo("i-0a1b2c3d4e5f67890");
    assertThat(mhc.getSpec().getMaxUnhealthy().getStrVal()).isEqualTo("40%");
    assertThat(mhc.getSpec().getUnhealthyConditions()).hasSize(2);
  }

  @Test
  void autoscalerFieldsAreTyped() throws IOException {
    ClusterAutoscaler ca = Serialization.unmarshal(new String(read("clusterautoscaler.yaml")), ClusterAutoscaler.class);
    MachineAutoscaler ma = Serialization.unmarshal(new String(read("machineautoscaler.yaml")), MachineAutoscaler.class);

    assertThat(ca.getSpec().getExpanders()).containsExactly(Expander.Priority, Expander.LeastWaste);
    assertThat(ca.getSpec().getScaleDown().getCordonNodeBeforeTerminating()).isEqualTo(EnabledDisabled.Enabled);
    assertThat(ca.getSpec().getResourceLimits().getGpus()).hasSize(2);
    assertThat(ma.getSpec().getMaxReplicas()).isEqualTo(12);
    assertThat(ma.getStatus().getLastTargetRef().getName()).isEqualTo("mycluster-8wdxt-worker-us-east-1a");
  }

  private static byte[] read(String file) throws IOException {
    try (InputStream in = OpenShiftManifestsRoundTripTest.class.getResourceAsStream("/openshift/" + file)) {
      assertThat(in).as(file).isNotNull();
      return in.readAllBytes();
    }
  }

  private static JsonNode withoutNulls(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getValue().isNull()) {
          it.remove();
        } else {
          withoutNulls(field.getValue());
        }
      }
    } else if (node instanceof ArrayNode array) {
      array.forEach(OpenShiftManifestsRoundTripTest::withoutNulls);
    }
    return node;
  }
}
