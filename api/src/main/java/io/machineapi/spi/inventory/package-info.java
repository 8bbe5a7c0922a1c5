/**
 * The bare-metal host inventory port: the narrow view of a pool of physical hosts (BareMetalHost objects) that a
 * bare-metal provider needs to claim a host for a Machine, follow its state and give it back. <b>Planned:</b> the
 * bare-metal provider and an implementation of {@link io.machineapi.spi.inventory.HostInventory} (meant to live in
 * the controllers) do not exist yet; {@link io.machineapi.spi.ProviderEnvironment#hostInventory()}, through which a
 * provider would receive it, is empty in every process today.
 */
package io.machineapi.spi.inventory;
