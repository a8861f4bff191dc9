package dev.journeys.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** What an example program prints, for its test to read. */
final class Printed {

    private Printed() {
    }

    /**
     * Runs a program that prints to the stream it is given, and returns what it printed.
     *
     * @param program the program, e.g. {@code BrewBetterAtHome::run}
     * @return the printed text, decoded as UTF-8
     */
    static String by(Consumer<PrintStream> program) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        program.accept(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
