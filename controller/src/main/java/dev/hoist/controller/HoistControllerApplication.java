package dev.hoist.controller;

import dev.hoist.controller.agentupgrade.AgentUpgradeResource;
import dev.hoist.controller.agentupgrade.AgentUpgrades;
import dev.hoist.controller.agentupgrade.DistributionCatalog;
import dev.hoist.controller.admin.AdminPort;
import dev.hoist.controller.admin.SecretsNeverLogged;
import dev.hoist.controller.audit.AuditFilter;
import dev.hoist.controller.artifacts.BlobStore;
import dev.hoist.controller.auth.AdminTokenBootstrap;
import dev.hoist.controller.auth.ApiPrincipal;
import dev.hoist.controller.auth.ApiTokenAuthenticator;
import dev.hoist.controller.auth.JsonUnauthorizedHandler;
import dev.hoist.controller.auth.RoleAuthorizer;
import dev.hoist.controller.bundles.BundleInspector;
import dev.hoist.controller.bundles.BundleStoreFactory;
import dev.hoist.controller.bundles.RetentionFactory;
import dev.hoist.controller.bundles.RetentionPlanner;
import dev.hoist.controller.bundles.RevisionIntake;
import dev.hoist.controller.bundles.RevisionPruner;
import dev.hoist.controller.bundles.ScheduledPrune;
import dev.hoist.controller.cluster.ControllerRegistry;
import dev.hoist.controller.cluster.RevocationFollower;
import dev.hoist.controller.config.DefaultsConfigurationSourceProvider;
import dev.hoist.controller.config.OptionalFileCheckCommand;
import dev.hoist.controller.config.OptionalFileServerCommand;
import dev.hoist.controller.config.StrictJson;
import dev.hoist.controller.console.ConsoleAssets;
import dev.hoist.controller.console.ConsoleSessions;
import dev.hoist.controller.console.SessionCookieAuthFilter;
import dev.hoist.controller.core.AgentListenerRelay;
import dev.hoist.controller.core.AgentPresence;
import dev.hoist.controller.core.deploy.Deployments;
import dev.hoist.controller.core.deploy.RevisionReferences;
import dev.hoist.controller.core.AgentRevoker;
import dev.hoist.controller.core.AgentStore;
import dev.hoist.controller.core.ApiTokenIssuer;
import dev.hoist.controller.core.JoinTokenIssuer;
import dev.hoist.controller.core.RevocationList;
import dev.hoist.controller.errors.JsonErrorHandler;
import dev.hoist.controller.errors.JsonEncodingExceptionMapper;
import dev.hoist.controller.errors.JsonInputExceptionMapper;
import dev.hoist.controller.errors.RefusalMapper;
import dev.hoist.controller.errors.RequestBodyLimitFilter;
import dev.hoist.controller.errors.UnexpectedExceptionMapper;
import dev.hoist.controller.errors.UnreadBodyClosesConnection;
import dev.hoist.controller.errors.UploadStallFilter;
import dev.hoist.controller.errors.WebApplicationExceptionMapper;
import dev.hoist.controller.core.deploy.GroupMembership;
import dev.hoist.controller.core.deploy.GroupStatuses;
import dev.hoist.controller.gateway.AgentGateway;
import dev.hoist.controller.gateway.AgentReportsRelay;
import dev.hoist.controller.health.CertificateAuthorityHealthCheck;
import dev.hoist.controller.health.GatewayBoundHealthCheck;
import dev.hoist.controller.install.AgentDistribution;
import dev.hoist.controller.install.InstallLine;
import dev.hoist.controller.install.InstallResource;
import dev.hoist.controller.install.InstallerScript;
import dev.hoist.controller.metrics.PrometheusMetricsServlet;
import dev.hoist.controller.pki.CertificateAuthority;
import dev.hoist.controller.live.AnnouncedAgentStore;
import dev.hoist.controller.live.LiveUpdates;
import dev.hoist.controller.orchestrator.OrchestratorFactory;
import dev.hoist.controller.orchestrator.OrchestratorLoop;
import dev.hoist.controller.store.JdbiLoadBalancerStore;
import dev.hoist.controller.traffic.AgentRelayedRouter;
import dev.hoist.controller.traffic.BalancerSteps;
import dev.hoist.controller.traffic.GroupBalancers;
import dev.hoist.controller.traffic.LoadBalancerResource;
import dev.hoist.controller.resources.AgentResource;
import dev.hoist.controller.resources.DeploymentResource;
import dev.hoist.controller.resources.StreamEvents;
import dev.hoist.controller.resources.StreamResource;
import dev.hoist.controller.resources.ApplicationResource;
import dev.hoist.controller.resources.DeploymentConfigResource;
import dev.hoist.controller.resources.DeploymentGroupResource;
import dev.hoist.controller.resources.GroupConvergeResource;
import dev.hoist.controller.resources.GroupStatusResource;
import dev.hoist.controller.resources.RevisionArtifactResource;
import dev.hoist.controller.resources.RevisionResource;
import dev.hoist.controller.resources.ApiTokenResource;
import dev.hoist.controller.resources.AuditEventResource;
import dev.hoist.controller.resources.JoinTokenResource;
import dev.hoist.controller.resources.OpenApiResource;
import dev.hoist.controller.resources.VersionResource;
import dev.hoist.controller.secrets.HookSecrets;
import dev.hoist.controller.secrets.SecretResource;
import dev.hoist.controller.source.SourceEvents;
import dev.hoist.controller.store.DatabaseKind;
import dev.hoist.controller.store.JdbiAgentStore;
import dev.hoist.controller.store.JdbiControllerRows;
import dev.hoist.controller.store.JdbiSharedAuthorityStore;
import dev.hoist.controller.store.JdbiApplicationStore;
import dev.hoist.controller.store.JdbiDeploymentConfigStore;
import dev.hoist.controller.store.JdbiDeploymentGroupStore;
import dev.hoist.controller.store.JdbiDeploymentStore;
import dev.hoist.controller.store.JdbiRevisionStore;
import dev.hoist.controller.store.JdbiApiTokenStore;
import dev.hoist.controller.store.JdbiAuditLog;
import dev.hoist.controller.store.JdbiJoinTokenStore;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthFilter;
import io.dropwizard.auth.chained.ChainedAuthFilter;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.auth.oauth.OAuthCredentialAuthFilter;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.jetty.util.component.LifeCycle;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import dev.hoist.controller.safety.FreezeGate;
import dev.hoist.controller.safety.FreezeResource;
import dev.hoist.controller.safety.JdbiFreezeWindowStore;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of {@code hoist-controller} and its one composition root: {@link #run} builds the store,
 * the CA, the gateway, the services and the REST API with plain constructors and registers them.
 */
public final class HoistControllerApplication extends Application<HoistConfiguration> {
    private static final Logger LOG = LoggerFactory.getLogger(HoistControllerApplication.class);
    private final PrintStream console;
    private final Clock clock;
    private volatile ControllerParts parts;

    public HoistControllerApplication() {
        this(System.out, Clock.systemUTC());
    }

    /** @param console where the first admin token is printed, once */
    public HoistControllerApplication(PrintStream console, Clock clock) {
        this.console = console;
        this.clock = clock;
    }

    public static void main(String[] args) throws Exception {
        new HoistControllerApplication().run(args);
    }

    @Override
    public String getName() {
        return "hoist-controller";
    }

    @Override
    public void initialize(Bootstrap<HoistConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                new DefaultsConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        // The same mapper reads the configuration file and, later, request bodies.
        StrictJson.apply(bootstrap.getObjectMapper());
    }

    @Override
    protected void addDefaultCommands(Bootstrap<HoistConfiguration> bootstrap) {
        bootstrap.addCommand(new OptionalFileServerCommand<>(this));
        bootstrap.addCommand(new OptionalFileCheckCommand<>(this));
    }

    @Override
    public void run(HoistConfiguration config, Environment environment) throws Exception {
        // The configuration file has been read: from here on the mapper reads request bodies only.
        StrictJson.forRequests(environment.getObjectMapper());
        AdminPort.check(config.getServerFactory(), config.isAdminAllowRemote());
        AdminPort.refuseTasks(environment);
        SecretsNeverLogged.install();
        Path dataDir = createDataDir(config.getDataDir());

        Jdbi jdbi = config.getDatabase().build(environment, dataDir, clock);
        AtomicReference<AgentGateway> startedGateway = new AtomicReference<>();
        ControllerRegistry registry = registerAmongControllers(config, environment, jdbi, dataDir,
                () -> gatewayAddress(config, startedGateway.get()));
        OrchestratorFactory orchestration = config.getOrchestrator();
        // The live stream: deployments' and agents' committed changes (the registry announces its own).
        LiveUpdates live = new LiveUpdates(new StreamEvents(environment.getObjectMapper()),
                orchestration.getStreamClientBuffer(), orchestration.getStreamHistory(), runTag());
        // Streams end as the server starts stopping, rather than holding its graceful stop until a heartbeat.
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopping(LifeCycle server) {
                live.close();
            }
        });
        // Agents' changes go to the live stream and to the orchestrator (automatic deployments), bound below.
        AgentListenerRelay agentChanges = new AgentListenerRelay(live);
        AgentStore agents = new AnnouncedAgentStore(new JdbiAgentStore(jdbi), agentChanges);
        JdbiJoinTokenStore joinTokens = new JdbiJoinTokenStore(jdbi);
        JdbiApiTokenStore apiTokens = new JdbiApiTokenStore(jdbi);
        JdbiAuditLog auditLog = new JdbiAuditLog(jdbi);

        CertificateAuthority ca = config.getPki().build(new JdbiSharedAuthorityStore(jdbi), dataDir.resolve("pki"), clock);
        RevocationList revocations = new RevocationList(agents.revokedIds());
        BlobStore bundles = config.getBundles().build(dataDir, clock);
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                bundles.close();
            }
        });
        LOG.info("Artifact store: {}", bundles.location());
        // Nobody is connected to a controller that is starting: clear what a killed one left behind. Beside
        // other live controllers the rows cannot tell whose agents they were, so they are left as they are.
        int stale = registry != null && !registry.liveOthers().isEmpty() ? 0
                : agents.recordAllDisconnected(clock.instant());
        if (stale > 0) {
            LOG.info("{} agents were still recorded connected by an earlier run; recorded disconnected until "
                    + "they connect again", stale);
        }
        AgentPresence presence = new AgentPresence(clock);
        // The orchestrator, built later with the gateway as its AgentCommands, binds itself to this relay.
        AgentReportsRelay agentReports = new AgentReportsRelay();
        AgentGateway gateway = config.getGateway().build(ca, agents, joinTokens, revocations, bundles,
                config.getBundles().getPresignedUrlLifetime(), agentReports, presence, environment.metrics(), clock);
        environment.lifecycle().manage(gateway);
        startedGateway.set(gateway);
        if (registry != null) {
            environment.lifecycle().manage(new RevocationFollower(agents, revocations, gateway,
                    config.getCluster().getRevocationPollInterval()));
        }

        new AdminTokenBootstrap(apiTokens, dataDir.resolve("admin.token"), clock, console).ensureAdminToken();

        registerErrorHandling(config, environment);
        ConsoleSessions sessions = config.getConsole().buildSessions(clock);
        registerAuth(environment, apiTokens, sessions);
        environment.jersey().register(new AuditFilter(auditLog, clock));
        environment.jersey().register(new UnreadBodyClosesConnection());
        ConsoleAssets.register(environment, sessions, apiTokens, auditLog, clock);

        Supplier<String> gatewayAddress = () -> gatewayAddress(config, gateway);
        InstallLine installLine = new InstallLine(config.getInstall().getPublicUrl(), gatewayAddress);
        environment.jersey().register(new JoinTokenResource(new JoinTokenIssuer(joinTokens, clock), joinTokens,
                ca::pin, gatewayAddress, installLine, clock));
        AgentDistribution servedAgent = registerInstall(config, environment, gatewayAddress, installLine);
        environment.jersey().register(new AgentResource(agents, new AgentRevoker(agents, revocations, gateway, clock)));
        environment.jersey().register(new ApiTokenResource(new ApiTokenIssuer(apiTokens, clock), apiTokens));
        environment.jersey().register(new AuditEventResource(auditLog));
        environment.jersey().register(new OpenApiResource());
        environment.jersey().register(new VersionResource(VersionResource.versionOf(HoistControllerApplication.class)));
        JdbiRevisionStore revisions = new JdbiRevisionStore(jdbi);
        JdbiApplicationStore applications = new JdbiApplicationStore(jdbi);
        HookSecrets secrets = config.getSecrets().build(jdbi, dataDir, clock);
        // Agent upgrades deploy agent distributions, revisions of the built-in application hoist-agent.
        DistributionCatalog agentDistributions = new DistributionCatalog(bundles, applications, revisions,
                config.getBundles().getMaxUploadBytes(), clock);
        OrchestratorFactory.Catalog catalog = new OrchestratorFactory.Catalog(applications,
                new JdbiDeploymentGroupStore(jdbi), revisions, new JdbiDeploymentConfigStore(jdbi, clock), agents,
                secrets, agentDistributions);
        environment.jersey().register(new SecretResource(catalog.applications(), catalog.groups(), secrets));
        // Source repositories: hosted at /git/NAME.git, external ones mirrored (docs/sources.md).
        config.getSources().register(environment, jdbi, dataDir, config.getSecrets().sealer(dataDir), apiTokens,
                auditLog, SourceEvents.LOGGED, clock);
        registerCatalog(config, environment, catalog, bundles, revisions);
        // Release safety: freeze windows refuse deployments created through the API (docs/release-safety.md).
        JdbiFreezeWindowStore freezeWindows = new JdbiFreezeWindowStore(jdbi);
        environment.jersey().register(new FreezeResource(freezeWindows, catalog.applications(), clock));
        FreezeGate freezes = new FreezeGate(freezeWindows, auditLog, clock);
        Deployments orchestrator = registerDeployments(config, environment, jdbi, catalog, gateway, agentReports,
                presence, live, freezes, agentChanges);
        environment.jersey().register(new AgentUpgradeResource(agentDistributions, new AgentUpgrades(
                agentDistributions, servedAgent, catalog.groups(), orchestrator, clock)));

        environment.healthChecks().register("certificate-authority", new CertificateAuthorityHealthCheck(ca, clock));
        environment.healthChecks().register("agent-gateway", new GatewayBoundHealthCheck(gateway));
        environment.admin().addServlet("prometheus", new PrometheusMetricsServlet(environment.metrics()))
                .addMapping("/metrics/prometheus");

        parts = new ControllerParts(dataDir, ca, agents, joinTokens, apiTokens, auditLog, revocations, gateway);
    }

    /**
     * Several controllers on one PostgreSQL database: registers this one among them (it may refuse to start,
     * see {@link dev.hoist.controller.cluster.ClusterFactory#register}); {@code null} on the embedded store,
     * where a controller is alone by construction.
     */
    private ControllerRegistry registerAmongControllers(HoistConfiguration config, Environment environment, Jdbi jdbi,
            Path dataDir, Supplier<String> gatewayAddress) throws IOException {
        if (DatabaseKind.of(config.getDatabase().resolvedUrl(dataDir)) != DatabaseKind.POSTGRESQL) {
            return null;
        }
        Path bundleDir = config.getBundles().getStore() == BundleStoreFactory.Kind.directory
                ? dataDir.resolve("bundles") : null;
        String secretsKeyFile = config.getSecrets().getKeyFile();
        ControllerRegistry registry = config.getCluster().register(new JdbiControllerRows(jdbi), dataDir,
                gatewayAddress, config.getPki().isShared(), secretsKeyFile != null && !secretsKeyFile.isBlank(),
                bundleDir, clock);
        environment.lifecycle().manage(registry);
        return registry;
    }

    /**
     * Deployments: their store, the orchestrator (sending work through the gateway, taking agents' reports
     * from its relay), the live stream, and their REST resources.
     */
    private Deployments registerDeployments(HoistConfiguration config, Environment environment, Jdbi jdbi,
            OrchestratorFactory.Catalog catalog, AgentGateway gateway, AgentReportsRelay agentReports,
            AgentPresence presence, LiveUpdates live, FreezeGate freezes, AgentListenerRelay agentChanges) {
        OrchestratorFactory settings = config.getOrchestrator();
        JdbiDeploymentStore deployments = new JdbiDeploymentStore(jdbi, settings.getMaxLogLinesPerHost());
        // Traffic control: load-balancer actions travel to the balancer's agent over its connection.
        AgentRelayedRouter router = new AgentRelayedRouter(gateway);
        agentReports.bindRouterResults(router);
        JdbiLoadBalancerStore balancers = new JdbiLoadBalancerStore(jdbi, clock);
        BalancerSteps trafficSteps = new BalancerSteps(balancers, catalog.agents(), presence, router, gateway,
                environment.lifecycle().executorService("hoist-traffic-%d").minThreads(1).maxThreads(1).build(),
                environment.metrics());
        OrchestratorLoop orchestrator = settings.build(deployments, catalog, gateway, live, presence,
                environment.metrics(), clock, trafficSteps);
        orchestrator.pressure(gateway);
        agentReports.bindTo(orchestrator);
        agentChanges.bind(orchestrator);
        environment.lifecycle().manage(orchestrator);
        environment.jersey().register(new DeploymentResource(orchestrator, deployments, freezes));
        GroupBalancers groupBalancers = new GroupBalancers(new GroupMembership(catalog.agents()), balancers, router,
                trafficSteps);
        environment.jersey().register(new GroupStatusResource(catalog.applications(), catalog.groups(),
                new GroupStatuses(catalog.agents(), deployments)));
        environment.jersey().register(new GroupConvergeResource(orchestrator, deployments));
        environment.jersey().register(new LoadBalancerResource(catalog.applications(), catalog.groups(),
                new GroupMembership(catalog.agents()), balancers, trafficSteps, groupBalancers));
        environment.jersey().register(new DeploymentGroupResource(catalog.applications(), catalog.groups(),
                catalog.configs(), catalog.agents(), groupBalancers, clock));
        environment.jersey().register(new StreamResource(live, settings.getStreamHeartbeat()));
        return orchestrator;
    }

    /** Applications, revisions (bundle uploads, downloads, retention) and deployment configs. */
    private void registerCatalog(HoistConfiguration config, Environment environment,
            OrchestratorFactory.Catalog catalog, BlobStore bundleStore, RevisionReferences references) {
        BundleStoreFactory bundles = config.getBundles();
        RevisionIntake intake = new RevisionIntake(bundleStore,
                new BundleInspector(bundles.inspectionLimits()), catalog.applications(), catalog.revisions(),
                catalog.groups(), bundles.getMaxUploadBytes(), clock);
        environment.jersey().register(new ApplicationResource(catalog.applications(), clock));
        environment.jersey().register(new RevisionResource(intake, catalog.applications(), catalog.revisions(),
                references));
        RetentionFactory retention = bundles.getRetention();
        RevisionPruner pruner = new RevisionPruner(catalog.applications(), references, bundleStore,
                new RetentionPlanner(retention.getKeepLastRevisions(), retention.getUnreferencedGrace()), clock);
        environment.jersey().register(new RevisionArtifactResource(catalog.revisions(), bundleStore, pruner));
        environment.lifecycle().manage(new ScheduledPrune(pruner, retention.getInterval()));
        environment.jersey().register(new DeploymentConfigResource(catalog.configs()));
    }

    /** Tags this run's live-stream ids: random, so that no other run of this controller uses it again. */
    private static String runTag() {
        return Long.toString(new SecureRandom().nextLong() >>> 1, 36);
    }

    /** {@code /install/}: the agent installer and the distribution it downloads (docs/install.md). */
    private static AgentDistribution registerInstall(HoistConfiguration config, Environment environment,
            Supplier<String> gatewayAddress, InstallLine installLine) {
        AgentDistribution distribution = config.getInstall().buildDistribution(controllerCode());
        distribution.current().ifPresentOrElse(
                found -> LOG.info("Agent distribution served at /install/{}: {}", found.fileName(), found.path()),
                () -> LOG.warn("No agent distribution to serve at /install/ (looked at {}); /install/agent.sh will "
                        + "say so. Build it with mvn -B package, or set install.agentDistribution",
                        distribution.candidates()));
        environment.jersey().register(new InstallResource(new InstallerScript(), distribution, gatewayAddress,
                installLine));
        return distribution;
    }

    /** The controller's jar, or its classes directory when run from a build. */
    private static Path controllerCode() {
        try {
            return Path.of(HoistControllerApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("hoist-controller.jar").toAbsolutePath();
        }
    }

    /** The running controller's parts; {@code null} before {@link #run} has built them. */
    public ControllerParts parts() {
        return parts;
    }

    private static Path createDataDir(Path dataDir) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            Files.createDirectories(dataDir,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (!Files.isWritable(dataDir)) {
            throw new IOException("data directory " + dataDir + " is not writable by this user; "
                    + "fix its permissions or set HOIST_DATA_DIR (or dataDir in the config file)");
        }
        return dataDir;
    }

    private static void registerErrorHandling(HoistConfiguration config, Environment environment) {
        // Our mappers answer every error in the API's JSON shape; Dropwizard's would answer in its own.
        if (config.getServerFactory() instanceof AbstractServerFactory server) {
            server.setRegisterDefaultExceptionMappers(false);
        }
        // Errors Jetty answers itself (bad request lines, long URIs or headers, ambiguous paths): JSON too.
        JsonErrorHandler jettyErrors = new JsonErrorHandler();
        environment.getApplicationContext().setErrorHandler(jettyErrors);
        environment.lifecycle().addServerLifecycleListener(server -> server.setErrorHandler(jettyErrors));
        UnexpectedExceptionMapper unexpected = new UnexpectedExceptionMapper();
        environment.jersey().register(unexpected);
        environment.jersey().register(new RefusalMapper());
        environment.jersey().register(new JsonInputExceptionMapper(unexpected));
        environment.jersey().register(new JsonEncodingExceptionMapper());
        environment.jersey().register(new WebApplicationExceptionMapper(unexpected));
        environment.jersey().register(new RequestBodyLimitFilter(config.getApi().getMaxRequestBytes()));
        environment.servlets().addFilter("upload-stall", new UploadStallFilter(config.getBundles().getUploadStallTimeout()))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/api/*");
    }

    /**
     * A call is made either with a bearer token (scripts, the CLI) or with the console's session cookie
     * and CSRF header. The session filter goes first: without a cookie it refuses with the usual 401 and
     * the bearer filter decides; with a cookie but no CSRF token its 403 is the answer.
     */
    private static void registerAuth(Environment environment, JdbiApiTokenStore apiTokens, ConsoleSessions sessions) {
        AuthFilter<String, ApiPrincipal> session = new SessionCookieAuthFilter.Builder(sessions)
                .setAuthenticator(secretHash -> Optional.ofNullable(secretHash)
                        .flatMap(apiTokens::findBySecretHash).map(ApiPrincipal::of))
                .setAuthorizer(new RoleAuthorizer())
                .setPrefix("Bearer")
                .setRealm("hoist")
                .setUnauthorizedHandler(new JsonUnauthorizedHandler())
                .buildAuthFilter();
        AuthFilter<String, ApiPrincipal> bearer = new OAuthCredentialAuthFilter.Builder<ApiPrincipal>()
                .setAuthenticator(new ApiTokenAuthenticator(apiTokens))
                .setAuthorizer(new RoleAuthorizer())
                .setPrefix("Bearer")
                .setRealm("hoist")
                .setUnauthorizedHandler(new JsonUnauthorizedHandler())
                .buildAuthFilter();
        environment.jersey().register(new AuthDynamicFeature(new ChainedAuthFilter<>(List.of(session, bearer))));
        environment.jersey().register(RolesAllowedDynamicFeature.class);
        environment.jersey().register(new AuthValueFactoryProvider.Binder<>(ApiPrincipal.class));
    }

    /**
     * {@code HOST:PORT} that agents dial, for enroll commands.
     *
     * @param gateway the gateway, or {@code null} before it is built: then the configured port
     */
    private static String gatewayAddress(HoistConfiguration config, AgentGateway gateway) {
        int port = gateway != null && gateway.boundPort() > 0 ? gateway.boundPort() : config.getGateway().getPort();
        String advertised = config.getAdvertisedAddress();
        if (advertised != null && !advertised.isBlank()) {
            return advertised.contains(":") ? advertised : advertised + ":" + port;
        }
        return localHostname() + ":" + port;
    }

    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
