package dev.journeys.examples;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Rules about which of the library's classes may use which, over the main code of every module:
 * packages form layers without cycles, the model imports nothing of the runtime, the internals of
 * the core are the core's own, the kernel needs no host, and nothing in the core reads the system
 * clock.
 */
class ArchitectureTest {

    private static final JavaClasses LIBRARY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.journeys");

    @Test
    void noPackageDependsOnItselfThroughAnother() {
        slices().matching("dev.journeys.(**)").should().beFreeOfCycles()
                .because("each package is a layer: the model, then events, the kernel, validation, the SPI"
                        + " and persistence, then the engine and the modules built on it")
                .check(LIBRARY);
    }

    @Test
    void theModelImportsNothingOfTheRuntime() {
        classes().that().resideInAnyPackage("dev.journeys.core", "dev.journeys.core.event")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.journeys.core", "dev.journeys.core.event",
                        "dev.journeys.core.internal", "java..", "com.google.re2j..")
                .because("journeys, contacts, events and states are values: they know no engine, store or kernel")
                .check(LIBRARY);
    }

    @Test
    void nothingOutsideTheCoreUsesItsInternals() {
        noClasses().that().resideOutsideOfPackage("dev.journeys.core..")
                .should().dependOnClassesThat().resideInAPackage("dev.journeys.core.internal..")
                .because("the DSL, JSON, testkit, stores and examples use only the core's public packages")
                .check(LIBRARY);
    }

    @Test
    void theKernelNeedsNoHost() {
        noClasses().that().resideInAPackage("dev.journeys.core.kernel..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.journeys.core.internal..",
                        "dev.journeys.core.spi..", "dev.journeys.core.engine..", "dev.journeys.core.validation..", "java.sql..", "java.io..", "java.net..", "java.util.concurrent..",
                        "org.slf4j..")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("JourneyEngine")
                .because("the kernel is a pure step function: no host, store, SPI, I/O, threads or logging")
                .check(LIBRARY);
    }

    @Test
    void theCoreReadsTimeOnlyFromTheInjectedClock() {
        noClasses().that().resideInAPackage("dev.journeys.core..")
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(Instant.class, "now")
                .orShould().callMethod(Clock.class, "systemUTC")
                .orShould().callMethod(Clock.class, "systemDefaultZone")
                .orShould().callMethod(LocalDateTime.class, "now")
                .orShould().callMethod(ZonedDateTime.class, "now")
                .because("time comes from the InstantSource the engine is built with")
                .check(LIBRARY);
    }
}
