package dev.hoist.protocol.appspec;

/**
 * One {@code acls} entry, read with CodeDeploy's rules: {@code [d[efault]:][u[ser]|g[roup]|m[ask]|o[ther]]:name:perms}
 * where perms is {@code rwx}/{@code -} letters or one octal digit. Base entries (owner, owning group,
 * other, without a name) are refused because {@code mode} sets them.
 */
final class AclEntry {

    private AclEntry() {
    }

    /** The entry in the form setfacl takes ({@code default:user:deploy:rwx}), or why it was refused. */
    static Checked parse(String written) {
        String[] parts = written.split(":", -1);
        if (parts.length < 2 || parts.length > 4) {
            return malformed();
        }
        boolean isDefault = false;
        String type = null;
        int next = 0;
        if (parts.length == 4) {
            if (!isOneOf(parts[0], "d", "default")) {
                return malformed();
            }
            isDefault = true;
            next = 1;
        }
        if (parts.length >= 3) {
            String first = parts[next++];
            if (isOneOf(first, "d", "default")) {
                if (isDefault) {
                    return malformed();
                }
                isDefault = true;
            } else {
                type = typeNamed(first);
                if (type == null) {
                    return malformed();
                }
            }
        }
        String qualifier = parts[next];
        String name = "";
        String qualifierType = isOneOf(qualifier, "m", "mask") ? "mask" : isOneOf(qualifier, "o", "other") ? "other" : null;
        if (qualifierType != null && type == null) {
            type = qualifierType;
        } else {
            name = qualifier;
            if (type == null) {
                type = "user";
            }
        }
        if ((type.equals("mask") || type.equals("other")) && !name.isEmpty()) {
            return malformed();
        }
        if (!isDefault && !type.equals("mask") && name.isEmpty()) {
            return Checked.refused("is a base entry (" + type + " without a name), which 'mode' sets;"
                    + " set it with mode, and use acls only for named users and groups, the mask and defaults");
        }
        String permissions = permissions(parts[next + 1]);
        if (permissions == null) {
            return Checked.refused("has invalid permissions '" + YamlValues.shorten(parts[next + 1])
                    + "'; write letters from r, w, x and - (e.g. r-x) or one octal digit 0-7");
        }
        return Checked.of((isDefault ? "default:" : "") + type + ":" + name + ":" + permissions);
    }

    private static Checked malformed() {
        return Checked.refused("is not a valid ACL entry; write [d:]type:name:perms with type u, g, m"
                + " or o, e.g. 'u:deploy:rwx', 'g:ops:r-x', 'd:u:deploy:rwx' or 'm::rx'");
    }

    private static String typeNamed(String written) {
        if (isOneOf(written, "u", "user")) {
            return "user";
        }
        if (isOneOf(written, "g", "group")) {
            return "group";
        }
        if (isOneOf(written, "m", "mask")) {
            return "mask";
        }
        if (isOneOf(written, "o", "other")) {
            return "other";
        }
        return null;
    }

    private static String permissions(String written) {
        if (written.length() == 1 && written.charAt(0) >= '0' && written.charAt(0) <= '7') {
            int bits = written.charAt(0) - '0';
            return ((bits & 4) != 0 ? "r" : "-") + ((bits & 2) != 0 ? "w" : "-") + ((bits & 1) != 0 ? "x" : "-");
        }
        boolean read = false;
        boolean write = false;
        boolean execute = false;
        for (char c : written.toCharArray()) {
            switch (c) {
                case 'r':
                    read = true;
                    break;
                case 'w':
                    write = true;
                    break;
                case 'x':
                    execute = true;
                    break;
                case '-':
                    break;
                default:
                    return null;
            }
        }
        return (read ? "r" : "-") + (write ? "w" : "-") + (execute ? "x" : "-");
    }

    private static boolean isOneOf(String written, String shortName, String longName) {
        return written.equals(shortName) || written.equals(longName);
    }
}
