package io.machineapi.autoscaler.core;

/** A node taint; effect is NoSchedule, PreferNoSchedule or NoExecute. */
public record Taint(String key, String value, String effect) {
  public boolean blocksScheduling() {
    return "NoSchedule".equals(effect) || "NoExecute".equals(effect);
  }

  @Override
  public String toString() {
    return key + (value == null || value.isEmpty() ? "" : "=" + value) + ":" + effect;
  }
}
