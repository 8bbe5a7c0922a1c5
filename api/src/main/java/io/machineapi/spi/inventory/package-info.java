/**
 * The bare-metal host inventory port: the narrow view of a pool of physical hosts (BareMetalHost objects) that a
 * bare-metal provider needs to claim a host for a Machine, follow its state and give it back. In this build nothing
 * implements {@link io.machineapi.spi.inventory.HostInventory} and no provider uses it:
 * {@link io.machineapi.spi.ProviderEnvironment#hostInventory()}, through which a provider receives it, is empty in
 * every process.
 */
package io.machineapi.spi.inventory;
