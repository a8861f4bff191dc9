package dev.journeys.testkit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A JUnit 5 extension that hands each test a {@link JourneyTestEnvironment.Builder} whose clock
 * starts at the test's {@link StartAt} (on the method, its class, or an enclosing class), prints
 * every contact's timeline when the test fails, and closes every environment the test built
 * when the test (or, for a builder given to {@code @BeforeAll}, the class) is done.
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
public final class JourneyTestExtension implements ParameterResolver, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(JourneyTestExtension.class);

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

    /** The environments built in one extension context; closed by JUnit when that context ends. */
    private static final class Built implements AutoCloseable {
        final List<JourneyTestEnvironment> environments = new ArrayList<>();

        @Override
        public void close() {
            environments.forEach(JourneyTestEnvironment::close);
        }
    }

    /** Returns this context's own list: keyed by its id, so a parent's list is never taken for it. */
    private static List<JourneyTestEnvironment> environments(ExtensionContext context) {
        return context.getStore(NAMESPACE)
                .computeIfAbsent(context.getUniqueId(), key -> new Built(), Built.class).environments;
    }

    private static Instant startOf(ExtensionContext context) {
        Optional<StartAt> annotation = context.getTestMethod().map(m -> m.getAnnotation(StartAt.class));
        for (Optional<ExtensionContext> c = Optional.of(context); annotation.isEmpty() && c.isPresent();
                c = c.get().getParent()) {
            annotation = c.get().getTestClass().map(type -> type.getAnnotation(StartAt.class));
        }
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

    /** Prints the timelines of a failed test's environments; JUnit closes them after. */
    @Override
    public void afterEach(ExtensionContext context) {
        if (context.getExecutionException().isPresent()) {
            for (JourneyTestEnvironment env : environments(context)) {
                System.err.println(env.diagnostics());
            }
        }
    }
}
