package dev.journeys.store.postgres;

/**
 * What {@link CrashTest} measures after its run, from the channel's tables.
 *
 * @param contacts the contacts that signed up
 * @param messagesExpected one per contact and message of the journey
 * @param messagesDelivered distinct messages (contact and message) delivered
 * @param effectsLost messages expected but never sent
 * @param timersLost messages that follow a wait (sent when its timer fires) never sent
 * @param unfinishedContacts contacts still in the journey, or with an effect not dispatched, at the end
 * @param duplicatesWithKeys messages delivered more than once by a channel that honours idempotency
 *     keys: a message sent again under another key
 * @param channelCalls every call of the channel
 * @param duplicatesWithoutKeys calls beyond the first for a key: what a channel that ignores keys delivers twice
 * @param crashes the faults injected: nodes killed or paused past their leases, connections cut
 * @param claimsTakenOver contacts claimed while an earlier claim on them had run out (each node
 *     saves its count every 200 ms, so a killed node's count is its last saved)
 * @param effectsDropped sends given up after every retry failed ({@code EngineStats.effectsDropped},
 *     of the nodes that stopped when asked): counted, and among the effects lost
 * @param nodeStats the engine statistics of the nodes that stopped when asked
 */
record CrashFigures(int contacts, long messagesExpected, long messagesDelivered, long effectsLost, long timersLost,
                    long unfinishedContacts, long duplicatesWithKeys, long channelCalls, long duplicatesWithoutKeys,
                    int crashes, long claimsTakenOver, long effectsDropped, String nodeStats) {

    private static final java.util.regex.Pattern DROPPED = java.util.regex.Pattern.compile("effectsDropped=(\\d+)");

    static CrashFigures read(NodeCluster cluster, int contacts, long unfinished, int crashes) {
        long expected = (long) contacts * CrashRig.MESSAGES.length;
        long delivered = cluster.count("SELECT count(DISTINCT (contact_id, message)) FROM crash_delivery");
        long afterWaits = cluster.count("SELECT count(DISTINCT (contact_id, message)) FROM crash_delivery"
                + " WHERE message <> '" + CrashRig.MESSAGES[0] + "'"); // every other message follows a wait
        long deliveries = cluster.count("SELECT count(*) FROM crash_delivery");
        long calls = cluster.count("SELECT count(*) FROM crash_call");
        long keys = cluster.count("SELECT count(DISTINCT idempotency_key) FROM crash_call");
        return new CrashFigures(contacts, expected, delivered, expected - delivered,
                (long) contacts * (CrashRig.MESSAGES.length - 1) - afterWaits, unfinished, deliveries - delivered, calls, calls - keys, crashes,
                cluster.count("SELECT coalesce(sum(claims_taken_over), 0) FROM crash_node"),
                DROPPED.matcher(cluster.nodeStats()).results().mapToLong(found -> Long.parseLong(found.group(1))).sum(),
                cluster.nodeStats());
    }

    @Override
    public String toString() {
        return "contacts " + contacts + ", faults " + crashes
                + "\nmessages expected " + messagesExpected + ", delivered " + messagesDelivered
                + "\ntimers lost " + timersLost + ", effects lost " + effectsLost
                + " (dropped after every retry failed " + effectsDropped + ")"
                + ", contacts unfinished " + unfinishedContacts
                + "\nduplicates through a channel honouring idempotency keys " + duplicatesWithKeys
                + "\nchannel calls " + channelCalls + ", duplicates through a channel ignoring keys "
                + duplicatesWithoutKeys
                + "\nclaims taken over " + claimsTakenOver
                + "\nnodes:" + nodeStats;
    }
}
