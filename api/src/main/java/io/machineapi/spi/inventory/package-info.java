/**
 * The bare-metal host inventory port: the narrow view of a pool of physical hosts (BareMetalHost objects) that a
 * bare-metal provider needs to claim a host for a Machine, follow its state and give it back. The controllers
 * implement {@link io.machineapi.spi.inventory.HostInventory}; providers receive it through
 * {@link io.machineapi.spi.ProviderEnvironment#hostInventory()}.
 */
package io.machineapi.spi.inventory;
