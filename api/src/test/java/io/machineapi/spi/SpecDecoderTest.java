package io.machineapi.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecDecoderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  record Ebs(Integer volumeSize, String volumeType) {}

  record BlockDevice(String deviceName, Ebs ebs) {}

  enum Tenancy { DEFAULT, DEDICATED }

  record Spec(String instanceType, Integer bootSeconds, Tenancy tenancy, List<BlockDevice> blockDevices) {
    Spec {
      if (bootSeconds != null && bootSeconds < 0) {
        throw new IllegalArgumentException("must not be negative");
      }
    }
  }

  @Test
  void bindsAndIgnoresTheTypeHeader() throws Exception {
    Spec spec = SpecDecoder.strict().decode(json("""
        {"apiVersion": "x/v1", "kind": "SimMachineProviderSpec", "metadata": {"creationTimestamp": null},
         "instanceType": "m5.large", "bootSeconds": 3,
         "blockDevices": [{"ebs": {"volumeSize": 120}}]}"""), Spec.class);

    assertThat(spec.instanceType()).isEqualTo("m5.large");
    assertThat(spec.blockDevices().get(0).ebs().volumeSize()).isEqualTo(120);
  }

  @Test
  void wrongTypeDeepInAListNamesTheFieldPathWithIndex() {
    InvalidConfigurationException e = decodeFails(SpecDecoder.lenient(), """
        {"blockDevices": [{"ebs": {"volumeSize": 1}}, {"ebs": {"volumeSize": "big"}}]}""");

    assertThat(e.errors()).singleElement().satisfies(err -> {
      assertThat(err.path()).isEqualTo("providerSpec.value.blockDevices[1].ebs.volumeSize");
      assertThat(err.message()).isEqualTo("expected an integer, got \"big\"");
    });
  }

  @Test
  void strictDecodingRejectsUnknownFieldsAndLenientIgnoresThem() throws Exception {
    String typo = """
        {"instanceTyp": "m5.large"}""";

    InvalidConfigurationException e = decodeFails(SpecDecoder.strict(), typo);

    assertThat(e.getMessage()).isEqualTo("providerSpec.value.instanceTyp: unknown field");
    assertThat(SpecDecoder.lenient().decode(json(typo), Spec.class).instanceType()).isNull();
  }

  @Test
  void validationInTheRecordConstructorBecomesAFieldError() {
    InvalidConfigurationException e = decodeFails(SpecDecoder.lenient(), """
        {"bootSeconds": -4}""");

    assertThat(e.errors().get(0).message()).isEqualTo("must not be negative");
    assertThat(e.errors().get(0).path()).startsWith("providerSpec.value");
  }

  @Test
  void unknownEnumValueListsTheAllowedOnes() {
    InvalidConfigurationException e = decodeFails(SpecDecoder.lenient(), """
        {"tenancy": "shared"}""");

    assertThat(e.getMessage())
        .isEqualTo("providerSpec.value.tenancy: expected one of DEFAULT, DEDICATED, got \"shared\"");
  }

  @Test
  void objectWhereAStringIsExpectedIsReported() {
    InvalidConfigurationException e = decodeFails(SpecDecoder.lenient(), """
        {"instanceType": {"name": "m5"}}""");

    assertThat(e.getMessage()).isEqualTo("providerSpec.value.instanceType: expected a string");
  }

  @Test
  void missingOrNonObjectValueIsInvalid() {
    assertThat(catchThrowableOfType(() -> SpecDecoder.lenient().decode(null, Spec.class),
        InvalidConfigurationException.class)).hasMessage("providerSpec.value: must be set");
    assertThat(catchThrowableOfType(() -> SpecDecoder.lenient().decode(NullNode.getInstance(), Spec.class),
        InvalidConfigurationException.class)).hasMessage("providerSpec.value: must be set");
    assertThat(decodeFails(SpecDecoder.lenient(), "[1]")).hasMessage("providerSpec.value: must be an object, got array");
  }

  private static InvalidConfigurationException decodeFails(SpecDecoder decoder, String value) {
    InvalidConfigurationException e = catchThrowableOfType(() -> decoder.decode(json(value), Spec.class),
        InvalidConfigurationException.class);
    assertThat(e).as("decoding %s should fail", value).isNotNull();
    return e;
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
