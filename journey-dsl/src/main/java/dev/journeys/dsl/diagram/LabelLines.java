package dev.journeys.dsl.diagram;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a label into the lines a writer breaks it at, before the format's own escaping. Internal.
 */
final class LabelLines {

    private LabelLines() {
    }

    /**
     * Returns the lines of a label: each given line split at its line breaks ({@code \r\n},
     * {@code \r}, {@code \n}, U+2028, U+2029), and every other control character made a space,
     * so no format sees a character it cannot hold in a label.
     *
     * @param lines the label's lines as written
     * @return the lines to draw
     */
    static List<String> of(List<String> lines) {
        List<String> split = new ArrayList<>();
        for (String line : lines) {
            StringBuilder current = new StringBuilder();
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\r' || c == '\n' || c == '\u2028' || c == '\u2029') {
                    if (c == '\r' && i + 1 < line.length() && line.charAt(i + 1) == '\n') {
                        i++;
                    }
                    split.add(current.toString());
                    current.setLength(0);
                } else {
                    current.append(Character.isISOControl(c) ? ' ' : c);
                }
            }
            split.add(current.toString());
        }
        return split;
    }
}
