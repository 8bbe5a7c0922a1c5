package io.machineapi.providers.vsphere;

import io.machineapi.spi.ProviderEnvironment;
import java.time.Duration;

/**
 * The provider's settings ({@code --provider-config vsphere.KEY=VALUE}).
 *
 * @param port vCenter's HTTPS port (443)
 * @param insecure whether vCenter's certificate is accepted without verification (false)
 * @param connectTimeout connect deadline of every SOAP request (10 s)
 * @param readTimeout read deadline of every SOAP request (15 s)
 * @param taskPoll how long to wait before looking at a running vCenter task again (5 s)
 * @param inventoryMaxAge how long a retrieved VM inventory may answer describes of settled Machines (300 s)
 * @param lookupCache how long datacenter, folder, datastore, pool and network lookups are cached (900 s: longer than
 *     the 10 min between rechecks of a Running Machine, so a steady recheck needs no datacenter lookup; a failed clone
 *     or describe drops the credential's entries)
 */
record VsphereSettings(int port, boolean insecure, Duration connectTimeout, Duration readTimeout, Duration taskPoll,
    Duration inventoryMaxAge, Duration lookupCache) {

  static VsphereSettings from(ProviderEnvironment env) {
    String portText = env.config("port").orElse("443").trim();
    int port;
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("vsphere.port must be a TCP port, got " + portText);
    }
    String insecureText = env.config("insecure").orElse("false").trim();
    if (!insecureText.equalsIgnoreCase("true") && !insecureText.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException("vsphere.insecure must be true or false, got " + insecureText);
    }
    return new VsphereSettings(port, Boolean.parseBoolean(insecureText), duration(env, "connectTimeoutSeconds", 10),
        duration(env, "readTimeoutSeconds", 15), duration(env, "taskPollSeconds", 5),
        duration(env, "inventoryMaxAgeSeconds", 300), duration(env, "lookupCacheSeconds", 900));
  }

  /** Whole or fractional seconds ({@code 0.2}), positive. */
  private static Duration duration(ProviderEnvironment env, String key, int fallback) {
    String v = env.config(key).orElse(String.valueOf(fallback)).trim();
    try {
      double s = Double.parseDouble(v);
      if (!(s > 0) || s > 86_400) {
        throw new NumberFormatException();
      }
      return Duration.ofMillis(Math.max(1, Math.round(s * 1000)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("vsphere." + key + " must be a positive number of seconds, got " + v);
    }
  }
}
