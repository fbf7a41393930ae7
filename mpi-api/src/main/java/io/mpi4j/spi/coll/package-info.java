/**
 * Provider-neutral collective algorithms built on point-to-point messages: what a provider gets
 * for every collective it does not implement itself (DESIGN §5).
 */
package io.mpi4j.spi.coll;
