package dev.hoist.protocol.appspec;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the top level of an AppSpec file ({@code version}, {@code os}, {@code file_exists_behavior})
 * and hands {@code files}, {@code permissions} and {@code hooks} to their readers.
 */
final class AppSpecReader {

    static final List<String> TOP_LEVEL_KEYS =
            List.of("version", "os", "file_exists_behavior", "files", "permissions", "hooks");
    static final String LINUX = "linux";
    private static final String WINDOWS = "windows";

    private final ParseContext context;

    AppSpecReader(ParseContext context) {
        this.context = context;
    }

    /** The spec, or null when an error was reported. */
    AppSpec read(MappingNode root) {
        YamlMapping top = new YamlMapping(root, "", context);
        top.warnAboutUnknownKeys(TOP_LEVEL_KEYS, context);
        readVersion(top);
        Optional<String> os = readOs(top);
        FileExistsBehavior fileExistsBehavior = readFileExistsBehavior(top);
        List<FileMapping> files = new FilesReader(context).read(top);
        List<PermissionRule> permissions = new PermissionsReader(context).read(top, os.orElse(null));
        Map<LifecycleEvent, List<HookScript>> hooks = new HooksReader(context).read(top);
        if (context.hasErrors()) {
            return null;
        }
        return new AppSpec(LINUX, fileExistsBehavior, files, permissions, hooks, context.positions());
    }

    private void readVersion(YamlMapping top) {
        Optional<String> written = top.requiredText("version", "version: 0.0", context);
        if (written.isEmpty()) {
            return;
        }
        Node node = top.value("version").orElseThrow();
        if (written.get().equals("0.0") || isNumericZero(node)) {
            return;
        }
        context.error(node, "version", YamlValues.describe(node) + " is not a supported AppSpec version;"
                + " the only version is 0.0, so write 'version: 0.0'");
    }

    /** CodeDeploy compares the version as a number, so {@code 0} and {@code 0.00} pass there too. */
    private static boolean isNumericZero(Node node) {
        if (!YamlValues.isPlainScalar(node)
                || !(Tag.FLOAT.equals(node.getTag()) || Tag.INT.equals(node.getTag()))) {
            return false;
        }
        String text = YamlValues.text(node).replace("_", "");
        if (text.length() > 40) {
            return false;
        }
        try {
            return new BigDecimal(text).signum() == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private Optional<String> readOs(YamlMapping top) {
        Optional<String> written = top.requiredText("os", "os: linux", context);
        if (written.isEmpty()) {
            return Optional.empty();
        }
        String os = written.get();
        Node node = top.value("os").orElseThrow();
        if (os.equals(LINUX)) {
            return written;
        }
        if (os.equals(WINDOWS)) {
            context.error(node, "os", "windows is not supported: the Hoist agent deploys to Linux hosts only;"
                    + " write 'os: linux' (revisions for Windows Server need CodeDeploy's own agent)");
            return written;
        }
        String hint = NearestName.fold(os).equals(LINUX) ? "; write it in lower case: 'os: linux'" : "";
        context.error(node, "os", YamlValues.describe(node) + " is not a supported operating system" + hint
                + " (valid: linux; windows is recognised but not supported by this agent)");
        return written;
    }

    private FileExistsBehavior readFileExistsBehavior(YamlMapping top) {
        Optional<String> written = top.optionalText("file_exists_behavior", "file_exists_behavior: OVERWRITE", context);
        if (written.isEmpty()) {
            return null;
        }
        for (FileExistsBehavior behavior : FileExistsBehavior.values()) {
            if (behavior.name().equals(written.get())) {
                return behavior;
            }
        }
        Node node = top.value("file_exists_behavior").orElseThrow();
        String hint = "";
        for (FileExistsBehavior behavior : FileExistsBehavior.values()) {
            if (behavior.name().equalsIgnoreCase(written.get().trim())) {
                hint = "; write it in capitals: '" + behavior.name() + "'";
            }
        }
        context.error(node, "file_exists_behavior", YamlValues.describe(node) + " is not a valid behaviour" + hint
                + " (valid: DISALLOW, the default; OVERWRITE; RETAIN)");
        return null;
    }
}
