package dev.stepwise.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The house rule that makes strategies testable without a cluster: the model and the strategies
 * do no I/O, start no threads, read no clock and draw no random numbers. Time reaches them as
 * data ({@code Observation.now}). And core as a whole depends on the JDK, slf4j and Jackson only.
 */
@AnalyzeClasses(packages = "dev.stepwise", importOptions = ImportOption.DoNotIncludeTests.class)
class PureCoreArchitectureTest {

    private static final String[] PURE = {"dev.stepwise.traffic..", "dev.stepwise.rollout..",
            "dev.stepwise.strategy..", "dev.stepwise.analysis..", "dev.stepwise.validation..", "dev.stepwise.time.."};

    @ArchTest
    static final ArchRule strategies_and_the_model_do_no_io = noClasses().that().resideInAnyPackage(PURE)
            .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio..", "java.net.http..",
                    "java.sql..", "javax.net..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.URL")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.URLConnection")
            .because("strategies are pure step functions; I/O belongs to the engine and adapters");

    @ArchTest
    static final ArchRule strategies_and_the_model_start_no_threads = noClasses().that().resideInAnyPackage(PURE)
            .should().dependOnClassesThat().resideInAnyPackage("java.util.concurrent..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName(Thread.class.getName())
            .orShould().dependOnClassesThat().haveFullyQualifiedName(Runnable.class.getName())
            .because("a step is computed on the caller's thread and returns");

    @ArchTest
    static final ArchRule strategies_and_the_model_read_no_clock = noClasses().that().resideInAnyPackage(PURE)
            .should().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().callMethod(java.time.Instant.class, "now")
            .orShould().callMethod(java.time.LocalDateTime.class, "now")
            .orShould().callMethod(java.time.ZonedDateTime.class, "now")
            .orShould().callMethod(java.time.OffsetDateTime.class, "now")
            .orShould().callMethod(java.time.LocalDate.class, "now")
            .orShould().dependOnClassesThat().haveFullyQualifiedName(java.time.Clock.class.getName())
            .because("time arrives as Observation.now, so the same inputs always give the same step");

    @ArchTest
    static final ArchRule strategies_and_the_model_draw_no_random_numbers = noClasses().that().resideInAnyPackage(PURE)
            .should().dependOnClassesThat().haveFullyQualifiedName(java.util.Random.class.getName())
            .orShould().dependOnClassesThat().haveFullyQualifiedName(java.security.SecureRandom.class.getName())
            .orShould().dependOnClassesThat().haveFullyQualifiedName(java.util.UUID.class.getName())
            .orShould().callMethod(Math.class, "random")
            .because("randomness would make a step impossible to replay");

    @ArchTest
    static final ArchRule strategies_and_the_model_log_nothing = noClasses().that().resideInAnyPackage(PURE)
            .should().dependOnClassesThat().resideInAnyPackage("org.slf4j..")
            .because("a strategy reports through Emit actions and Transition reasons, not logs");

    @ArchTest
    static final ArchRule core_depends_on_the_jdk_slf4j_and_jackson_only = classes().that().resideInAPackage("dev.stepwise..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.stepwise..", "java..", "javax.annotation..",
                    "org.slf4j..", "com.fasterxml.jackson..", "org.jspecify.annotations..",
                    // SnakeYAML comes with jackson-dataformat-yaml; its LoaderOptions bound YAML input
                    "org.yaml.snakeyaml..")
            .because("stepwise-core is embedded in other people's platforms; it brings nothing else");

    @ArchTest
    static final ArchRule only_the_spec_package_depends_on_the_spec_reader = noClasses().that()
            .resideOutsideOfPackages("dev.stepwise.spec..", "dev.stepwise.launch..")
            .should().dependOnClassesThat().resideInAPackage("dev.stepwise.spec..")
            .because("the spec is one way in; the engine, the SPIs and adapters work without it (the launch"
                    + " package is the bridge from a spec to them)");
}
