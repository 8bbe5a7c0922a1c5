package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * What the garbage collector needs of each stored object, parsed once per stored version: the store keeps each
 * version as one immutable JSON string, so a summary is reused for as long as the very same string is stored
 * (identity, not equality). A sweep therefore parses only what was written since the previous sweep instead of the
 * whole store, which on a store of thousands of objects written hundreds of times a second was most of a core.
 *
 * <p>Used by the collector's single thread only.
 */
final class OwnershipSummaries {

  /** One stored object as the collector sees it. */
  record Summary(String uid, List<String> ownerUids, boolean deleting, String apiVersion, String kind,
      String namespace, String name, List<String> finalizers, List<String> blockingOwnerUids) {
  }

  private IdentityHashMap<String, Summary> previous = new IdentityHashMap<>();

  /** Summaries of the given stored versions, in order; forgets those of versions no longer stored. */
  List<Summary> refresh(List<String> storedVersions) {
    IdentityHashMap<String, Summary> next = new IdentityHashMap<>(storedVersions.size() * 2);
    List<Summary> summaries = new ArrayList<>(storedVersions.size());
    for (String stored : storedVersions) {
      Summary summary = previous.get(stored);
      if (summary == null) {
        summary = next.get(stored);
      }
      if (summary == null) {
        summary = summarise(stored);
      }
      next.put(stored, summary);
      summaries.add(summary);
    }
    previous = next;
    return summaries;
  }

  /** How many versions the cache holds (for tests). */
  int cached() {
    return previous.size();
  }

  static Summary summarise(String stored) {
    JsonNode object = Store.parse(stored);
    JsonNode metadata = object.path("metadata");
    List<String> owners = new ArrayList<>();
    List<String> blocking = new ArrayList<>();
    metadata.path("ownerReferences").forEach(owner -> {
      owners.add(owner.path("uid").asText());
      if (owner.path("blockOwnerDeletion").asBoolean(false)) {
        blocking.add(owner.path("uid").asText());
      }
    });
    List<String> finalizers = new ArrayList<>();
    metadata.path("finalizers").forEach(finalizer -> finalizers.add(finalizer.asText()));
    return new Summary(metadata.path("uid").asText(), List.copyOf(owners), metadata.hasNonNull("deletionTimestamp"),
        object.path("apiVersion").asText(), object.path("kind").asText(), metadata.path("namespace").asText(""),
        metadata.path("name").asText(), List.copyOf(finalizers), List.copyOf(blocking));
  }

  /**
   * The objects among the given stored versions that name {@code ownerUid} in an ownerReference. Only versions
   * that mention the uid at all are parsed.
   */
  static List<Summary> dependentsOf(List<String> storedVersions, String ownerUid) {
    if (ownerUid.isEmpty()) {
      return List.of();
    }
    List<Summary> dependents = new ArrayList<>();
    for (String stored : storedVersions) {
      if (stored.contains(ownerUid)) {
        Summary summary = summarise(stored);
        if (summary.ownerUids().contains(ownerUid)) {
          dependents.add(summary);
        }
      }
    }
    return dependents;
  }
}
