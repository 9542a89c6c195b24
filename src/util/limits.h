/*
 * limits.h: every bound ecguard puts on input it does not control, with the
 * reason for each. Everything read from an audited host, a log, a spec file or
 * the network is hostile until proven otherwise; these numbers keep the cost
 * of hostile input bounded in memory and time. Change one here, not at the
 * place it is used.
 */
#ifndef EG_LIMITS_H
#define EG_LIMITS_H

/* A YAML document (site spec, catalogue, check pack): the largest real spec we
 * have seen is ~200 KiB; 8 MiB leaves room for generated specs of big fleets
 * while keeping a hostile file from exhausting memory. */
#define EG_YAML_MAX_BYTES (8u * 1024u * 1024u)

/* Nesting depth of a YAML document: specs nest 5-6 levels; 64 stops stack and
 * recursion abuse in every consumer walking the tree. */
#define EG_YAML_MAX_DEPTH 64

/* Nodes of a YAML document counted with aliases expanded: stops "billion
 * laughs" alias bombs at a cost linear in the file. */
#define EG_YAML_MAX_NODES 200000u

/* One YAML scalar: descriptions are a few KiB; 1 MiB is generous. */
#define EG_YAML_MAX_SCALAR (1024u * 1024u)

/* Files a spec may include, transitively: splitting a spec in more than 256
 * files is not a real use; an include cycle is caught before this. */
#define EG_SPEC_MAX_INCLUDES 256

/* Diagnostics reported for one run of a loader: enough to fix a file in one
 * pass, few enough not to flood a terminal with cascaded errors. */
#define EG_DIAG_MAX 50

/* Length of one error or diagnostic message. Messages are built with
 * snprintf and truncated at this size; inputs quoted in them are cut to
 * EG_QUOTE_MAX first. */
#define EG_ERRMSG_MAX 1024
#define EG_QUOTE_MAX 120

/* A host configuration or state file read whole (passwd, sshd_config, dpkg
 * status...): dpkg status on a big server is ~10 MiB; 64 MiB bounds memory. */
#define EG_HOSTFILE_MAX_BYTES (64u * 1024u * 1024u)

/* One line of a host configuration file. Real lines are < 4 KiB. */
#define EG_LINE_MAX (64u * 1024u)

/* Path length under the audit root, and components of one path; symlinks
 * followed while resolving one path (Linux uses 40). */
#define EG_PATH_MAX 4096u
#define EG_PATH_MAX_COMPONENTS 512u
#define EG_SYMLINK_MAX 40u

/* The default ceiling of a growable buffer used for output (reports can be
 * large: 256 MiB). */
#define EG_BUF_DEFAULT_MAX (256u * 1024u * 1024u)

#endif
