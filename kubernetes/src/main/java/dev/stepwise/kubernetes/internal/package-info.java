/**
 * How the Kubernetes adapters call the API server and encode rollouts in ConfigMaps. Not API: may change in any release.
 */
@NullMarked
package dev.stepwise.kubernetes.internal;

import org.jspecify.annotations.NullMarked;
