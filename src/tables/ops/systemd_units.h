/*
 * systemd_units.h: the systemd_units table and the unit-file parser.
 *
 * systemd_units(name, path, enabled, state, wanted_by): one row per unit
 * file systemd would load, read from the unit folders under the audit root
 * in systemd's precedence: etc/systemd/system, run/systemd/system,
 * usr/lib/systemd/system, lib/systemd/system (a name found in an earlier
 * folder hides the same name further down). Nothing is asked of systemd
 * (no D-Bus, no systemctl): everything comes from files.
 *
 * `enabled`, as `systemctl is-enabled` would say it:
 *   masked    the name is a symbolic link to /dev/null;
 *   alias     the name is a symbolic link to a unit of another name;
 *   enabled   a link to it (or, for a template foo@.service, to one of its
 *             instances) is in a *.wants or *.requires folder of
 *             etc/systemd/system, or an alias link there points to it;
 *   static    otherwise, when it has no [Install] rules (WantedBy,
 *             RequiredBy, UpheldBy, Alias, Also);
 *   indirect  otherwise, when [Install] only has Also=;
 *   disabled  otherwise.
 * `wanted_by`: the units whose etc/systemd/system *.wants or *.requires
 * folder links to it, sorted and comma-joined ('' when none).
 * `state` is only known when the audit root is a live system with cgroup v2
 * (or v1's systemd hierarchy) mounted at sys/fs/cgroup: for a service,
 * `running` when its cgroup sys/fs/cgroup/system.slice/NAME has processes
 * (cgroup.events says "populated 1"), `not-running` when systemd's
 * system.slice is there but the service has no processes in it (stopped,
 * failed, or a oneshot that exited); NULL otherwise (no live cgroup tree,
 * or a unit type without processes: socket, timer, target, template...).
 */
#ifndef EG_OPS_SYSTEMD_UNITS_H
#define EG_OPS_SYSTEMD_UNITS_H

#include <stddef.h>

#include "../vtab.h"
#include "orows.h"

/* Columns of the rows eg_unit_parse produces. */
enum {
	EG_UNIT_SECTION,
	EG_UNIT_KEY,
	EG_UNIT_VALUE,
	EG_UNIT_LINE,
	EG_UNIT_NCOLS
};

/*
 * Parses buf[0..len), a systemd unit or configuration file (the INI dialect
 * of systemd.syntax(7)) named file: one row (section, key, value, line) per
 * assignment in rows (EG_UNIT_NCOLS columns), keys and values trimmed, a
 * line ending in '\' continued on the next (comment lines in between are
 * dropped), `line` being the assignment's first line. Comments (# ;) and
 * blank lines are skipped; assignments outside a section and lines that are
 * neither are skipped with a warning. Returns 0 or rows' sticky error.
 */
int eg_unit_parse(const char *buf, size_t len, const char *file,
		  struct eg_orows *rows);

/* Columns of systemd_units, in order. */
enum {
	EG_SU_NAME,
	EG_SU_PATH,
	EG_SU_ENABLED,
	EG_SU_STATE,
	EG_SU_WANTED_BY,
	EG_SU_NCOLS
};

extern const struct eg_table_def eg_table_systemd_units;

#endif
