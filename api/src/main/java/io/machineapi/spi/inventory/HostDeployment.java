package io.machineapi.spi.inventory;

import io.machineapi.spi.SecretReference;
import java.util.Objects;
import java.util.Optional;

/**
 * What to put on a claimed host: an image, or a custom deploy method, plus the user-data Secret (the host operator
 * reads it itself and writes it to the config drive).
 *
 * @param image the image to write, unless a custom deploy method is used
 * @param customDeployMethod the custom deploy step's name, if used
 * @param userData the user-data Secret, if any
 */
public record HostDeployment(Optional<Image> image, Optional<String> customDeployMethod,
    Optional<SecretReference> userData) {

  public HostDeployment {
    Objects.requireNonNull(image, "image");
    customDeployMethod = Objects.requireNonNull(customDeployMethod, "customDeployMethod").filter(s -> !s.isBlank());
    Objects.requireNonNull(userData, "userData");
    if (image.isEmpty() && customDeployMethod.isEmpty()) {
      throw new IllegalArgumentException("a deployment needs an image or a custom deploy method");
    }
  }

  /**
   * A disk image.
   *
   * @param url where to download it
   * @param checksum the checksum value, or a URL of one
   * @param checksumType {@code md5}, {@code sha256}, {@code sha512} or {@code auto}
   * @param format {@code raw}, {@code qcow2}, {@code vdi}, {@code vmdk} or {@code live-iso}, if known
   */
  public record Image(String url, String checksum, String checksumType, Optional<String> format) {
    public Image {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(checksum, "checksum");
      Objects.requireNonNull(checksumType, "checksumType");
      Objects.requireNonNull(format, "format");
    }
  }
}
