package io.machineapi.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretRedactionTest {

  private static final String USER_DATA = "{\"ignition\":{\"version\":\"3.2.0\",\"secret-token\":\"s3cr3t-ign\"}}";
  private static final String ACCESS_KEY = "AKIAEXAMPLEKEY123456";
  private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  private static ResolvedSecrets secrets() {
    return ResolvedSecrets.none()
        .withUserDataSecret(new SecretContents("worker-user-data",
            Map.of("userData", bytes(USER_DATA), "disableTemplating", bytes("true"))))
        .withCredentialsSecret(new SecretContents("aws-cloud-credentials",
            Map.of("aws_access_key_id", bytes(ACCESS_KEY), "aws_secret_access_key", bytes(SECRET_KEY))));
  }

  @Test
  void toStringOfSecretsNamesSecretsAndKeysButNeverValues() {
    String printed = secrets().toString();

    assertThat(printed).contains("worker-user-data", "aws-cloud-credentials", "aws_access_key_id", "userData");
    assertThat(printed).doesNotContain(ACCESS_KEY, SECRET_KEY, "s3cr3t-ign", "ignition");
  }

  @Test
  void toStringOfMachineContextCarryingSecretsNeverPrintsValues() {
    MachineContext machine = MachineContext.builder("openshift-machine-api", "worker-a", "uid-1", "infra-1")
        .secrets(secrets())
        .build();

    assertThat(machine.toString()).contains("worker-a").doesNotContain(ACCESS_KEY, SECRET_KEY, "s3cr3t-ign");
  }

  @Test
  void userDataIsReadFromTheUserDataKey() {
    assertThat(secrets().userData()).map(b -> new String(b, StandardCharsets.UTF_8)).contains(USER_DATA);
    assertThat(ResolvedSecrets.none().userData()).isEmpty();
    ResolvedSecrets withoutKey = ResolvedSecrets.none()
        .withUserDataSecret(new SecretContents("worker-user-data", Map.of("value", bytes("x"))));
    assertThat(withoutKey.userData()).isEmpty();
  }

  @Test
  void secretBytesCannotBeChangedThroughTheConstructorArgumentOrAGetter() {
    byte[] original = bytes(ACCESS_KEY);
    SecretContents secret = new SecretContents("creds", Map.of("key", original));

    original[0] = 'X';
    secret.get("key").orElseThrow()[1] = 'Y';

    assertThat(secret.getString("key")).contains(ACCESS_KEY);
  }

  @Test
  void secretsWithEqualContentAreEqual() {
    assertThat(secrets()).isEqualTo(secrets());
    assertThat(new SecretContents("a", Map.of("k", bytes("1"))))
        .isNotEqualTo(new SecretContents("a", Map.of("k", bytes("2"))));
    assertThat(secrets().credentialsSecret()).map(SecretContents::keys).isEqualTo(
        Optional.of(java.util.Set.of("aws_access_key_id", "aws_secret_access_key")));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
