package dev.hoist.controller.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Dependencies point inward: the domain ({@code core}) knows none of its adapters. */
@AnalyzeClasses(packages = "dev.hoist.controller", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreArchitectureTest {

    @ArchTest
    static final ArchRule coreDependsOnNoAdapter = noClasses()
            .that().resideInAPackage("dev.hoist.controller.core..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.hoist.controller.gateway..", "dev.hoist.controller.pki..",
                    "dev.hoist.controller.store..", "dev.hoist.controller.resources..")
            .because("adapters (Netty, Bouncy Castle, JDBI, JAX-RS) depend on core, never the reverse (style.md)");
}
