package io.machineapi.providers.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.machineapi.spi.FieldErrors;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.ResolvedSecrets;
import io.machineapi.spi.SecretContents;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * One entry of a clouds.yaml (the credentials Secret's key {@value #CLOUDS_KEY}, optional CA bundle {@value
 * #CACERT_KEY}), as Keystone v3 password authentication needs it. {@link #toString()} prints no password, and
 * {@link #key()} identifies the credential by a hash, so neither can leak a secret into a log or a message.
 */
record CloudConfig(String cloudName, String authUrl, String username, String userId, String password,
    String projectName, String projectId, String userDomainName, String userDomainId, String projectDomainName,
    String projectDomainId, String region, String interfaceName, Optional<String> caCert, boolean verify,
    String key) {

  static final String CLOUDS_KEY = "clouds.yaml";
  static final String CACERT_KEY = "cacert";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The entry {@code cloudName} of the Secret's clouds.yaml. */
  static CloudConfig from(ResolvedSecrets secrets, String cloudName) throws InvalidConfigurationException {
    SecretContents secret = secrets.credentialsSecret().orElseThrow(() -> new InvalidConfigurationException(
        FieldErrors.PROVIDER_SPEC_VALUE + ".cloudsSecret", "the Secret was not resolved"));
    byte[] yaml = secret.get(CLOUDS_KEY).orElseThrow(() -> new InvalidConfigurationException(
        FieldErrors.PROVIDER_SPEC_VALUE + ".cloudsSecret", "Secret " + secret.name() + " has no key " + CLOUDS_KEY));
    Optional<String> ca = secret.get(CACERT_KEY).map(b -> new String(b, StandardCharsets.UTF_8))
        .filter(s -> !s.isBlank());
    return parse(yaml, cloudName, ca, secret.name());
  }

  static CloudConfig parse(byte[] yaml, String cloudName, Optional<String> caCert, String secretName)
      throws InvalidConfigurationException {
    String path = FieldErrors.PROVIDER_SPEC_VALUE + ".cloudName";
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (java.io.IOException | RuntimeException e) {
      // The parser's message may quote the document: say only where it is.
      throw new InvalidConfigurationException(FieldErrors.PROVIDER_SPEC_VALUE + ".cloudsSecret",
          "key " + CLOUDS_KEY + " of Secret " + secretName + " is not valid YAML");
    }
    JsonNode cloud = root == null ? null : root.path("clouds").get(cloudName);
    if (cloud == null || !cloud.isObject()) {
      throw new InvalidConfigurationException(path, "cloud \"" + cloudName + "\" not found in " + CLOUDS_KEY
          + " of Secret " + secretName);
    }
    JsonNode auth = cloud.path("auth");
    String authUrl = text(auth, "auth_url");
    String password = text(auth, "password");
    if (authUrl == null || password == null || text(auth, "username") == null && text(auth, "user_id") == null) {
      throw new InvalidConfigurationException(path, "cloud \"" + cloudName + "\" of Secret " + secretName
          + " needs auth.auth_url, auth.username (or user_id) and auth.password (Keystone v3 password auth)");
    }
    String version = text(cloud, "identity_api_version");
    if (version != null && !version.startsWith("3")) {
      throw new InvalidConfigurationException(path, "cloud \"" + cloudName + "\": identity_api_version "
          + version + " is not supported (Keystone v3 only)");
    }
    if (!authUrl.replaceAll("/+$", "").endsWith("/v3")) {
      authUrl = authUrl.replaceAll("/+$", "") + "/v3";
    }
    String iface = Optional.ofNullable(text(cloud, "interface")).orElse("public").toLowerCase(Locale.ROOT);
    boolean verify = !cloud.has("verify") || cloud.get("verify").asBoolean(true);
    return new CloudConfig(cloudName, authUrl, text(auth, "username"), text(auth, "user_id"), password,
        text(auth, "project_name"), text(auth, "project_id"),
        first(text(auth, "user_domain_name"), text(auth, "domain_name")), text(auth, "user_domain_id"),
        first(text(auth, "project_domain_name"), text(auth, "domain_name")), text(auth, "project_domain_id"),
        text(cloud, "region_name"), iface, caCert, verify, hash(cloud, caCert));
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
  }

  /** SHA-256 of the entry and CA bundle: the cache key of the credential, safe to log. */
  private static String hash(JsonNode cloud, Optional<String> caCert) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(cloud.toString().getBytes(StandardCharsets.UTF_8));
      caCert.ifPresent(c -> d.update(c.getBytes(StandardCharsets.UTF_8)));
      return HexFormat.of().formatHex(d.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "Cloud[" + cloudName + ", " + authUrl + ", region " + region + ", credential " + key + "]";
  }
}
