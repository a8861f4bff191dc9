package dev.journeys.bench;

import dev.journeys.core.JourneyDefinition;
import dev.journeys.dsl.json.JourneyJson;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Times {@link JourneyJson#read} (parse, build and validate, the cap analysis included) of chains
 * of sends up to the largest the format's limits allow, under a cap that exits at
 * 2,147,483,647 sends a day (which no path reaches) and under one of half the sends with no wait
 * between them (which every long enough path reaches, the analysis's worst case).
 *
 * <p>Each document is read {@code repeats} times after one warm-up read; the figure is the mean.
 *
 * <p>Run: {@code java -Xmx1g -cp journey-bench/target/benchmarks.jar dev.journeys.bench.LargestJourneyRead
 * [repeats] [sends...]} (defaults: 3 repeats; 1600, 20000 and the most sends the limits allow).
 */
public final class LargestJourneyRead {

    private LargestJourneyRead() {
    }

    /**
     * Reads each chain and prints its size and time.
     *
     * @param args optional: repeats, then the numbers of sends
     */
    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            sizes.add(Integer.parseInt(args[i]));
        }
        if (sizes.isEmpty()) {
            sizes.addAll(List.of(1_600, 20_000, largest()));
        }
        PrintStream out = System.out;
        for (int sends : sizes) {
            for (long maxSends : new long[] {Integer.MAX_VALUE, sends / 2}) {
                String json = chain(sends, maxSends);
                JourneyDefinition read = JourneyJson.read(json);
                long start = System.nanoTime();
                for (int run = 0; run < repeats; run++) {
                    read = JourneyJson.read(json);
                }
                double seconds = (System.nanoTime() - start) / 1e9 / repeats;
                out.printf(Locale.ROOT, "%,7d sends, %,10d bytes, cap %,13d sends/day: read in %6.2f s (%d steps)%n",
                        sends, json.length(), maxSends, seconds, read.steps().size());
            }
        }
    }

    /** The most sends a chain may hold within the format's limits. */
    private static int largest() {
        int low = 1;
        int high = 100_000;
        while (low < high) {
            int mid = (low + high + 1) / 2;
            if (fits(chain(mid, Integer.MAX_VALUE))) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    private static boolean fits(String json) {
        if (json.length() > JourneyJson.MAX_DOCUMENT_LENGTH) {
            return false;
        }
        // One token per value, field name, and object start or end: 18 per send, 30 around them.
        long tokens = 30 + 18L * json.split("\"kind\":\"send\"", -1).length;
        return tokens <= JourneyJson.MAX_TOKEN_COUNT;
    }

    /** A chain of sends, written compactly, with one exiting cap. */
    static String chain(int sends, long maxSends) {
        StringBuilder json = new StringBuilder("{\"format\":\"journey-engine/1\",\"id\":\"long\","
                + "\"entry\":{\"kind\":\"event\",\"trigger\":{\"event\":\"go\"}},\"startStep\":\"s0\",\"steps\":[");
        for (int i = 0; i < sends; i++) {
            json.append(i == 0 ? "" : ",").append("{\"kind\":\"send\",\"id\":\"s").append(i)
                    .append("\",\"message\":\"m\",\"channel\":{\"kind\":\"fixed\",\"channel\":\"email\"}");
            if (i + 1 < sends) {
                json.append(",\"next\":\"s").append(i + 1).append('"');
            }
            json.append('}');
        }
        return json.append("],\"policies\":{\"caps\":[{\"maxSends\":").append(maxSends)
                .append(",\"window\":\"P1D\",\"whenReached\":\"exit\"}]}}").toString();
    }
}
