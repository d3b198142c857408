package dev.hoist.controller.source;

import dev.hoist.controller.auth.ApiPrincipal;
import dev.hoist.controller.core.AuditEvent;
import dev.hoist.controller.core.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.resolver.ServiceNotAuthorizedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JGit's smart-HTTP servlet over {@code <dataDir>/git}: any registered repository can be fetched, hosted ones
 * pushed to ({@link GitHttpAccess} decides who). After a push, each ref it moved is audited
 * ({@code repository.push}) and passed to {@link SourceEvents}.
 */
final class GitHttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(GitHttpServer.class);

    private GitHttpServer() {
    }

    static GitServlet servlet(SourceRepositories repositories, SourceEvents events, AuditLog audit, Clock clock) {
        GitServlet servlet = new GitServlet();
        servlet.setRepositoryResolver((HttpServletRequest request, String path) -> open(repositories, path));
        servlet.setReceivePackFactory((HttpServletRequest request, Repository repository) -> {
            if (!(request.getUserPrincipal() instanceof ApiPrincipal caller)) {
                throw new ServiceNotAuthorizedException();
            }
            String name = repositoryName(repository);
            ReceivePack receive = new ReceivePack(repository);
            receive.setRefLogIdent(new PersonIdent(caller.name(), caller.name() + "@hoist"));
            receive.setPostReceiveHook((pack, commands) -> {
                for (ReceiveCommand command : commands) {
                    if (command.getResult() != ReceiveCommand.Result.OK) {
                        continue;
                    }
                    String oldSha = command.getType() == ReceiveCommand.Type.CREATE ? null : command.getOldId().name();
                    String newSha = command.getType() == ReceiveCommand.Type.DELETE ? null : command.getNewId().name();
                    record(audit, clock, caller, name, command.getRefName(), oldSha, newSha, request.getRemoteAddr());
                    try {
                        events.onPush(name, command.getRefName(), oldSha, newSha);
                    } catch (RuntimeException e) {
                        LOG.warn("A listener failed on the push of {} to {}", command.getRefName(), name, e);
                    }
                }
            });
            return receive;
        });
        return servlet;
    }

    private static Repository open(SourceRepositories repositories, String path) throws RepositoryNotFoundException {
        String name = path.endsWith(".git") ? path.substring(0, path.length() - 4) : path;
        if (repositories.find(name).isEmpty()) {
            throw new RepositoryNotFoundException(path);
        }
        try {
            return repositories.directories().open(name);
        } catch (IOException e) {
            throw new RepositoryNotFoundException(path, e);
        }
    }

    private static String repositoryName(Repository repository) {
        String directory = repository.getDirectory().getName();
        return directory.endsWith(".git") ? directory.substring(0, directory.length() - 4) : directory;
    }

    private static void record(AuditLog audit, Clock clock, ApiPrincipal caller, String repository, String ref,
            String oldSha, String newSha, String from) {
        String change = (oldSha == null ? "(new)" : oldSha) + ".." + (newSha == null ? "(deleted)" : newSha);
        String target = repository + " " + ref + " " + change;
        // The audit log keeps 255 characters of a target: a long ref name is cut, the commits stay.
        if (target.length() > 255) {
            target = repository + " " + ref.substring(0, Math.max(0, 255 - repository.length() - change.length() - 3))
                    + "… " + change;
        }
        try {
            audit.record(new AuditEvent(0, clock.instant(), caller.name(), "repository.push", target, from,
                    "OK"));
        } catch (RuntimeException e) {
            LOG.error("Could not write the audit event of the push of {} to {}", ref, repository, e);
        }
    }
}
