package dev.stepwise.kubernetes.internal;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * fabric8's {@link LeaseLock}, remembering the last record read and the last one this identity
 * wrote: its renew time bounds how long this process may still count itself the leader, its
 * transitions give the term's epoch.
 */
public final class ObservedLeaseLock implements Lock {

    private final LeaseLock lease;
    private final String identity;
    private volatile @Nullable LeaderElectionRecord lastRead;
    private volatile @Nullable LeaderElectionRecord lastWritten;

    public ObservedLeaseLock(String namespace, String name, String identity) {
        this.lease = new LeaseLock(namespace, name, identity);
        this.identity = identity;
    }

    @Override
    public @Nullable LeaderElectionRecord get(KubernetesClient client) {
        LeaderElectionRecord read = lease.get(client);
        lastRead = read;
        return read;
    }

    @Override
    public void create(KubernetesClient client, LeaderElectionRecord record) {
        lease.create(client, record);
        written(record);
    }

    @Override
    public void update(KubernetesClient client, LeaderElectionRecord record) {
        lease.update(client, record);
        written(record);
    }

    private void written(LeaderElectionRecord record) {
        if (identity.equals(record.getHolderIdentity())) {
            lastWritten = record;
        }
        lastRead = record;
    }

    /** The last record this identity wrote as holder (acquired or renewed), if any. */
    public Optional<LeaderElectionRecord> lastWritten() {
        return Optional.ofNullable(lastWritten);
    }

    /** When this identity last renewed the lease (the renew time it wrote, by this process's clock). */
    public Optional<Instant> lastRenewed() {
        return lastWritten().map(r -> r.getRenewTime().toInstant());
    }

    /** The holder of the last record read or written; empty when nobody held it. */
    public Optional<String> holder() {
        LeaderElectionRecord read = lastRead;
        return read == null ? Optional.empty() : Optional.ofNullable(read.getHolderIdentity()).filter(h -> !h.isEmpty());
    }

    /** When the holder of the last record read acquired it. */
    public Optional<Instant> heldSince() {
        LeaderElectionRecord read = lastRead;
        return read == null || read.getAcquireTime() == null ? Optional.empty() : Optional.of(read.getAcquireTime().toInstant());
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public String describe() {
        return lease.describe();
    }

    @Override
    public String toString() {
        return "ObservedLeaseLock[" + describe() + " as " + identity + "]";
    }
}
