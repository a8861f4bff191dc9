package dev.journeys.testkit;

/**
 * Entry point of the testkit's AssertJ assertions.
 *
 * <pre>{@code
 * import static dev.journeys.testkit.JourneyAssertions.assertThat;
 *
 * assertThat(env.contact("ana"))
 *         .received("french-press-guide", "grinder-offer")
 *         .receivedWithin("grinder-offer", Duration.ofDays(2))
 *         .exited("brew-better-at-home", ExitCause.COMPLETED);
 * }</pre>
 *
 * <p>Not instantiable.
 */
public final class JourneyAssertions {

    private JourneyAssertions() {
    }

    /** Starts assertions on one contact's history. */
    public static ContactAssert assertThat(ContactHistory actual) {
        return new ContactAssert(actual);
    }
}
