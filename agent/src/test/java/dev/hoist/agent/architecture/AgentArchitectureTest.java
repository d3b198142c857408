package dev.hoist.agent.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The agent's edges (style.md, docs/architecture.md): it depends on the protocol module only, never on the
 * controller; generated protobuf types stay in {@code connection}, which translates them in one place.
 */
@AnalyzeClasses(packages = "dev.hoist.agent", importOptions = ImportOption.DoNotIncludeTests.class)
class AgentArchitectureTest {

    @ArchTest
    static final ArchRule agentNeverUsesControllerClasses = noClasses()
            .that().resideInAPackage("dev.hoist.agent..")
            .should().dependOnClassesThat().resideInAPackage("dev.hoist.controller..")
            .because("the agent ships alone and depends on protocol/ only (style.md)");

    @ArchTest
    static final ArchRule protobufStaysInTheConnection = noClasses()
            .that().resideInAPackage("dev.hoist.agent..")
            .and().resideOutsideOfPackage("dev.hoist.agent.connection..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.hoist.protocol.v1..", "com.google.protobuf..")
            .because("generated protobuf types are translated to the agent's own types in one place, "
                    + "connection.WireTranslator; the rest of the agent works with dev.hoist.agent.exchange");

    @ArchTest
    static final ArchRule nettyStaysInTheConnectionAndIdentity = noClasses()
            .that().resideInAnyPackage("dev.hoist.agent.deploy..", "dev.hoist.agent.exchange..",
                    "dev.hoist.agent.lifecycle..", "dev.hoist.agent.bundle..", "dev.hoist.agent.install..",
                    "dev.hoist.agent.health..", "dev.hoist.agent.state..", "dev.hoist.agent.local..")
            .should().dependOnClassesThat().resideInAPackage("io.netty..")
            .because("the deployment work knows the controller only through the exchange ports");

    @ArchTest
    static final ArchRule theDeploymentWorkKnowsTheControllerOnlyThroughItsPorts = noClasses()
            .that().resideInAnyPackage("dev.hoist.agent.deploy..", "dev.hoist.agent.exchange..",
                    "dev.hoist.agent.lifecycle..", "dev.hoist.agent.local..")
            .should().dependOnClassesThat().resideInAPackage("dev.hoist.agent.connection..")
            .because("the connection adapts to the exchange ports, not the other way round");

    @ArchTest
    static final ArchRule theExchangeIsPlainJava = classes()
            .that().resideInAPackage("dev.hoist.agent.exchange..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.hoist.agent.exchange..",
                    "dev.hoist.agent.lifecycle..", "dev.hoist.protocol.deploy..")
            .because("the exchange records are what both sides of the translation edge agree on: "
                    + "plain values, no adapter types");
}
