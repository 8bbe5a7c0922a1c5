package io.machineapi.providers.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the admission webhook gets from the AWS provider: OpenShift's defaults and the missing-IAM warning. */
class AwsAdmissionDefaultsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final AwsMachineProvider provider = new AwsMachineProvider();

  @Test
  void openShiftsDefaultsFillWhatIsMissing() throws Exception {
    JsonNode value = JSON.valueToTree(Map.of("kind", "AWSMachineProviderConfig", "ami", Map.of("id", "ami-1"),
        "credentialsSecret", Map.of()));
    JsonNode defaulted = provider.defaults(value);
    assertThat(defaulted.path("instanceType").asText()).isEqualTo("m5.large");
    assertThat(defaulted.path("userDataSecret").path("name").asText()).isEqualTo("worker-user-data");
    assertThat(defaulted.path("credentialsSecret").path("name").asText()).isEqualTo("aws-cloud-credentials");
    assertThat(value.has("instanceType")).as("the argument is not changed").isFalse();
    assertThat(provider.decode(defaulted).credentialsSecret()).hasValueSatisfying(
        s -> assertThat(s.name()).isEqualTo("aws-cloud-credentials"));
  }

  @Test
  void valuesThatAreSetAreKept() {
    JsonNode value = JSON.valueToTree(Map.of("kind", "AWSMachineProviderConfig", "instanceType", "m6g.large",
        "userDataSecret", Map.of("name", "infra-user-data"), "credentialsSecret", Map.of("name", "mine")));
    assertThat(provider.defaults(value)).isEqualTo(value);
    assertThat(provider.defaults(null)).isNull();
  }

  @Test
  void aSpecWithoutAnIamInstanceProfileWarns() throws Exception {
    assertThat(provider.warnings(provider.decode(JSON.valueToTree(Map.of("ami", Map.of("id", "ami-1"))))))
        .singleElement().asString().startsWith("providerSpec.value.iamInstanceProfile: not set");
    assertThat(provider.warnings(provider.decode(JSON.valueToTree(Map.of("ami", Map.of("id", "ami-1"),
        "iamInstanceProfile", Map.of("id", "worker-profile")))))).isEmpty();
  }
}
