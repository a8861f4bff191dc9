package dev.journeys.examples;

import dev.journeys.testkit.Behaviour;
import dev.journeys.testkit.JourneyTestEnvironment;
import dev.journeys.testkit.Population;
import dev.journeys.testkit.Progress;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Scenario S1 for a crowd: a seeded population submits the guide form over one day, reads,
 * clicks and buys by simulated behaviour, and the journey runs for ten simulated days. Prints
 * progress and the report, and writes the HTML report.
 *
 * <p>Run it with {@code mvn -q -pl examples -am compile exec:java
 * -Dexample.main=dev.journeys.examples.BrewBetterSimulation} (arguments: contacts, seed, HTML
 * path; defaults 100000, 42, {@code target/brew-better-report.html}).
 */
public final class BrewBetterSimulation {

    private BrewBetterSimulation() {
    }

    /** How the simulated contacts behave. */
    static final Behaviour READING_THE_GUIDE = Behaviour.whenSent("french-press-guide")
            .opens(0.6, Duration.ofHours(2))
            .clicks("shop-grinders", 0.25, Duration.ofDays(1))
            .emits("purchase.completed", 0.05, Duration.ofDays(3));

    /**
     * Runs the simulation.
     *
     * @param size how many contacts
     * @param seed the seed of the population and the behaviour
     * @param progress told how far the simulation has come
     * @return the environment, after ten simulated days
     */
    static JourneyTestEnvironment simulate(int size, long seed, Consumer<Progress> progress) {
        Population population = Population.of(size).seed(seed)
                .zones(Map.of(ZoneId.of("America/Chicago"), 3.0, ZoneId.of("America/New_York"), 2.0))
                .consent("email", 0.97);
        JourneyTestEnvironment env = JourneyTestEnvironment.builder()
                .startingAt(BrewBetterAtHome.START)
                .journey(BrewBetterAtHome.journey())
                .population(population)
                .behaviour(READING_THE_GUIDE)
                .seed(seed)
                .onProgress(progress, Math.max(1, size / 4))
                .build();
        long spreadMillis = Duration.ofDays(1).toMillis();
        for (int i = 0; i < size; i++) {
            Instant at = BrewBetterAtHome.START.plusMillis(i * spreadMillis / Math.max(1, size));
            env.schedule(BrewBetterAtHome.guideRequested("form-" + i, population.idOf(i), at));
        }
        env.advance(Duration.ofDays(10));
        return env;
    }

    /**
     * Runs the simulation and reports it.
     *
     * @param args contacts, seed, HTML path; all optional
     * @throws IOException if the HTML report cannot be written
     */
    public static void main(String[] args) throws IOException {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42L;
        Path html = Path.of(args.length > 2 ? args[2] : "target/brew-better-report.html");
        PrintStream out = System.out;
        long started = System.nanoTime();
        out.printf("Simulating %,d contacts through '%s' (seed %d)%n", size, BrewBetterAtHome.journey().name(), seed);
        try (JourneyTestEnvironment env = simulate(size, seed, p -> out.println("  " + p))) {
            out.printf("Done in %.1f s of real time.%n%n", (System.nanoTime() - started) / 1e9);
            out.print(env.report().toText());
            out.println("fingerprint " + env.fingerprint());
            Path parent = html.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(html, env.reportHtml(), StandardCharsets.UTF_8);
            out.println("HTML report: " + html.toAbsolutePath());
        }
    }
}
