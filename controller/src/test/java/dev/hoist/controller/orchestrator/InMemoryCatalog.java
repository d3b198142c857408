package dev.hoist.controller.orchestrator;

import dev.hoist.controller.core.deploy.Application;
import dev.hoist.controller.core.deploy.ApplicationStore;
import dev.hoist.controller.core.deploy.DeploymentConfig;
import dev.hoist.controller.core.deploy.DeploymentConfigStore;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.DeploymentGroupStore;
import dev.hoist.controller.core.deploy.Revision;
import dev.hoist.controller.core.deploy.RevisionStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The catalog ports in memory, for orchestrator tests only: the catalog's own JDBI stores are built and
 * tested on their own branch; what the orchestrator needs of them is a few lookups.
 */
final class InMemoryCatalog {
    final Applications applications = new Applications();
    final Groups groups = new Groups();
    final Revisions revisions = new Revisions();
    final Configs configs = new Configs();

    static final class Applications implements ApplicationStore {
        private final Map<String, Application> rows = new ConcurrentHashMap<>();

        @Override
        public boolean insert(Application application) {
            return rows.putIfAbsent(application.name(), application) == null;
        }

        @Override
        public Optional<Application> find(String name) {
            return Optional.ofNullable(rows.get(name));
        }

        @Override
        public List<Application> list() {
            return List.copyOf(rows.values());
        }
    }

    static final class Groups implements DeploymentGroupStore {
        private final Map<String, DeploymentGroup> rows = new ConcurrentHashMap<>();

        @Override
        public boolean insert(DeploymentGroup group) {
            return rows.putIfAbsent(group.id(), group) == null;
        }

        @Override
        public Optional<DeploymentGroup> find(String application, String name) {
            return rows.values().stream().filter(g -> g.application().equals(application) && g.name().equals(name))
                    .findFirst();
        }

        @Override
        public Optional<DeploymentGroup> findById(String id) {
            return Optional.ofNullable(rows.get(id));
        }

        @Override
        public List<DeploymentGroup> all() {
            return rows.values().stream().sorted(Comparator.comparing(DeploymentGroup::application)
                    .thenComparing(DeploymentGroup::name)).toList();
        }

        @Override
        public boolean updateAutoDeploy(String id, dev.hoist.controller.core.deploy.AutoDeploy autoDeploy) {
            return rows.computeIfPresent(id, (key, group) -> group.withAutoDeploy(autoDeploy)) != null;
        }

        @Override
        public List<DeploymentGroup> list(String application) {
            return rows.values().stream().filter(g -> g.application().equals(application)).toList();
        }
    }

    static final class Revisions implements RevisionStore {
        private final Map<String, Revision> rows = new ConcurrentHashMap<>();

        @Override
        public void insert(Revision revision) {
            rows.put(revision.id(), revision);
        }

        @Override
        public Optional<Revision> find(String id) {
            return Optional.ofNullable(rows.get(id));
        }

        @Override
        public Optional<Revision> latest(String application) {
            return rows.values().stream().filter(r -> r.application().equals(application))
                    .max(Comparator.comparing(Revision::createdAt));
        }

        @Override
        public List<Revision> list(String application, int limit) {
            List<Revision> all = new ArrayList<>(rows.values().stream()
                    .filter(r -> r.application().equals(application)).toList());
            all.sort(Comparator.comparing(Revision::createdAt).reversed());
            return all.subList(0, Math.min(limit, all.size()));
        }

        @Override
        public boolean sign(String id, String signature, String signingKey) {
            return rows.computeIfPresent(id, (key, r) -> new Revision(r.id(), r.application(), r.sha256(),
                    r.sizeBytes(), r.bundleType(), r.description(), r.commit(), r.createdAt(), r.createdBy(),
                    signature, signingKey)) != null;
        }
    }

    static final class Configs implements DeploymentConfigStore {
        private final Map<String, DeploymentConfig> rows = new ConcurrentHashMap<>();

        @Override
        public boolean insert(DeploymentConfig config) {
            return rows.putIfAbsent(config.name(), config) == null;
        }

        @Override
        public Optional<DeploymentConfig> find(String name) {
            return DeploymentConfig.BUILT_IN.stream().filter(c -> c.name().equals(name)).findFirst()
                    .or(() -> Optional.ofNullable(rows.get(name)));
        }

        @Override
        public List<DeploymentConfig> list() {
            List<DeploymentConfig> all = new ArrayList<>(DeploymentConfig.BUILT_IN);
            all.addAll(rows.values());
            return all;
        }
    }
}
