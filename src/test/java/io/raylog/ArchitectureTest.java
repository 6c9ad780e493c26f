package io.raylog;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/architecture.md, enforced: no package cycle, and each layer depends only on the layers
 * below it. A new wrong-way import fails the build with the classes that make it.
 */
class ArchitectureTest {
  private static final JavaClasses RAYLOG = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.raylog");

  /** Every package of raylog, each its own slice: no two may depend on each other, directly or through others. */
  static final ArchRule NO_PACKAGE_CYCLE = slices().matching("io.raylog.(**)").should().beFreeOfCycles();

  /**
   * Sinks are plugins: none depends on another, except on the shared HTTP client and protobuf writer, and the
   * history sink on the s3 sink's store options and credentials (it writes to an S3-compatible store too).
   */
  static final ArchRule SINKS_APART = slices().matching("io.raylog.sink.(*)..")
      .should().notDependOnEachOther()
      .ignoreDependency(resideInAPackage("io.raylog.sink.catalog.."), alwaysTrue())
      .ignoreDependency(resideInAPackage("io.raylog.sink.history.."), resideInAPackage("io.raylog.sink.s3.."))
      .ignoreDependency(alwaysTrue(), resideInAnyPackage("io.raylog.sink.http..", "io.raylog.sink.proto.."));

  static final ArchRule LAYERS = layeredArchitecture()
      .consideringOnlyDependenciesInLayers()
      .layer("Wiring").definedBy("io.raylog", "io.raylog.cli..")
      .layer("Status").definedBy("io.raylog.status..")
      .layer("Metrics").definedBy("io.raylog.metrics..")
      .layer("Sink catalog").definedBy("io.raylog.sink.catalog..")
      .layer("Sinks").definedBy("io.raylog.sink.elasticsearch..", "io.raylog.sink.file..", "io.raylog.sink.kafka..",
          "io.raylog.sink.loki..", "io.raylog.sink.otlp..", "io.raylog.sink.s3..", "io.raylog.sink.stdout..",
          "io.raylog.sink.history..", "io.raylog.sink.webhook..")
      .layer("Sink transports").definedBy("io.raylog.sink.http..", "io.raylog.sink.proto..")
      .layer("Sink contract").definedBy("io.raylog.sink")
      .layer("Retention").definedBy("io.raylog.retention..")
      .layer("Discovery").definedBy("io.raylog.discovery..")
      .layer("Tail").definedBy("io.raylog.tail..")
      .layer("Pipeline").definedBy("io.raylog.pipeline..")
      .layer("Checkpoint").definedBy("io.raylog.checkpoint..")
      .layer("Config").definedBy("io.raylog.config..")
      .layer("Parse").definedBy("io.raylog.parse..")
      .layer("Route").definedBy("io.raylog.route..")
      .layer("Redact").definedBy("io.raylog.redact..")
      .layer("Enrich").definedBy("io.raylog.enrich..")
      .layer("Record").definedBy("io.raylog.record..")
      .whereLayer("Wiring").mayNotBeAccessedByAnyLayer()
      .whereLayer("Status").mayOnlyBeAccessedByLayers("Wiring")
      .whereLayer("Metrics").mayOnlyBeAccessedByLayers("Wiring", "Status")
      .whereLayer("Sink catalog").mayOnlyBeAccessedByLayers("Wiring")
      .whereLayer("Sinks").mayOnlyBeAccessedByLayers("Sink catalog")
      .whereLayer("Sink transports").mayOnlyBeAccessedByLayers("Sinks", "Sink catalog")
      .whereLayer("Sink contract").mayOnlyBeAccessedByLayers("Sinks", "Sink transports", "Sink catalog", "Metrics",
          "Wiring")
      .whereLayer("Retention").mayOnlyBeAccessedByLayers("Metrics", "Status", "Wiring")
      .whereLayer("Discovery").mayOnlyBeAccessedByLayers("Metrics", "Status", "Wiring")
      .whereLayer("Tail").mayOnlyBeAccessedByLayers("Retention", "Discovery", "Metrics", "Status", "Wiring")
      .whereLayer("Pipeline").mayOnlyBeAccessedByLayers("Tail", "Sink contract", "Sinks", "Sink catalog", "Status",
          "Wiring")
      .whereLayer("Checkpoint").mayOnlyBeAccessedByLayers("Tail", "Metrics", "Wiring")
      .whereLayer("Config").mayOnlyBeAccessedByLayers("Retention", "Tail", "Discovery", "Sink contract", "Sink transports",
          "Sinks", "Sink catalog", "Status", "Wiring")
      .whereLayer("Parse").mayOnlyBeAccessedByLayers("Checkpoint", "Tail", "Retention", "Wiring")
      .whereLayer("Route").mayOnlyBeAccessedByLayers("Config", "Pipeline", "Sink contract", "Sink transports", "Sinks",
          "Sink catalog")
      .whereLayer("Redact").mayOnlyBeAccessedByLayers("Config", "Metrics", "Wiring")
      .whereLayer("Enrich").mayOnlyBeAccessedByLayers("Discovery", "Wiring")
      .whereLayer("Record").mayOnlyBeAccessedByLayers("Enrich", "Route", "Redact", "Parse", "Config", "Checkpoint", "Pipeline",
          "Tail", "Retention", "Discovery", "Sink contract", "Sink transports", "Sinks", "Sink catalog", "Status", "Wiring");

  @Test
  void noPackageDependsOnAnotherThatDependsOnIt() {
    NO_PACKAGE_CYCLE.check(RAYLOG);
  }

  @Test
  void eachLayerDependsOnlyOnTheLayersBelowIt() {
    LAYERS.check(RAYLOG);
  }

  @Test
  void noSinkDependsOnAnotherSink() {
    SINKS_APART.check(RAYLOG);
  }

  @Test
  void theCycleRuleSeesACycle() {
    JavaClasses cycle = new ClassFileImporter().importPackages("io.raylog.archfixture");
    assertThat(NO_PACKAGE_CYCLE.evaluate(cycle).hasViolation()).isTrue();
  }
}
