package dev.journeys.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The instant a {@link JourneyTestExtension} test's virtual clock starts at, in ISO-8601
 * ({@code 2026-03-02T09:00:00Z}); on a test method, or on its class for every test in it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface StartAt {
    /** The instant, such as {@code 2026-03-02T09:00:00Z}. */
    String value();
}
