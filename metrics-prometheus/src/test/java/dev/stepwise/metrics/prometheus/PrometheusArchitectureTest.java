package dev.stepwise.metrics.prometheus;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The Prometheus adapter depends on core's model and SPIs, not on how a spec is read: an adapter
 * is configured in code or from a map, so it must not pull in the spec reader. The one exception is
 * {@link PrometheusMetricsProvider}, the bridge a launcher uses from {@code spec.metricsServer}.
 */
@AnalyzeClasses(packages = "dev.stepwise.metrics.prometheus", importOptions = ImportOption.DoNotIncludeTests.class)
class PrometheusArchitectureTest {

    @ArchTest
    static final ArchRule the_adapter_does_not_depend_on_the_spec_reader = noClasses()
            .that().resideInAPackage("dev.stepwise.metrics.prometheus..")
            .and().doNotHaveSimpleName(PrometheusMetricsProvider.class.getSimpleName())
            .should().dependOnClassesThat().resideInAPackage("dev.stepwise.spec..")
            .because("an adapter depends on core's model and SPIs; durations come from dev.stepwise.time");
}
