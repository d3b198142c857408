package dev.hoist.agent.install;

import dev.hoist.protocol.appspec.PermissionRule;
import dev.hoist.protocol.deploy.FailureClass;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Install step 4: applies {@code permissions} to what this Install created, never to what was on the
 * host before. Below each {@code object}: {@code pattern: "**"} selects everything, recursively; any
 * other pattern is a single-segment glob matched against the names of the object's direct children;
 * {@code except} globs are matched against each candidate's name; {@code type} filters files (symlinks
 * count as files) and directories. The object itself is included when it is a file this Install created;
 * a directory object is only the anchor (as in CodeDeploy). Rules apply in file order, so a later rule
 * wins. Modes are not applied to symlinks (chmod would follow them); owner and group are set on the link.
 */
final class PermissionApplier {

    private final ExternalTools tools;

    PermissionApplier(ExternalTools tools) {
        this.tools = tools;
    }

    void apply(List<PermissionRule> rules, List<InstallRecord.Entry> created, Consumer<String> log)
            throws IOException, InstallException {
        for (int i = 0; i < rules.size(); i++) {
            PermissionRule rule = rules.get(i);
            List<InstallRecord.Entry> selected = select(rule, created);
            if (selected.isEmpty()) {
                continue;
            }
            String where = "permissions[" + i + "] (object " + rule.object() + ")";
            UserPrincipal owner = lookupUser(where, rule.owner());
            GroupPrincipal group = lookupGroup(where, rule.group());
            List<Path> paths = new ArrayList<>();
            for (InstallRecord.Entry entry : selected) {
                Path path = entry.path();
                paths.add(path);
                boolean symlink = entry.kind() == InstallRecord.Kind.SYMLINK;
                if (rule.mode() != null && !symlink) {
                    Files.setAttribute(path, "unix:mode", rule.mode());
                }
                if (owner != null || group != null) {
                    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                            LinkOption.NOFOLLOW_LINKS);
                    if (owner != null) {
                        view.setOwner(owner);
                    }
                    if (group != null) {
                        view.setGroup(group);
                    }
                }
            }
            if (!rule.acls().isEmpty()) {
                tools.setAcls(where, rule.acls(), paths);
            }
            if (rule.context() != null) {
                tools.setSeLinuxContext(where, rule.context(), paths, log);
            }
            log.accept(where + ": applied to " + selected.size() + " path(s)");
        }
    }

    static List<InstallRecord.Entry> select(PermissionRule rule, List<InstallRecord.Entry> created) {
        Path object = Path.of(rule.object()).toAbsolutePath().normalize();
        boolean everything = rule.pattern() == null || rule.pattern().equals("**");
        NameGlob pattern = everything ? null : new NameGlob(rule.pattern());
        List<NameGlob> except = rule.except().stream().map(NameGlob::new).toList();
        List<InstallRecord.Entry> selected = new ArrayList<>();
        for (InstallRecord.Entry entry : created) {
            Path path = entry.path();
            boolean isDirectory = entry.kind() == InstallRecord.Kind.DIRECTORY;
            boolean inScope;
            if (path.equals(object)) {
                inScope = !isDirectory;
            } else if (!path.startsWith(object)) {
                inScope = false;
            } else if (everything) {
                inScope = true;
            } else {
                inScope = object.equals(path.getParent()) && pattern.matches(path.getFileName().toString());
            }
            if (!inScope) {
                continue;
            }
            String name = path.getFileName().toString();
            if (except.stream().anyMatch(glob -> glob.matches(name))) {
                continue;
            }
            PermissionRule.ObjectType type = isDirectory ? PermissionRule.ObjectType.DIRECTORY
                    : PermissionRule.ObjectType.FILE;
            if (rule.types().isEmpty() || rule.types().contains(type)) {
                selected.add(entry);
            }
        }
        return selected;
    }

    private static UserPrincipal lookupUser(String where, String name) throws IOException, InstallException {
        if (name == null) {
            return null;
        }
        try {
            return lookup().lookupPrincipalByName(name);
        } catch (UserPrincipalNotFoundException e) {
            throw new InstallException(FailureClass.UNKNOWN_ERROR, where + ": owner '" + name
                    + "' is not a user on this host; create it (useradd " + name + ") or fix the AppSpec");
        }
    }

    private static GroupPrincipal lookupGroup(String where, String name) throws IOException, InstallException {
        if (name == null) {
            return null;
        }
        try {
            return lookup().lookupPrincipalByGroupName(name);
        } catch (UserPrincipalNotFoundException e) {
            throw new InstallException(FailureClass.UNKNOWN_ERROR, where + ": group '" + name
                    + "' is not a group on this host; create it (groupadd " + name + ") or fix the AppSpec");
        }
    }

    private static UserPrincipalLookupService lookup() {
        return FileSystems.getDefault().getUserPrincipalLookupService();
    }
}
