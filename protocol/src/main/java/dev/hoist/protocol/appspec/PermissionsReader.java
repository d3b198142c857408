package dev.hoist.protocol.appspec;

import dev.hoist.protocol.appspec.PermissionRule.ObjectType;
import dev.hoist.protocol.appspec.PermissionRule.SeLinuxContext;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads {@code permissions}: what Install sets on the files it created below each {@code object}. */
final class PermissionsReader {

    private static final List<String> KEYS =
            List.of("object", "pattern", "except", "owner", "group", "mode", "acls", "context", "type");
    private static final List<String> CONTEXT_KEYS = List.of("name", "type", "range");
    static final String EVERYTHING = "**";

    private final ParseContext context;

    PermissionsReader(ParseContext context) {
        this.context = context;
    }

    List<PermissionRule> read(YamlMapping top, String os) {
        Node permissions = top.value("permissions").orElse(null);
        if (YamlValues.isNull(permissions)) {
            return List.of();
        }
        if (permissions.getNodeId() != NodeId.sequence) {
            context.error(permissions, "permissions", "must be a list of entries such as '- object: /srv/app',"
                    + " not " + YamlValues.describe(permissions));
            return List.of();
        }
        List<Node> entries = ((SequenceNode) permissions).getValue();
        if ("windows".equals(os) && !entries.isEmpty()) {
            context.error(permissions, "permissions", "are not supported with 'os: windows'; permissions apply"
                    + " to Linux hosts only");
            return List.of();
        }
        List<PermissionRule> rules = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            readRule(entries.get(i), "permissions[" + i + "]").ifPresent(rules::add);
        }
        return rules;
    }

    private Optional<PermissionRule> readRule(Node entry, String path) {
        if (entry.getNodeId() != NodeId.mapping) {
            context.error(entry, path, "must be a mapping such as '- object: /srv/app' with 'mode: 0644' under it,"
                    + " not " + YamlValues.describe(entry));
            return Optional.empty();
        }
        int errorsBefore = context.errors().size();
        YamlMapping fields = new YamlMapping((MappingNode) entry, path, context);
        fields.warnAboutUnknownKeys(KEYS, context);
        String object = fields.requiredText("object", "object: /srv/app", context)
                .flatMap(text -> checked(fields, "object", AppSpecPaths.onHost(text.trim()))).orElse(null);
        String pattern = fields.optionalText("pattern", "pattern: \"*.sh\"", context)
                .flatMap(text -> checked(fields, "pattern", pattern(text))).orElse(EVERYTHING);
        List<String> except = textList(fields, "except", "except: [\"*.tmp\"]", PermissionsReader::pattern);
        String owner = userName(fields, "owner");
        String group = userName(fields, "group");
        Integer mode = fields.optionalText("mode", "mode: 0644", context)
                .flatMap(text -> checked(fields, "mode", FileMode.digits(text.trim())))
                .map(digits -> Integer.parseInt(digits, 8)).orElse(null);
        List<String> acls = textList(fields, "acls", "acls: [\"u:deploy:rwx\"]", AclEntry::parse);
        Set<ObjectType> types = types(fields);
        SeLinuxContext seLinux = seLinuxContext(fields);
        if (context.errors().size() > errorsBefore) {
            return Optional.empty();
        }
        context.remember(path + ".object", fields.value("object").orElseThrow());
        return Optional.of(new PermissionRule(object, pattern, except, owner, group, mode, acls, types, seLinux));
    }

    /** A single-segment glob where '*' is the only wildcard, or '**' alone for everything below. */
    static Checked pattern(String written) {
        if (written.equals(EVERYTHING)) {
            return Checked.of(written);
        }
        if (written.isEmpty()) {
            return Checked.refused("is empty; write a file name pattern such as \"*.sh\", or \"**\" for everything");
        }
        if (written.contains("/")) {
            return Checked.refused("contains '/'; a pattern matches names one level below the object, e.g. \"*.sh\""
                    + " (use a separate permission with a deeper object for subdirectories)");
        }
        if (written.contains("**")) {
            return Checked.refused("uses '**' with other characters; '**' alone means everything below the object,"
                    + " and '*' matches within one name, e.g. \"*.sh\"");
        }
        if (written.matches(".*[?\\[\\]{}].*")) {
            return Checked.refused("uses a wildcard other than '*'; only '*' is supported, e.g. \"*.sh\"");
        }
        return Checked.of(written);
    }

    private Optional<String> checked(YamlMapping fields, String key, Checked checked) {
        if (checked.ok()) {
            return Optional.of(checked.value());
        }
        Node node = fields.value(key).orElseThrow();
        context.error(node, fields.childPath(key), YamlValues.describe(node) + " " + checked.refusal());
        return Optional.empty();
    }

    private String userName(YamlMapping fields, String key) {
        Optional<String> name = fields.optionalText(key, key + ": app", context).map(String::trim);
        if (name.isPresent() && !UserNames.isValid(name.get())) {
            Node node = fields.value(key).orElseThrow();
            context.error(node, fields.childPath(key), YamlValues.describe(node) + " is not a valid "
                    + (key.equals("group") ? "group" : "user") + " name; " + UserNames.RULE);
            return null;
        }
        return name.orElse(null);
    }

    /** A list of text values, each normalised by {@code rule}; empty when the key is absent or empty. */
    private List<String> textList(YamlMapping fields, String key, String example, Function<String, Checked> rule) {
        Node list = fields.value(key).orElse(null);
        if (YamlValues.isNull(list)) {
            return List.of();
        }
        String path = fields.childPath(key);
        if (list.getNodeId() != NodeId.sequence) {
            context.error(list, path, "must be a list, e.g. '" + example + "', not " + YamlValues.describe(list));
            return List.of();
        }
        List<String> values = new ArrayList<>();
        List<Node> items = ((SequenceNode) list).getValue();
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String itemPath = path + "[" + i + "]";
            if (!YamlValues.isScalar(item) || YamlValues.isNull(item)) {
                context.error(item, itemPath, "must be text, not " + YamlValues.describe(item) + "; write e.g. '"
                        + example + "'");
                continue;
            }
            Checked checked = rule.apply(YamlValues.text(item).trim());
            if (checked.ok()) {
                values.add(checked.value());
            } else {
                context.error(item, itemPath, YamlValues.describe(item) + " " + checked.refusal());
            }
        }
        return values;
    }

    private Set<ObjectType> types(YamlMapping fields) {
        Node list = fields.value("type").orElse(null);
        if (YamlValues.isNull(list)) {
            return EnumSet.allOf(ObjectType.class);
        }
        String path = fields.childPath("type");
        if (list.getNodeId() != NodeId.sequence) {
            context.error(list, path, YamlValues.describe(list) + " must be a list; write 'type: [file]',"
                    + " 'type: [directory]' or leave it out for both");
            return Set.of();
        }
        Set<ObjectType> types = EnumSet.noneOf(ObjectType.class);
        List<Node> items = ((SequenceNode) list).getValue();
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String text = YamlValues.isScalar(item) ? YamlValues.text(item) : "";
            if (text.equals("file")) {
                types.add(ObjectType.FILE);
            } else if (text.equals("directory")) {
                types.add(ObjectType.DIRECTORY);
            } else {
                context.error(item, path + "[" + i + "]", YamlValues.describe(item) + " is not an object type"
                        + " permissions apply to; valid: file, directory");
            }
        }
        if (items.isEmpty()) {
            context.warning(list, path, "is an empty list, so this permission applies to nothing; list file,"
                    + " directory or both, or leave it out for both");
        }
        return types;
    }

    private SeLinuxContext seLinuxContext(YamlMapping fields) {
        Node node = fields.value("context").orElse(null);
        if (YamlValues.isNull(node)) {
            return null;
        }
        String path = fields.childPath("context");
        if (node.getNodeId() != NodeId.mapping) {
            context.error(node, path, "must be a mapping with at least 'type', e.g. 'type: httpd_sys_content_t',"
                    + " not " + YamlValues.describe(node));
            return null;
        }
        YamlMapping seLinux = new YamlMapping((MappingNode) node, path, context);
        seLinux.warnAboutUnknownKeys(CONTEXT_KEYS, context);
        String user = seLinux.optionalText("name", "name: system_u", context).orElse(null);
        String type = seLinux.requiredText("type", "type: httpd_sys_content_t", context).orElse(null);
        String range = seLinux.optionalText("range", "range: s0", context).map(String::trim).orElse(null);
        if (range != null) {
            String problem = SeLinuxRange.problemWith(range);
            if (problem != null) {
                Node rangeNode = seLinux.value("range").orElseThrow();
                context.error(rangeNode, seLinux.childPath("range"), YamlValues.describe(rangeNode) + " " + problem
                        + "; a range looks like s0, s0-s1 or s0-s0:c0.c1023");
                return null;
            }
        }
        return type == null ? null : new SeLinuxContext(user, null, type, range);
    }
}
