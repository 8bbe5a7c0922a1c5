package io.machineapi.spi.inventory;

import io.machineapi.spi.TransientProviderException;
import java.util.Optional;

/**
 * The pool of physical hosts a bare-metal provider draws from (BareMetalHost objects in Kubernetes). In this build
 * nothing implements it and no provider uses it. Each method is one short, non-blocking step; the
 * provider polls through the controller's requeues, so no method waits for hardware.
 *
 * <p>A host is <em>claimed</em> when its consumer is a Machine UID. Claims are exclusive: implementations must make
 * a claim atomic (an optimistic-lock update), so two Machines racing for one host cannot both get it; the loser
 * sees a {@link TransientProviderException} with reason {@code CONFLICT} or simply another host.
 */
public interface HostInventory {

  /**
   * Claims a host for {@link HostClaim#consumerUid()} and asks for the deployment in one atomic step.
   * Idempotent: when a host is already claimed by that consumer, it is returned unchanged.
   * Otherwise one free host is chosen at random among those that have no consumer, are not being deleted, are in
   * state {@code ready} or {@code available}, report no error, are not externally provisioned and match
   * {@link HostClaim#selector()}.
   *
   * @return the claimed host, or empty when no free host matches (the provider then answers {@code NotYet})
   */
  Optional<Host> claim(HostClaim claim) throws TransientProviderException;

  /**
   * Reads a host.
   *
   * @return empty when the host does not exist or was re-created (its UID differs from {@code host.uid()})
   */
  Optional<Host> find(HostId host) throws TransientProviderException;

  /**
   * Starts or continues giving the host back, in two phases so a host still being wiped cannot be grabbed: first
   * the deployment (image, user data) is removed and the host deprovisions; once it has left the
   * provisioning/provisioned/deprovisioning states, the consumer is cleared. Safe to repeat.
   *
   * @param consumerUid the Machine UID that claimed it; a host claimed by someone else is left alone
   * @return the host while release is under way; empty once it no longer belongs to {@code consumerUid} (or is gone)
   */
  Optional<Host> release(HostId host, String consumerUid) throws TransientProviderException;
}
