package dev.journeys.testkit;

import dev.journeys.core.Attributes;
import dev.journeys.core.Contact;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Generated contacts: ids {@code prefix-0000001} and up, with attributes, time zones, consent and
 * preferred channels drawn from weighted distributions and one seed.
 *
 * <pre>{@code
 * Population texans = Population.of(10_000).seed(7)
 *         .attribute("state", Map.of("TX", 0.7, "OK", 0.3))
 *         .zones(Map.of(ZoneId.of("America/Chicago"), 1.0))
 *         .consent("email", 0.95);
 * }</pre>
 *
 * <p>Each contact is drawn from its own stream of the seed, so contact 17 is the same whatever
 * the size. Immutable and thread-safe.
 */
public final class Population {

    private final int size;
    private final long seed;
    private final String prefix;
    private final Map<String, Map<Object, Double>> attributes;
    private final Map<ZoneId, Double> zones;
    private final Map<String, Double> consent;
    private final Map<String, Double> preferredChannels;

    private Population(int size, long seed, String prefix, Map<String, Map<Object, Double>> attributes,
                       Map<ZoneId, Double> zones, Map<String, Double> consent, Map<String, Double> preferredChannels) {
        this.size = size;
        this.seed = seed;
        this.prefix = prefix;
        this.attributes = attributes;
        this.zones = zones;
        this.consent = consent;
        this.preferredChannels = preferredChannels;
    }

    /**
     * Returns a population of contacts in UTC with no attributes and no consent, seed 0.
     *
     * @param size how many contacts, from 0
     * @return the population
     * @throws IllegalArgumentException if the size is negative
     */
    public static Population of(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("population size must not be negative, was " + size);
        }
        return new Population(size, 0L, "contact", Map.of(), Map.of(ZoneOffset.UTC, 1.0), Map.of(), Map.of());
    }

    /** Returns a copy drawn from another seed. */
    public Population seed(long seed) {
        return new Population(size, seed, prefix, attributes, zones, consent, preferredChannels);
    }

    /** Returns a copy whose contact ids start with the prefix. */
    public Population idPrefix(String prefix) {
        return new Population(size, seed, Objects.requireNonNull(prefix, "prefix"), attributes, zones, consent,
                preferredChannels);
    }

    /** Returns a copy where each contact gets the attribute, its value drawn with the given weights. */
    public Population attribute(String name, Map<?, Double> weights) {
        Objects.requireNonNull(name, "name");
        Map<String, Map<Object, Double>> all = new LinkedHashMap<>(attributes);
        all.put(name, checkWeights(new LinkedHashMap<Object, Double>(weights), "attribute '" + name + "'"));
        return new Population(size, seed, prefix, all, zones, consent, preferredChannels);
    }

    /** Returns a copy whose contacts live in these zones, drawn with the given weights. */
    public Population zones(Map<ZoneId, Double> weights) {
        return new Population(size, seed, prefix, attributes, checkWeights(weights, "zones"), consent, preferredChannels);
    }

    /** Returns a copy where each contact consents to the channel with the probability. */
    public Population consent(String channel, double probability) {
        Objects.requireNonNull(channel, "channel");
        Map<String, Double> all = new LinkedHashMap<>(consent);
        all.put(channel, Seeds.requireProbability(probability, "probability of consent to '" + channel + "'"));
        return new Population(size, seed, prefix, attributes, zones, all, preferredChannels);
    }

    /** Returns a copy where each contact prefers a channel, drawn with the given weights. */
    public Population preferredChannel(Map<String, Double> weights) {
        return new Population(size, seed, prefix, attributes, zones, consent,
                checkWeights(weights, "preferred channels"));
    }

    private static <K> Map<K, Double> checkWeights(Map<K, Double> weights, String what) {
        Objects.requireNonNull(weights, what);
        if (weights.isEmpty()) {
            throw new IllegalArgumentException(what + " need at least one value");
        }
        Map<K, Double> sorted = new LinkedHashMap<>();
        weights.entrySet().stream()
                .sorted((a, b) -> String.valueOf(a.getKey()).compareTo(String.valueOf(b.getKey())))
                .forEach(e -> {
                    if (!(e.getValue() > 0) || e.getValue().isInfinite()) {
                        throw new IllegalArgumentException("weight of " + e.getKey() + " in " + what
                                + " must be positive, was " + e.getValue());
                    }
                    sorted.put(e.getKey(), e.getValue());
                });
        return sorted;
    }

    /** Returns how many contacts the population has. */
    public int size() {
        return size;
    }

    /** Returns the id of the contact at an index. */
    public String idOf(int index) {
        return String.format("%s-%07d", prefix, index + 1);
    }

    /** Returns the contacts, generated as they are read. */
    public Stream<Contact> contacts() {
        return IntStream.range(0, size).mapToObj(this::contact);
    }

    /** Returns the contact at an index. */
    public Contact contact(int index) {
        Objects.checkIndex(index, size);
        SplittableRandom random = Seeds.random(seed, "population", index);
        Map<String, Object> values = new LinkedHashMap<>();
        attributes.forEach((name, weights) -> values.put(name, draw(weights, random)));
        Contact contact = Contact.of(idOf(index)).withAttributes(Attributes.of(values)).withZone(draw(zones, random));
        List<String> consented = new ArrayList<>();
        consent.forEach((channel, probability) -> {
            if (random.nextDouble() < probability) {
                consented.add(channel);
            }
        });
        contact = contact.withConsent(consented.toArray(String[]::new));
        if (!preferredChannels.isEmpty()) {
            contact = contact.withPreferredChannel(draw(preferredChannels, random));
        }
        return contact;
    }

    private static <K> K draw(Map<K, Double> weights, SplittableRandom random) {
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        double point = random.nextDouble() * total;
        K last = null;
        for (Map.Entry<K, Double> entry : weights.entrySet()) {
            last = entry.getKey();
            point -= entry.getValue();
            if (point < 0) {
                return last;
            }
        }
        return last;
    }
}
