package dev.journeys.testkit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A JUnit 5 extension that hands each test a {@link JourneyTestEnvironment.Builder} whose clock
 * starts at the test's {@link StartAt}, closes every environment the test built, and prints
 * every contact's timeline when the test fails.
 *
 * <pre>{@code
 * @ExtendWith(JourneyTestExtension.class)
 * @StartAt("2026-03-02T09:00:00Z")
 * class BrewBetterTest {
 *     @Test
 *     void clickersGetTheOffer(JourneyTestEnvironment.Builder given) {
 *         JourneyTestEnvironment env = given.journey(brewBetter).contact(ana).build();
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>Thread-safe: its state lives in each test's extension context.
 */
public final class JourneyTestExtension implements ParameterResolver, AfterEachCallback, TestWatcher {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(JourneyTestExtension.class);
    private static final String BUILT = "environments";

    /** Creates the extension; JUnit does, through {@code @ExtendWith}. */
    public JourneyTestExtension() {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == JourneyTestEnvironment.Builder.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        List<JourneyTestEnvironment> built = environments(context);
        return JourneyTestEnvironment.builder().startingAt(startOf(context)).whenBuilt(built::add);
    }

    @SuppressWarnings("unchecked")
    private static List<JourneyTestEnvironment> environments(ExtensionContext context) {
        return (List<JourneyTestEnvironment>) context.getStore(NAMESPACE)
                .getOrComputeIfAbsent(BUILT, key -> new ArrayList<JourneyTestEnvironment>());
    }

    private static Instant startOf(ExtensionContext context) {
        Optional<StartAt> annotation = context.getTestMethod().map(m -> m.getAnnotation(StartAt.class))
                .or(() -> context.getTestClass().map(c -> c.getAnnotation(StartAt.class)));
        if (annotation.isEmpty()) {
            return Instant.parse("2026-01-01T00:00:00Z");
        }
        try {
            return Instant.parse(annotation.get().value());
        } catch (DateTimeParseException bad) {
            throw new IllegalArgumentException("@StartAt must be an ISO-8601 instant such as 2026-03-02T09:00:00Z, was '"
                    + annotation.get().value() + "'", bad);
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        for (JourneyTestEnvironment env : environments(context)) {
            System.err.println(env.diagnostics());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        environments(context).forEach(JourneyTestEnvironment::close);
    }
}
