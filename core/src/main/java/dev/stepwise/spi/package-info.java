/**
 * The service-provider interfaces the engine drives (workload, traffic router, metric source,
 * state store, webhooks) and the values they exchange.
 */
@NullMarked
package dev.stepwise.spi;

import org.jspecify.annotations.NullMarked;
