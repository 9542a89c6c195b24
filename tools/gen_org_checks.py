#!/usr/bin/env python3
"""Writes checks/org.yaml: one attestation check per organisational measure
of the guideline catalogue, so that the shipped checks reach every measure.

    tools/gen_org_checks.py [--ecguard build/ecguard] [--out checks/org.yaml]
    tools/gen_org_checks.py --check checks/org.yaml     # exit 1 on drift

Run it by hand after changing the catalogue or this script, and commit both
this script and its output; tests/cli/test_audit_org.sh fails when the
committed file differs from a fresh generation. The catalogue is read from
`ecguard catalog --format json` (the copy compiled into the binary), so no
YAML library is needed.

What the checks look at
-----------------------
Each check maps to exactly one measure and returns one row per piece of
evidence it examined, passing ones included. Every check first honours the
spec's `not_applicable` list: a measure declared not applicable gives one
`skip` row with the declared reason (the assessment marks it not applicable
whatever the checks say; an alarm there would only be noise).

- policy (T0x.01) and config-policy (T09.02): the theme's policy in the spec
  (spec_policies), complete as `spec check` defines it (spec_completeness:
  document, version, approver, approval date), and reviewed on time: the
  next review is date_add_cadence(last, review_interval), where last is the
  approval date or the latest `review` record for the measure, whichever is
  later. No policy, incomplete, or next review before today: alarm.
- responsibility (T0x.02, T09.01): the theme's owner (spec_owners) with a
  contact; no owner or no contact: alarm; no deputy: ok, plus an info row
  that says so.
- specification: the measure's spec_completeness row: specified is ok,
  partial and missing are alarms with the reason. With the embedded default
  spec every one alarms, which is right: a site that wrote no spec has not
  specified anything.
- cadence kinds (education, audit, drill, periodic-check, budget, media,
  physical-access): the latest record of the matching kind that evidences
  the measure (records.measures lists it), not superseded and not dated
  after today, must be no older than the theme's cadence (spec_cadences):
  ok when date_add_cadence(last, interval) >= today ("next due ..."), alarm
  when it is before today (overdue) or when there is no such record (never
  recorded); `skip` when the audit has no store (records_store.available =
  0). Due dates use date_add_cadence (calendar months that clamp: 01-31 +
  1m = 02-28), the same rule as every spec_* due date, so the audit and
  `ecguard status` can never disagree. A record due today is still ok.
  Record kinds: education -> education; audit -> audit; drill -> drill;
  periodic-check -> periodic-check, which includes every stored audit run
  (see the records table: a run evidences the periodic-check measure of each
  theme it assessed); budget -> budget; media -> media-disposal or review;
  physical-access -> physical-access-review.
  Periodic checks differ in one way: the running audit is itself a periodic
  check, stored when it ends, but not in the store while its checks run. So
  the check judges the schedule up to this run, as `ecguard status` would
  just before it: the last check on time is ok, a last check whose next was
  due before today is an alarm (this run comes late), and no earlier check
  at all is `info` ("this run, once stored, is the first"), not an alarm:
  the site is doing the check right now (`status` likewise does not fail on
  "never"). Two audits in a row therefore give the same alarms.
- outsourcing (T05.08, T06.08): every partner of the spec has an agreement
  and was reviewed within its interval (spec_partners.next_review >= today);
  none declared: alarm (an EC shop always has partners: hosting, payment).
  external-cooperation (T01.04): every partner has a contact and an
  agreement; none declared: alarm.
- the other organisational kinds combine, where the data exists:
  what the spec declares (per server: advisory sources, scan interval,
  monitored logs, alert address, log retention, patch deadline, automatic
  updates, file integrity; secrets' rotation; user data's retention;
  password rules; the owners' contacts), facts of the audited host (apt
  security suite, signed sources, malware scanner, signature age and
  updates, scheduled scans, file-integrity tool and baseline, firewall,
  time sync, log rotation and retention, accounts that can log in) and,
  where only a document can show it (procedures, manuals, response plans,
  application security reviews), a record of any kind that names the
  measure within the theme's policy_review interval (daily operation: the
  periodic_check interval; T03.06 scans: the spec's shortest scan_every).
  Host facts that depend on one server's requirements are compared only when
  the spec has exactly one server (docs/spec.md: a one-server spec applies
  to whatever host is audited), or, for a yes/no requirement (file
  integrity, automatic updates), when every server states the same; with
  several servers that differ those rows are `skip` with the reason, since
  the tables cannot yet tell which server the audited host is. Accounts
  that can log in must be declared under the access of some server of the
  spec. A host fact that cannot be looked at (no package database, no apt
  sources) is `skip`, never `ok`.

- expiries and rotations (the rest of what `ecguard status` lists): the
  policy check of T01.01 also has one row per waiver of the spec (alarm the
  day after it expires), the audit check of T01.07 one row per evidence file
  with an expiry of a record in force (alarm the day after), the check of
  T05.06 one row per secret with a rotation (the latest record whose scope
  is the secret's name, within the rotation; none: alarm). So an overdue or
  never-done obligation of `status` is an alarm of the audit and the other
  way round (tests/cli/test_due_agree.sh); the one exception is a periodic
  check never done, which the running audit is doing (info, above).

Severity by kind: policy, config-policy, responsibility, specification,
education, audit, drill, periodic-check, outsourcing and every kind about
running the security controls (information, inspection, monitoring,
preparedness, operation, security tools, ...) are medium; budget, staff,
media, physical-access and external-cooperation are low. None is high, so
the default `--fail-on high` exit code is the technical checks'; use
`--fail-on medium` to fail on organisational gaps.

Measures of kind construction and prevention are the technical checks' (the
other packs); T04.08 (prevention of infected files leaving) has no technical
check and gets a hybrid one here. T03.05 and T09.05 are left to the technical
packs too (TECHNICAL_ONLY below says why).
"""
import argparse
import difflib
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

LOW_KINDS = {"budget", "staff", "media", "physical-access", "external-cooperation"}


def lit(s):
    """An SQL string literal."""
    return "'" + s.replace("'", "''") + "'"


def in_measures(mid):
    """SQL condition: the records row evidences measure mid."""
    return "instr(',' || measures || ',', %s) > 0" % lit("," + mid + ",")


def cadence(theme, name):
    return "(SELECT interval FROM spec_cadences WHERE theme = %s AND cadence = %s)" % (
        lit(theme), lit(name))


def union(parts):
    """The facets one after the other. Each is wrapped in its own subquery
    when there are several, since a facet may be a compound SELECT itself."""
    if len(parts) == 1:
        return parts[0].strip("\n")
    return "\nUNION ALL\n".join("SELECT * FROM (\n%s\n)" % p.strip("\n") for p in parts)


def wrap(mid, facets):
    """The whole query of a check on measure mid: the not-applicable guard,
    then every facet."""
    return ("SELECT %(m)s, 'skip', 'declared not applicable: ' || reason\n"
            "FROM spec_not_applicable WHERE measure = %(m)s\n"
            "UNION ALL\n"
            "SELECT * FROM (\n%(body)s\n)\n"
            "WHERE NOT EXISTS (SELECT 1 FROM spec_not_applicable WHERE measure = %(m)s)"
            % {"m": lit(mid), "body": union(facets)})


# ---- facets over the spec ---------------------------------------------------

def f_policy(theme, mid):
    """The policy declared, complete, and reviewed on time. The last review
    is the approval date or the latest review record, whichever is later;
    either may be missing (a policy whose approval date is not written down
    but that was reviewed on record is judged on the review, as `ecguard
    status` judges it). An overdue review is reported before an incomplete
    declaration, so that the row says what `status` says about its date."""
    return """SELECT %(res)s,
  CASE WHEN p.theme IS NULL THEN 'alarm'
       WHEN p.due IS NOT NULL AND p.due < today() THEN 'alarm'
       WHEN c.status IS NOT 'specified' THEN 'alarm'
       WHEN p.due IS NULL THEN 'error'
       ELSE 'ok' END,
  CASE WHEN p.theme IS NULL THEN %(none)s
       WHEN p.due IS NOT NULL AND p.due < today()
         THEN 'review of ' || p.document || ' overdue: it was due ' || p.due || ' ('
              || coalesce('approved ' || p.approved, 'no approval date')
              || CASE WHEN p.renewed THEN ', last reviewed ' || p.rv ELSE '' END
              || ', reviewed every ' || p.review_interval || ')'
       WHEN c.status IS NOT 'specified'
         THEN 'policy ' || p.document || ' is incomplete: ' || coalesce(c.reason, '')
       WHEN p.due IS NULL
         THEN 'cannot compute the next review of ' || p.document || ' (every ' || coalesce(p.review_interval, '?') || ')'
       ELSE p.document || ' version ' || p.version || ', approved by ' || p.approver || ' on ' || p.approved
            || CASE WHEN p.renewed THEN ', last reviewed ' || p.rv ELSE '' END
            || '; next review due ' || p.due END
FROM (SELECT 1) AS one
LEFT JOIN (SELECT x.*, x.rv IS NOT NULL AND (x.approved IS NULL OR x.rv > x.approved) AS renewed,
                  date_add_cadence(CASE WHEN x.rv IS NOT NULL AND (x.approved IS NULL OR x.rv > x.approved)
                                        THEN x.rv ELSE x.approved END,
                                   x.review_interval) AS due
           FROM (SELECT s.theme, s.document, s.version, s.approver, s.approved, s.review_interval,
                        (SELECT max(date) FROM records
                         WHERE kind = 'review' AND superseded = 0 AND date <= today()
                           AND %(inm)s) AS rv
                 FROM spec_policies s WHERE s.theme = %(t)s) AS x) AS p ON 1
LEFT JOIN spec_completeness c ON c.measure = %(m)s""" % {
        "res": lit("policies." + theme), "t": lit(theme), "m": lit(mid),
        "inm": in_measures(mid),
        "none": lit("no policy declared for %s (policies.%s in the spec)" % (theme, theme))}


def f_owner(theme):
    return """SELECT %(res)s,
  CASE WHEN o.theme IS NULL OR coalesce(o.contact, '') = '' THEN 'alarm' ELSE 'ok' END,
  CASE WHEN o.theme IS NULL THEN %(none)s
       WHEN coalesce(o.contact, '') = '' THEN 'owner ' || o.name || ' has no contact: nobody knows how to reach them'
       ELSE 'owner ' || o.name || coalesce(' (' || o.role || ')', '') || ', contact ' || o.contact
            || coalesce(', deputy ' || nullif(o.deputy, ''), '; no deputy named') END
FROM (SELECT 1) AS one LEFT JOIN spec_owners o ON o.theme = %(t)s
UNION ALL
SELECT %(dres)s, 'info', %(dpre)s || name || ' is away'
FROM spec_owners WHERE theme = %(t)s AND coalesce(deputy, '') = ''""" % {
        "res": lit("owners." + theme), "dres": lit("owners.%s.deputy" % theme),
        "t": lit(theme),
        "none": lit("no owner named for %s (owners.%s in the spec)" % (theme, theme)),
        "dpre": lit("no deputy named for %s: name one so that the theme is covered when " % theme)}


def f_owner_contact(theme):
    """The contact to call when something happens (preparedness)."""
    return """SELECT %(res)s,
  CASE WHEN coalesce(o.contact, '') = '' THEN 'alarm' ELSE 'ok' END,
  CASE WHEN coalesce(o.contact, '') = '' THEN %(none)s
       ELSE 'incident contact for %(theme)s: ' || o.name || ', ' || o.contact
            || coalesce(', deputy ' || nullif(o.deputy, ''), '') END
FROM (SELECT 1) AS one LEFT JOIN spec_owners o ON o.theme = %(t)s""" % {
        "res": lit("owners.%s.contact" % theme), "t": lit(theme), "theme": theme,
        "none": lit("no contact to call for %s incidents: name an owner with a contact "
                    "under owners.%s" % (theme, theme))}


SPEC_COUNTS = {
    "T02.03": "'flows ' || (SELECT count(*) FROM spec_flows) || ', zones ' || (SELECT count(*) FROM spec_zones)",
    "T02.04": "'servers ' || (SELECT count(*) FROM spec_servers)",
    "T02.05": "'services ' || (SELECT count(*) FROM spec_services)",
    "T02.06": "'servers ' || (SELECT count(*) FROM spec_servers) || ', services ' || (SELECT count(*) FROM spec_services)",
    "T03.04": "'servers ' || (SELECT count(*) FROM spec_servers)",
    "T05.03": "'items ' || (SELECT count(*) FROM spec_secrets)",
    "T06.03": "'items ' || (SELECT count(*) FROM spec_user_data)",
    "T07.03": "'communications ' || (SELECT count(*) FROM spec_communications)",
    "T08.03": "'scenes ' || (SELECT count(*) FROM spec_auth_scenes)",
}


def f_spec(mid):
    return """SELECT 'spec: ' || c.measure,
  CASE c.status WHEN 'specified' THEN 'ok' ELSE 'alarm' END,
  CASE c.status WHEN 'specified' THEN 'specified (' || c.subject || '): ' || %(count)s
                WHEN 'missing' THEN 'not specified: ' || c.reason
                ELSE 'partly specified: ' || c.reason END
FROM spec_completeness c WHERE c.measure = %(m)s""" % {
        "m": lit(mid), "count": SPEC_COUNTS.get(mid, "'as the spec says'")}


def f_srv(key, cond, ok_expr, missing):
    """One row per server of the spec: key stated (cond) or not."""
    return """SELECT 'servers.' || name || '.%(key)s',
  CASE WHEN %(cond)s THEN 'ok' ELSE 'alarm' END,
  CASE WHEN %(cond)s THEN name || ': ' || %(ok)s ELSE name || ': ' || %(missing)s END
FROM spec_servers
UNION ALL
SELECT 'servers', 'alarm', 'no servers in the spec: nothing says what each server must do'
WHERE NOT EXISTS (SELECT 1 FROM spec_servers)""" % {
        "key": key, "cond": cond, "ok": ok_expr, "missing": lit(missing)}


def jlist(col):
    return "(SELECT group_concat(value, ', ') FROM json_each(%s))" % col


SRV = {
    "advisory_sources": ("vulnerability.sources",
                         "advisory_sources IS NOT NULL AND advisory_sources <> '[]'",
                         "'advisories followed: ' || " + jlist("advisory_sources"),
                         "no advisory sources stated (vulnerability.sources: JVN, the distribution's security advisories, vendors)"),
    "scan_every": ("vulnerability.scan_every", "scan_every IS NOT NULL",
                   "'scanned for vulnerabilities every ' || scan_every",
                   "no vulnerability scan interval stated (vulnerability.scan_every)"),
    "patch": ("vulnerability", "patch_within IS NOT NULL AND auto_updates IS NOT NULL",
              "'security updates within ' || patch_within || CASE auto_updates WHEN 1 THEN ', applied automatically' ELSE ', applied by hand' END",
              "patch deadline and automatic updates not both stated (vulnerability.patch_within, vulnerability.auto_updates)"),
    "monitoring": ("monitoring", "monitoring_logs IS NOT NULL AND monitoring_logs <> '[]' AND coalesce(alert_to, '') <> ''",
                   "'watches ' || " + jlist("monitoring_logs") + " || ', alerts to ' || alert_to",
                   "monitored logs and where alerts go not both stated (monitoring.logs, monitoring.alert_to)"),
    "log_retention": ("monitoring.log_retention", "log_retention IS NOT NULL",
                      "'logs kept ' || log_retention",
                      "no log retention stated (monitoring.log_retention): logs needed for an investigation may be gone"),
    "access": ("access", "access_users IS NOT NULL OR access_admins IS NOT NULL",
               "'may log in: ' || coalesce(" + jlist("access_users") + ", '-') || '; administrators: ' || coalesce(" + jlist("access_admins") + ", '-')",
               "who may log in is not stated (access.users, access.admins)"),
}


def f_srv_key(name):
    key, cond, ok, missing = SRV[name]
    return f_srv(key, cond, ok, missing)


def f_secrets_rotation():
    return """SELECT 'secrets.' || name,
  CASE WHEN rotation IS NOT NULL THEN 'ok' ELSE 'alarm' END,
  CASE WHEN rotation IS NOT NULL
       THEN name || ' (' || kind || ') is changed every ' || rotation || coalesce(' by ' || owner, '')
       ELSE name || ' (' || kind || '): no rotation interval, so a password never changed or a key never renewed goes unnoticed' END
FROM spec_secrets
UNION ALL
SELECT 'secrets', 'alarm', 'no security-management information is listed (secrets in the spec)'
WHERE NOT EXISTS (SELECT 1 FROM spec_secrets)"""


def f_user_data_retention():
    return """SELECT 'user_data.' || name,
  CASE WHEN store_allowed = 0 OR retention IS NOT NULL THEN 'ok' ELSE 'alarm' END,
  CASE WHEN store_allowed = 0 THEN name || ': must not be stored at all'
       WHEN retention IS NOT NULL THEN name || ': kept ' || retention || ', then deleted'
       ELSE name || ': no retention period, so nothing says when it must be deleted' END
FROM spec_user_data
UNION ALL
SELECT 'user_data', 'alarm', 'no user data is listed (user_data in the spec)'
WHERE NOT EXISTS (SELECT 1 FROM spec_user_data)"""


def f_password_rules():
    return """SELECT 'authentication.' || name,
  CASE WHEN password_min_length IS NOT NULL AND lockout_threshold IS NOT NULL THEN 'ok' ELSE 'alarm' END,
  CASE WHEN password_min_length IS NOT NULL AND lockout_threshold IS NOT NULL
       THEN name || ': passwords of at least ' || password_min_length || ' characters'
            || CASE password_complexity WHEN 1 THEN ', with complexity' ELSE '' END
            || coalesce(', ' || password_history || ' remembered', '')
            || coalesce(', changed every ' || password_max_age, '')
            || CASE lockout_threshold WHEN 0 THEN ', no lockout' ELSE ', locked after ' || lockout_threshold || ' failures' END
       ELSE name || ': uses passwords but states no minimum length or lockout (password.min_length, lockout_threshold)' END
FROM spec_auth_scenes
WHERE EXISTS (SELECT 1 FROM json_each(coalesce(factors, '[]')) WHERE value = 'password')
UNION ALL
SELECT 'authentication', 'ok', 'no authentication scene uses passwords'
WHERE EXISTS (SELECT 1 FROM spec_auth_scenes)
  AND NOT EXISTS (SELECT 1 FROM spec_auth_scenes
                  WHERE EXISTS (SELECT 1 FROM json_each(coalesce(factors, '[]')) WHERE value = 'password'))
UNION ALL
SELECT 'authentication', 'alarm', 'no authentication scenes are listed (authentication in the spec), so no password rule is set'
WHERE NOT EXISTS (SELECT 1 FROM spec_auth_scenes)"""


def f_partners_review():
    return """SELECT 'partners.' || name,
  CASE WHEN coalesce(agreement, '') = '' OR last_review IS NULL THEN 'alarm'
       WHEN next_review IS NULL THEN 'error'
       WHEN next_review < today() THEN 'alarm'
       ELSE 'ok' END,
  CASE WHEN coalesce(agreement, '') = '' THEN name || ': no agreement recorded (the contract clause that binds it to protect the information)'
       WHEN last_review IS NULL THEN name || ': never reviewed (no last_review)'
       WHEN next_review IS NULL THEN name || ': cannot compute the next review (every ' || coalesce(review_interval, '?') || ')'
       WHEN next_review < today()
         THEN name || ': review overdue: last reviewed ' || last_review || ', it was due ' || next_review || ' (every ' || review_interval || ')'
       ELSE name || ': agreement ' || agreement || '; last reviewed ' || last_review || ', next due ' || next_review END
FROM spec_partners
UNION ALL
SELECT 'partners', 'alarm', 'no partners declared: an EC site always has some (hosting, payment provider, mail service); list them under partners in the spec'
WHERE NOT EXISTS (SELECT 1 FROM spec_partners)"""


def f_partners_contact():
    return """SELECT 'partners.' || name,
  CASE WHEN coalesce(contact, '') = '' OR coalesce(agreement, '') = '' THEN 'alarm' ELSE 'ok' END,
  CASE WHEN coalesce(contact, '') = '' THEN name || ': no contact point to reach it in an incident'
       WHEN coalesce(agreement, '') = '' THEN name || ': no agreement on what it does for security (incident notice, logs, vulnerability information)'
       ELSE name || ': contact ' || contact || ', agreement ' || agreement END
FROM spec_partners
UNION ALL
SELECT 'partners', 'alarm', 'no external organisations declared: list the hosting provider, payment provider and others under partners in the spec'
WHERE NOT EXISTS (SELECT 1 FROM spec_partners)"""


# ---- facets over the records ------------------------------------------------

# The three obligations `ecguard status` lists besides cadences, policies and
# partners (core/due.c), judged with the same dates so that every overdue or
# never-done one is an alarm here and every alarm here is overdue or never
# there (tests/cli/test_due_agree.sh). Their resources name the obligation's
# subject as status prints it.

def f_rotation_due():
    """Each secret with a rotation: the latest record whose scope is the
    secret's name (ecguard record other --scope NAME), not superseded and
    not dated after today, no older than the rotation. Never rotated on
    record: alarm. Without a store: skip."""
    return """SELECT 'secrets.' || l.name || '.rotation',
  CASE WHEN s.available = 0 THEN 'skip'
       WHEN l.d IS NULL THEN 'alarm'
       WHEN l.due IS NULL THEN 'error'
       WHEN l.due < today() THEN 'alarm'
       ELSE 'ok' END,
  CASE WHEN s.available = 0 THEN 'no records store: run the audit with --store FILE to assess the rotations'
       WHEN l.d IS NULL THEN l.name || ': no rotation recorded (due every ' || l.rotation
                             || '; record each one with ecguard record other --scope ' || l.name || ')'
       WHEN l.due IS NULL THEN l.name || ': cannot compute when the next rotation is due (every ' || l.rotation || ')'
       WHEN l.due < today() THEN l.name || ': rotation overdue: last rotated ' || l.d || ', the next was due ' || l.due
                                || ' (every ' || l.rotation || ')'
       ELSE l.name || ': last rotated ' || l.d || ', next due ' || l.due END
FROM (SELECT available FROM records_store) AS s,
     (SELECT x.*, date_add_cadence(x.d, x.rotation) AS due
      FROM (SELECT c.name, c.rotation,
                   (SELECT max(date) FROM records
                    WHERE scope = c.name AND superseded = 0 AND date <= today()) AS d
            FROM spec_secrets c WHERE c.rotation IS NOT NULL) AS x) AS l"""


def f_waivers_expiry():
    """Each waiver of the spec holds through its expires day; the day after,
    the exception has run out and nobody decided it again: alarm."""
    return """SELECT 'waivers.' || coalesce(check_id, measure),
  CASE WHEN expires < today() THEN 'alarm' ELSE 'ok' END,
  CASE WHEN expires < today()
         THEN 'the waiver of ' || coalesce(check_id, measure) || coalesce(' (' || resource || ')', '')
              || ' approved by ' || approver || ' expired on ' || expires
              || ': fix what it covers, or decide again and set a new expires in the spec'
       ELSE 'the waiver of ' || coalesce(check_id, measure) || coalesce(' (' || resource || ')', '')
            || ' approved by ' || approver || ' holds until ' || expires END
FROM spec_waivers"""


def f_evidence_expiry():
    """Each evidence file with an expiry, of a record nobody superseded: valid
    through its expires day, an alarm the day after."""
    return """SELECT 'evidence: ' || path,
  CASE WHEN expires < today() THEN 'alarm' ELSE 'ok' END,
  CASE WHEN expires < today()
         THEN 'evidence of record ' || record_id || ' (' || kind || ' ' || date || ') expired on ' || expires
              || ': renew it and record it again with --evidence and --evidence-expires'
       ELSE 'evidence of record ' || record_id || ' (' || kind || ' ' || date || ') valid until ' || expires END
FROM record_evidence WHERE superseded = 0 AND expires IS NOT NULL"""


def f_record(mid, kinds, iv_sql, what, resource, this_run=False):
    """The latest record of kinds (None: any kind) evidencing mid, within the
    interval iv_sql. this_run: the running audit is itself such a record
    once stored (periodic checks), so having none before it is `info`, not
    an alarm."""
    kind_cond = "" if kinds is None else "kind IN (%s) AND " % ", ".join(lit(k) for k in kinds)
    never = ("no earlier %s on record: this audit run, once stored, is the first "
             "(then due every " % what) if this_run else ("no %s recorded for %s (due every " % (what, mid))
    return """SELECT %(res)s,
  CASE WHEN s.available = 0 THEN 'skip'
       WHEN l.d IS NULL THEN %(never_status)s
       WHEN l.due IS NULL THEN 'error'
       WHEN l.due < today() THEN 'alarm'
       ELSE 'ok' END,
  CASE WHEN s.available = 0 THEN 'no records store: run the audit with --store FILE to assess the records'
       WHEN l.d IS NULL THEN %(never)s || coalesce(l.iv, '?') || ')'
       WHEN l.due IS NULL THEN 'cannot compute when the next one is due (every ' || coalesce(l.iv, '?') || ')'
       WHEN l.due < today() THEN 'overdue: last %(what)s ' || l.d || ', the next was due ' || l.due || ' (every ' || l.iv || ')'
       ELSE 'last %(what)s ' || l.d || coalesce(' by ' || l.who, '') || ', next due ' || l.due END
FROM (SELECT available FROM records_store) AS s,
     (SELECT r.d, r.who, r.iv, date_add_cadence(r.d, r.iv) AS due
      FROM (SELECT max(date) AS d, by_name AS who, %(iv)s AS iv
            FROM records
            WHERE %(kc)ssuperseded = 0 AND date <= today() AND %(inm)s) AS r) AS l""" % {
        "res": lit(resource), "iv": iv_sql, "kc": kind_cond, "inm": in_measures(mid),
        "what": what.replace("'", "''"), "never": lit(never),
        "never_status": "'info'" if this_run else "'alarm'"}


def f_review(mid, theme, cad="policy_review", what="review of the procedures"):
    return f_record(mid, None, cadence(theme, cad), what, "records: " + mid)


# ---- facets over the host ---------------------------------------------------

SCANNERS = "('clamav', 'clamav-daemon', 'clamdscan', 'maldet', 'rkhunter', 'chkrootkit')"
NO_DPKG = "no package database under the audit root (var/lib/dpkg/status): not examined"
ONE_SERVER = "(SELECT count(*) FROM spec_servers) = 1"


def h_apt_security():
    sec = ("coalesce(options, '') NOT LIKE '%type=deb-src%' AND (suite LIKE '%-security' OR suite LIKE '%/updates'"
           " OR uri LIKE '%security.debian.org%' OR uri LIKE '%security.ubuntu.com%')")
    return """SELECT 'apt sources',
  CASE WHEN EXISTS (SELECT 1 FROM apt_sources WHERE %(sec)s) THEN 'ok' ELSE 'alarm' END,
  coalesce('security updates come from ' || (SELECT group_concat(DISTINCT uri || ' ' || suite) FROM apt_sources WHERE %(sec)s),
           'no security suite among the apt sources: the fixes that advisories announce never reach this host')
WHERE EXISTS (SELECT 1 FROM apt_sources)
UNION ALL
SELECT 'apt sources', 'skip', 'no apt sources under the audit root: not examined'
WHERE NOT EXISTS (SELECT 1 FROM apt_sources)""" % {"sec": sec}


def h_scanner():
    return """SELECT 'malware scanner',
  CASE WHEN EXISTS (SELECT 1 FROM deb_packages WHERE status = 'installed' AND name IN %(sc)s) THEN 'ok' ELSE 'alarm' END,
  coalesce((SELECT group_concat(name || ' ' || version, ', ') FROM deb_packages WHERE status = 'installed' AND name IN %(sc)s),
           'no malware scanner is installed (clamav, maldet, rkhunter...)')
WHERE EXISTS (SELECT 1 FROM deb_packages)
UNION ALL
SELECT 'malware scanner', 'skip', %(nodpkg)s WHERE NOT EXISTS (SELECT 1 FROM deb_packages)""" % {
        "sc": SCANNERS, "nodpkg": lit(NO_DPKG)}


def h_signatures():
    """Malware information applied: signatures fresh and updated by themselves."""
    clam = "EXISTS (SELECT 1 FROM deb_packages WHERE status = 'installed' AND name IN ('clamav', 'clamav-daemon', 'clamdscan'))"
    upd = ("(EXISTS (SELECT 1 FROM deb_packages WHERE status = 'installed' AND name = 'clamav-freshclam')"
           " OR EXISTS (SELECT 1 FROM systemd_units WHERE name = 'clamav-freshclam.service' AND enabled = 'enabled')"
           " OR EXISTS (SELECT 1 FROM cron_jobs WHERE coalesce(command, '') LIKE '%freshclam%'))")
    return """SELECT 'malware signatures',
  CASE WHEN NOT EXISTS (SELECT 1 FROM deb_packages) THEN 'skip'
       WHEN NOT EXISTS (SELECT 1 FROM deb_packages WHERE status = 'installed' AND name IN %(sc)s) THEN 'alarm'
       WHEN NOT %(clam)s THEN 'info'
       WHEN g.m IS NULL THEN 'alarm'
       WHEN julianday(today()) - julianday(g.m, 'unixepoch') > 7 THEN 'alarm'
       ELSE 'ok' END,
  CASE WHEN NOT EXISTS (SELECT 1 FROM deb_packages) THEN %(nodpkg)s
       WHEN NOT EXISTS (SELECT 1 FROM deb_packages WHERE status = 'installed' AND name IN %(sc)s)
         THEN 'no malware scanner is installed, so no information on new malware is applied'
       WHEN NOT %(clam)s THEN 'the age of the signatures of a scanner other than ClamAV is not examined'
       WHEN g.m IS NULL THEN 'ClamAV is installed but has no daily signature database (/var/lib/clamav/daily.cvd or .cld)'
       WHEN julianday(today()) - julianday(g.m, 'unixepoch') > 7
         THEN g.p || ' last updated ' || date(g.m, 'unixepoch') || ', more than 7 days ago'
       ELSE g.p || ' updated ' || date(g.m, 'unixepoch') END
FROM (SELECT max(mtime) AS m, path AS p FROM file WHERE path GLOB '/var/lib/clamav/daily.c[lv]d' AND type = 'file') AS g
UNION ALL
SELECT 'signature updates',
  CASE WHEN %(upd)s THEN 'ok' ELSE 'alarm' END,
  CASE WHEN %(upd)s THEN 'ClamAV signatures are updated automatically (freshclam)'
       ELSE 'nothing updates the ClamAV signatures automatically (clamav-freshclam)' END
WHERE %(clam)s""" % {"sc": SCANNERS, "clam": clam, "upd": upd, "nodpkg": lit(NO_DPKG)}


def h_scan_schedule():
    cron = "coalesce(command, '') REGEXP '(clamd?scan|maldet|rkhunter|chkrootkit)'"
    unit = ("enabled = 'enabled' AND (name IN ('clamav-clamonacc.service', 'clamonacc.service')"
            " OR (name LIKE '%.timer' AND name REGEXP '(clam|maldet|rkhunter|chkrootkit)'))")
    return """SELECT 'scheduled malware scan',
  CASE WHEN EXISTS (SELECT 1 FROM cron_jobs WHERE %(cron)s) OR EXISTS (SELECT 1 FROM systemd_units WHERE %(unit)s)
       THEN 'ok' ELSE 'alarm' END,
  coalesce((SELECT group_concat(file || coalesce(':' || line, '') || ' ' || schedule || ' ' || command, '; ')
            FROM cron_jobs WHERE %(cron)s),
           (SELECT group_concat(name || ' ' || enabled, ', ') FROM systemd_units WHERE %(unit)s),
           'no scheduled scan: no cron job or timer runs clamscan, clamdscan, maldet, rkhunter or chkrootkit, and no on-access scanner (clamonacc) is enabled')
WHERE EXISTS (SELECT 1 FROM deb_packages WHERE status = 'installed' AND name IN %(sc)s)""" % {
        "cron": cron, "unit": unit, "sc": SCANNERS}


def h_firewall():
    flt = ("EXISTS (SELECT 1 FROM firewall_rules WHERE lower(coalesce(policy, '')) IN ('drop', 'reject')"
           " AND lower(chain) IN ('input', 'inbound', 'ufw-before-input'))"
           " OR EXISTS (SELECT 1 FROM firewall_rules WHERE rule REGEXP '(?i)(drop|reject)')")
    return """SELECT 'firewall',
  CASE WHEN %(flt)s THEN 'ok' ELSE 'alarm' END,
  CASE WHEN %(flt)s THEN 'a persisted firewall ruleset filters incoming traffic ('
                         || (SELECT group_concat(DISTINCT source) FROM firewall_rules) || ')'
       ELSE 'no persisted firewall ruleset filters incoming traffic (nftables, iptables or ufw)' END""" % {"flt": flt}


FIM_TOOLS = "('aide', 'tripwire', 'samhain', 'integrit', 'ossec-hids', 'ossec-hids-agent', 'wazuh-agent', 'wazuh-manager')"

def agreed(col):
    """What every server of the spec says about the tri-state col: 1 or 0
    when all agree, 2 when all state it but differ (which server this host
    is cannot be told yet), NULL when some do not state it or there is no
    server."""
    return """(SELECT CASE WHEN count(*) = 0 THEN NULL
                      WHEN sum(%(c)s = 1) = count(*) THEN 1
                      WHEN sum(%(c)s = 0) = count(*) THEN 0
                      WHEN sum(%(c)s IS NULL) = 0 THEN 2 END FROM spec_servers)""" % {"c": col}


FIM_REQ = agreed("file_integrity")
DIFFER = ("the servers of the spec differ on it, and which one this host is "
          "cannot be told yet: not examined")


def h_fim_tool():
    have = "EXISTS (SELECT 1 FROM deb_packages WHERE status = 'installed' AND name IN %s)" % FIM_TOOLS
    return """SELECT 'file integrity tool',
  CASE WHEN NOT EXISTS (SELECT 1 FROM deb_packages) THEN 'skip'
       WHEN %(have)s THEN 'ok'
       WHEN %(req)s = 0 THEN 'info'
       WHEN %(req)s = 2 THEN 'skip'
       ELSE 'alarm' END,
  CASE WHEN NOT EXISTS (SELECT 1 FROM deb_packages) THEN %(nodpkg)s
       WHEN %(have)s THEN (SELECT group_concat(name || ' ' || version, ', ') FROM deb_packages WHERE status = 'installed' AND name IN %(tools)s)
       WHEN %(req)s = 0 THEN 'the spec declares no file-integrity monitoring (monitoring.file_integrity: false)'
       WHEN %(req)s = 2 THEN 'file-integrity monitoring: ' || %(differ)s
       ELSE 'no file-integrity tool (aide, tripwire, samhain, ossec, wazuh) is installed'
            || CASE WHEN %(req)s = 1 THEN ', although the spec requires file-integrity monitoring' ELSE '' END END""" % {
        "have": have, "req": FIM_REQ, "tools": FIM_TOOLS, "nodpkg": lit(NO_DPKG),
        "differ": lit(DIFFER)}


def h_fim_baseline():
    """The integrity baseline recovery and investigation need."""
    def inst(n):
        return "EXISTS (SELECT 1 FROM deb_packages WHERE status = 'installed' AND name = %s)" % lit(n)
    return """SELECT 'integrity baseline',
  CASE WHEN a.m IS NOT NULL THEN 'ok' ELSE 'alarm' END,
  CASE WHEN a.m IS NOT NULL THEN 'AIDE baseline ' || a.p || ' of ' || date(a.m, 'unixepoch')
       ELSE 'aide is installed but has no baseline database (/var/lib/aide/aide.db): run aideinit and keep a copy off the host' END
FROM (SELECT max(mtime) AS m, path AS p FROM file
      WHERE path IN ('/var/lib/aide/aide.db', '/var/lib/aide/aide.db.gz') AND type = 'file') AS a
WHERE %(aide)s
UNION ALL
SELECT 'integrity baseline',
  CASE WHEN t.m IS NOT NULL THEN 'ok' ELSE 'alarm' END,
  CASE WHEN t.m IS NOT NULL THEN 'Tripwire baseline ' || t.p || ' of ' || date(t.m, 'unixepoch')
       ELSE 'tripwire is installed but has no baseline database (/var/lib/tripwire/*.twd): run tripwire --init' END
FROM (SELECT max(mtime) AS m, path AS p FROM file WHERE path GLOB '/var/lib/tripwire/*.twd' AND type = 'file') AS t
WHERE %(tw)s
UNION ALL
SELECT 'integrity baseline',
  CASE WHEN EXISTS (SELECT 1 FROM deb_packages WHERE status = 'installed' AND name IN %(tools)s) THEN 'info'
       WHEN %(req)s = 0 THEN 'info' WHEN %(req)s = 2 THEN 'skip' ELSE 'alarm' END,
  CASE WHEN EXISTS (SELECT 1 FROM deb_packages WHERE status = 'installed' AND name IN %(tools)s)
         THEN 'the baseline of ' || (SELECT group_concat(name, ', ') FROM deb_packages WHERE status = 'installed' AND name IN %(tools)s) || ' is not examined'
       WHEN %(req)s = 0 THEN 'the spec declares no file-integrity monitoring, so there is no baseline to compare with'
       WHEN %(req)s = 2 THEN 'file-integrity monitoring: ' || %(differ)s
       ELSE 'no integrity baseline: no file-integrity tool is installed, so changed files cannot be told from intact ones' END
WHERE EXISTS (SELECT 1 FROM deb_packages) AND NOT %(aide)s AND NOT %(tw)s
UNION ALL
SELECT 'integrity baseline', 'skip', %(nodpkg)s WHERE NOT EXISTS (SELECT 1 FROM deb_packages)""" % {
        "aide": inst("aide"), "tw": inst("tripwire"), "tools": FIM_TOOLS, "req": FIM_REQ,
        "nodpkg": lit(NO_DPKG), "differ": lit(DIFFER)}


def h_time_sync():
    ok = ("EXISTS (SELECT 1 FROM time_sync WHERE setting IN ('server', 'pool', 'NTP', 'FallbackNTP', 'peer', 'sourcedir'))"
          " OR EXISTS (SELECT 1 FROM time_sync WHERE service = 'systemd-timesyncd' AND setting = 'installed')")
    return """SELECT 'time sync',
  CASE WHEN %(ok)s THEN 'ok' ELSE 'alarm' END,
  CASE WHEN %(ok)s THEN 'the clock is synchronised (' || (SELECT group_concat(DISTINCT service) FROM time_sync) || ')'
       ELSE 'no time synchronisation is installed or configured: logs of different hosts cannot be put side by side' END""" % {"ok": ok}


def h_logrotate():
    return """SELECT 'log rotation',
  CASE WHEN EXISTS (SELECT 1 FROM logrotate WHERE setting = 'rotate') THEN 'ok' ELSE 'alarm' END,
  CASE WHEN EXISTS (SELECT 1 FROM logrotate WHERE setting = 'rotate')
       THEN 'logrotate rotates ' || (SELECT count(DISTINCT path) FROM logrotate WHERE path <> '') || ' log paths'
       ELSE 'no logrotate configuration with a rotate count: logs grow until the disk fills, or are lost' END"""


def h_logs_exist():
    return """SELECT j.value,
  CASE WHEN f.path IS NOT NULL THEN 'ok' ELSE 'alarm' END,
  CASE WHEN f.path IS NOT NULL THEN 'monitored log exists, last written ' || date(f.mtime, 'unixepoch')
       ELSE 'declared under monitoring.logs of ' || s.name || ' but not found on this host: nothing is there to watch' END
FROM spec_servers s, json_each(coalesce(s.monitoring_logs, '[]')) j
LEFT JOIN file f ON f.path = j.value AND f.type = 'file'
WHERE %(one)s
UNION ALL
SELECT 'monitored logs', 'skip',
  'the spec declares ' || (SELECT count(*) FROM spec_servers) || ' servers: monitored logs are compared with the host only when it declares one'
WHERE (SELECT count(*) FROM spec_servers) > 1""" % {"one": ONE_SERVER}


def h_log_retention():
    """Each monitored log of the (single) server is kept by logrotate at
    least as long as the spec's log_retention says."""
    return """SELECT x.log,
  CASE WHEN x.bp IS NULL THEN 'info'
       WHEN x.kept >= x.want_days THEN 'ok' ELSE 'alarm' END,
  CASE WHEN x.bp IS NULL THEN 'no logrotate rule names it: kept until something else removes it'
       ELSE 'logrotate (' || x.bf || ' ' || x.bp || ') keeps about ' || x.kept || ' days; the spec asks for '
            || x.want || CASE WHEN x.kept >= x.want_days THEN '' ELSE ' (' || x.want_days || ' days)' END END
FROM (SELECT y.*,
        min(coalesce(CAST((SELECT value FROM logrotate WHERE file = y.bf AND path = y.bp AND setting = 'rotate') AS INTEGER),
                     CAST((SELECT value FROM logrotate WHERE path = '' AND setting = 'rotate' LIMIT 1) AS INTEGER), 0)
            * CASE coalesce((SELECT value FROM logrotate WHERE file = y.bf AND path = y.bp AND setting = 'frequency'),
                            (SELECT value FROM logrotate WHERE path = '' AND setting = 'frequency' LIMIT 1), 'weekly')
                WHEN 'daily' THEN 1 WHEN 'weekly' THEN 7 WHEN 'monthly' THEN 30 WHEN 'yearly' THEN 365 ELSE 7 END,
            coalesce(CAST((SELECT value FROM logrotate WHERE file = y.bf AND path = y.bp AND setting = 'maxage') AS INTEGER),
                     2147483647)) AS kept
      FROM (SELECT j.value AS log, s.log_retention AS want, s.log_retention_days AS want_days,
                   (SELECT file FROM logrotate WHERE path <> '' AND (j.value = path OR j.value GLOB path)
                    ORDER BY file, path LIMIT 1) AS bf,
                   (SELECT path FROM logrotate WHERE path <> '' AND (j.value = path OR j.value GLOB path)
                    ORDER BY file, path LIMIT 1) AS bp
            FROM spec_servers s, json_each(coalesce(s.monitoring_logs, '[]')) j
            WHERE %(one)s AND s.log_retention_days IS NOT NULL) AS y) AS x
UNION ALL
SELECT 'log retention', 'skip',
  'the spec declares ' || (SELECT count(*) FROM spec_servers) || ' servers: log retention is compared with the host only when it declares one'
WHERE (SELECT count(*) FROM spec_servers) > 1""" % {"one": ONE_SERVER}


def h_auto_updates():
    req = agreed("auto_updates")
    have = "EXISTS (SELECT 1 FROM deb_packages WHERE status = 'installed' AND name = 'unattended-upgrades')"
    return """SELECT 'automatic security updates',
  CASE WHEN NOT EXISTS (SELECT 1 FROM deb_packages) THEN 'skip'
       WHEN %(req)s = 1 AND %(have)s THEN 'ok'
       WHEN %(req)s = 1 THEN 'alarm'
       WHEN %(req)s = 0 THEN 'info'
       ELSE 'skip' END,
  CASE WHEN NOT EXISTS (SELECT 1 FROM deb_packages) THEN %(nodpkg)s
       WHEN %(req)s = 1 AND %(have)s THEN 'the spec requires automatic security updates and unattended-upgrades is installed'
       WHEN %(req)s = 1 THEN 'the spec requires automatic security updates but unattended-upgrades is not installed'
       WHEN %(req)s = 0 THEN 'the spec applies security updates by hand (vulnerability.auto_updates: false)'
       WHEN %(req)s = 2 THEN 'automatic security updates: ' || %(differ)s
       ELSE 'the spec does not say for every server whether security updates are automatic' END""" % {
        "req": req, "have": have, "nodpkg": lit(NO_DPKG), "differ": lit(DIFFER)}


def h_accounts():
    cand = ("u.uid IS NOT NULL AND (u.uid = 0 OR u.uid >= 1000) AND u.uid <> 65534 AND u.name <> 'root'"
            " AND NOT (coalesce(u.shell, '') REGEXP '/(nologin|false|true|sync|halt|shutdown)$')")
    access = "EXISTS (SELECT 1 FROM spec_servers WHERE access_users IS NOT NULL OR access_admins IS NOT NULL)"
    decl = ("EXISTS (SELECT 1 FROM spec_servers s, json_each(coalesce(s.access_users, '[]')) j WHERE j.value = u.name)"
            " OR EXISTS (SELECT 1 FROM spec_servers s, json_each(coalesce(s.access_admins, '[]')) j WHERE j.value = u.name)")
    expired = "sh.expire IS NOT NULL AND sh.expire <= CAST(julianday(today()) - 2440587.5 AS INTEGER)"
    return """SELECT 'account:' || u.name,
  CASE WHEN %(decl)s THEN 'ok' WHEN %(expired)s THEN 'ok' ELSE 'alarm' END,
  CASE WHEN %(decl)s THEN u.name || ' can log in and the spec declares it under access'
       WHEN %(expired)s THEN u.name || ' expired on ' || date(sh.expire * 86400, 'unixepoch') || ' and cannot log in'
       ELSE u.name || ' (uid ' || u.uid || ', shell ' || CASE WHEN coalesce(u.shell, '') = '' THEN '/bin/sh' ELSE u.shell END
            || ') can log in, but no server of the spec declares it under access.users or access.admins: a departed person''s account?' END
FROM users u LEFT JOIN shadow sh ON sh.name = u.name
WHERE %(cand)s AND %(access)s
UNION ALL
SELECT 'accounts', 'ok', 'no account but root can log in'
WHERE %(access)s AND NOT EXISTS (SELECT 1 FROM users u WHERE %(cand)s)
UNION ALL
SELECT 'accounts', 'skip', 'the spec names nobody who may log in (servers[].access), so the accounts cannot be compared with it'
WHERE NOT %(access)s""" % {"cand": cand, "access": access, "decl": decl, "expired": expired}


# ---- what each measure gets -------------------------------------------------

CADENCE_KINDS = {
    # kind: (record kinds, cadence key, what is recorded (en), (ja))
    "education": (["education"], "education", "training", "教育"),
    "audit": (["audit"], "audit", "audit", "監査"),
    "drill": (["drill"], "drill", "drill", "訓練"),
    "periodic-check": (["periodic-check"], "periodic_check", "periodic check", "定期チェック"),
    "budget": (["budget"], "budget_review", "budget review", "予算の見直し"),
    "media": (["media-disposal", "review"], "media_review", "media handling review or disposal", "媒体の取扱いの見直しまたは廃棄"),
    "physical-access": (["physical-access-review"], "physical_access_review", "physical access review", "物理アクセスの見直し"),
}

# Where the expiries of `ecguard status` are judged. A waiver is an
# exception to the site's security policy, accepted for a time: its expiry
# belongs to the policy of site operation (T01.01). An evidence file backs
# a record for an auditor; whether the evidence is still valid is what a
# security audit of site operation verifies (T01.07). Key and certificate
# rotation is the operation of security-management information (T05.06,
# whose check also wants every secret to state its rotation).
WAIVERS_MEASURE = "T01.01"
EVIDENCE_MEASURE = "T01.07"

# What those checks add to their texts: (rationale en, ja, remediation en, ja).
EXTRA_TEXT = {
    WAIVERS_MEASURE: (
        "Every waiver of the spec is an exception to the policy accepted until its expiry date; "
        "from the day after, it is an alarm until it is decided again.",
        "仕様の免除（waivers）は期限までに限って認めた方針の例外です。期限の翌日からは、改めて判断されるまで警告になります。",
        "Before a waiver expires, fix what it covers or decide again and set a new expires under waivers in site.yaml.",
        "免除の期限が来る前に、対象を是正するか、改めて判断して site.yaml の waivers に新しい expires を設定してください。"),
    EVIDENCE_MEASURE: (
        "Evidence files recorded with an expiry (--evidence-expires) must still be valid: the day after "
        "the expiry of evidence of a record in force is an alarm.",
        "期限付きで記録された証拠ファイル（--evidence-expires）は有効でなければなりません。有効な記録の証拠は期限の翌日から警告になります。",
        "Renew expired evidence and record it again: ecguard record KIND --evidence FILE --evidence-expires YYYY-MM-DD.",
        "期限切れの証拠を更新して記録し直してください: ecguard record 種類 --evidence ファイル --evidence-expires YYYY-MM-DD。"),
    "T05.06": (
        "Every secret with a rotation interval must have been rotated on record within it: the latest "
        "record whose scope is the secret's name.",
        "変更周期のあるセキュリティ管理情報は、その周期内に変更が記録されていなければなりません（範囲にその名前を持つ最新の記録）。",
        "Record every rotation: ecguard record other --scope NAME --date YYYY-MM-DD --by NAME --summary TEXT.",
        "変更のたびに記録してください: ecguard record other --scope 名前 --date YYYY-MM-DD --by 氏名 --summary 内容。"),
}

# Organisational kinds whose evidence is purely technical and already
# examined, row for row, by the technical packs: a check here would only
# repeat them. T03.05 (software inspected before installation) is
# packages.apt_unsigned_sources and packages.security_updates_source; T09.05
# (each server's requirements implemented) is the hardening checks mapped to
# it (ssh.*, web.php_*), and whether those requirements are written down is
# T02.04, T02.06 and T03.04 here.
TECHNICAL_ONLY = {"T03.05", "T09.05"}

# Hybrid measures: their facets (built per measure).
def hybrid_facets(mid, theme):
    R = lambda **kw: f_review(mid, theme, **kw)
    table = {
        "T01.03": [f_srv_key("access"), h_accounts()],
        "T03.03": [f_srv_key("advisory_sources"), h_apt_security()],
        "T04.03": [h_signatures()],
        "T03.06": [f_srv_key("scan_every"),
                   f_record(mid, None,
                            "coalesce((SELECT scan_every FROM spec_servers WHERE scan_every_days IS NOT NULL"
                            " ORDER BY scan_every_days LIMIT 1), %s)" % cadence(theme, "periodic_check"),
                            "vulnerability scan", "records: " + mid)],
        "T04.07": [h_scanner(), h_scan_schedule()],
        "T03.07": [f_srv_key("monitoring"), h_logs_exist()],
        "T02.08": [R(), f_owner_contact(theme), f_srv_key("log_retention"), h_log_retention()],
        "T03.09": [R(), f_owner_contact(theme), h_fim_baseline()],
        "T04.10": [R(), f_owner_contact(theme)],
        "T05.05": [R(), f_owner_contact(theme)],
        "T06.05": [R(), f_owner_contact(theme), f_srv_key("log_retention")],
        "T07.05": [R(), f_owner_contact(theme)],
        "T08.06": [R(), f_owner_contact(theme), h_log_retention()],
        "T11.03": [R(), f_srv_key("log_retention"), h_fim_baseline()],
        "T11.04": [R(what="review of the response plan"), f_owner_contact(theme)],
        "T02.09": [R(), h_time_sync(), h_logrotate()],
        "T03.10": [R(), f_srv_key("patch"), h_auto_updates()],
        "T04.11": [R(), h_signatures()],
        "T05.06": [R(), f_secrets_rotation(), f_rotation_due()],
        "T06.06": [R(), f_user_data_retention()],
        "T07.06": [R()],
        "T08.04": [f_password_rules()],
        "T08.07": [R(), h_accounts()],
        "T11.06": [R(), f_srv_key("log_retention")],
        "T10.03": [R(what="review of the operating manuals")],
        "T10.04": [R(cad="periodic_check", what="review of the operation records"), h_time_sync(), h_logrotate()],
        "T09.04": [h_firewall(), h_scanner(), h_fim_tool()],
        "T09.06": [R(what="application security review")],
        "T09.07": [h_fim_tool(), h_fim_baseline()],
        "T04.08": [h_signatures(), R(what="review of the outbound filters")],
    }
    return table.get(mid)


# Texts of the hybrid checks: (evidence en, evidence ja, remediation en, remediation ja).
HYBRID_TEXT = {
    "T01.03": ("every account that can log in belongs to someone the spec declares under a server's access",
               "ログインできるアカウントがすべて、仕様のサーバの access に宣言された人のものであること",
               "List who may log in under servers[].access (users, admins) in site.yaml, and remove or expire the accounts of people who left (usermod --expiredate 1 NAME). Keep the signed confidentiality agreements and the grant and revocation records outside ecguard.",
               "site.yaml の servers[].access（users、admins）にログインしてよい人を記載し、退職者・異動者のアカウントは削除するか失効させてください（usermod --expiredate 1 NAME）。守秘義務の誓約書と権限付与・剥奪の記録は別途保管してください。"),
    "T03.03": ("advisory sources stated for every server, and the distribution's security updates configured on the host",
               "各サーバについて脆弱性情報の入手先が仕様に記載され、ホストにディストリビューションのセキュリティ更新の取得元が設定されていること",
               "State the advisory sources under servers[].vulnerability.sources (e.g. JVN, Debian security advisories, vendors) and add the security suite to apt (deb https://security.debian.org/debian-security CODENAME-security main).",
               "servers[].vulnerability.sources に情報源（JVN、Debian のセキュリティ勧告、製品ベンダなど）を記載し、apt にセキュリティスイート（deb https://security.debian.org/debian-security コード名-security main）を追加してください。"),
    "T04.03": ("a malware scanner whose signatures are at most 7 days old and updated automatically",
               "ウイルス対策ソフトが導入され、定義ファイルが 7 日以内に更新され、自動更新されていること",
               "Install ClamAV with clamav-freshclam (apt install clamav clamav-freshclam) and keep freshclam running so the signatures update daily.",
               "ClamAV と clamav-freshclam を導入し（apt install clamav clamav-freshclam）、freshclam を動かして定義ファイルを毎日更新してください。"),
    "T03.06": ("a scan interval stated for every server, and a record of the last vulnerability scan within the shortest interval",
               "各サーバの脆弱性検査の間隔が仕様に記載され、最も短い間隔の中で直近の検査記録があること",
               "State servers[].vulnerability.scan_every in site.yaml, scan on schedule, and record each scan: ecguard record other --measure T03.06 --date YYYY-MM-DD --by NAME --summary 'tool, targets, findings'.",
               "site.yaml に servers[].vulnerability.scan_every を記載し、定期的に検査して、検査ごとに記録してください: ecguard record other --measure T03.06 --date YYYY-MM-DD --by 氏名 --summary 'ツール、対象、結果'。"),
    "T04.07": ("a malware scanner installed and a scheduled or on-access scan",
               "ウイルス対策ソフトが導入され、定期検査またはオンアクセス検査が設定されていること",
               "Schedule a full scan (e.g. a cron job running clamscan -ri / or clamdscan) or enable on-access scanning (clamonacc), and keep its logs.",
               "定期的な全体検査（clamscan -ri / や clamdscan を実行する cron ジョブなど）を設定するか、オンアクセス検査（clamonacc）を有効にし、その記録を残してください。"),
    "T03.07": ("monitored logs and an alert address stated for every server, and those logs present on the host",
               "各サーバの監視対象ログと通知先が仕様に記載され、そのログがホストに存在すること",
               "State servers[].monitoring.logs and monitoring.alert_to in site.yaml, and make sure each named log is written and watched (logwatch, fail2ban, a SIEM).",
               "site.yaml に servers[].monitoring.logs と monitoring.alert_to を記載し、各ログが書き込まれ、監視されていること（logwatch、fail2ban、SIEM など）を確認してください。"),
    "T06.06": ("a retention period for every user-data item, and the procedures reviewed within the policy review interval",
               "すべてのユーザデータに保存期間が定められ、手順が方針の見直し周期内に見直されていること",
               "State user_data[].retention in site.yaml, build deletion and disclosure approval into the procedures, and record their review: ecguard record review --measure T06.06.",
               "site.yaml に user_data[].retention を記載し、削除や開示の承認を手順に組み込み、その見直しを記録してください: ecguard record review --measure T06.06。"),
    "T05.06": ("a rotation interval for every item of security-management information, and the procedures reviewed within the policy review interval",
               "すべてのセキュリティ管理情報に変更周期が定められ、手順が方針の見直し周期内に見直されていること",
               "State secrets[].rotation in site.yaml, put password changes and certificate renewal into the operating procedures, and record their review: ecguard record review --measure T05.06.",
               "site.yaml に secrets[].rotation を記載し、パスワード変更や証明書更新を運用手順に入れ、その見直しを記録してください: ecguard record review --measure T05.06。"),
    "T08.04": ("a minimum password length and a lockout rule for every authentication scene that uses passwords",
               "パスワードを使うすべての認証場面に、最小長とロックアウトの規則が定められていること",
               "State password.min_length, password.complexity and lockout_threshold for each password scene under authentication in site.yaml.",
               "site.yaml の authentication で、パスワードを使う場面ごとに password.min_length、password.complexity、lockout_threshold を記載してください。"),
    "T09.04": ("a firewall that filters incoming traffic, a malware scanner and, where required, a file-integrity tool",
               "受信を制限するファイアウォール、ウイルス対策ソフト、必要な場合はファイル改ざん検知ツールが導入されていること",
               "Give the input chain a drop policy (nftables), install ClamAV, and install AIDE where the spec asks for file integrity (apt install aide; aideinit).",
               "入力チェインの既定を drop にし（nftables）、ClamAV を導入し、仕様が求める場合は AIDE を導入してください（apt install aide; aideinit）。"),
    "T09.07": ("a file-integrity tool with its baseline database",
               "ファイル改ざん検知ツールとその基準データベースがあること",
               "Install AIDE (apt install aide), create the baseline (aideinit), keep a copy off the host and check it daily.",
               "AIDE を導入し（apt install aide）、基準データベースを作成して（aideinit）、その写しをホスト外に保管し、毎日照合してください。"),
}

PREP_TEXT = ("the incident procedures reviewed within the policy review interval (a record naming this measure), the owner's contact to call, and the logs and baselines an investigation needs",
             "事故時の手順が方針の見直し周期内に見直された記録、連絡すべき担当者の連絡先、調査に必要なログと基準データがあること")
OPER_TEXT = ("the operating procedures reviewed within the policy review interval (a record naming this measure), and the operational facts on the host",
             "運用手順が方針の見直し周期内に見直された記録と、ホスト上の運用の実態")

KIND_TITLE = {
    "policy": ("policy declared, approved and reviewed on time", "方針文書の宣言、承認、期限内の見直し"),
    "config-policy": ("configuration policy declared, approved and reviewed on time", "構成方針の宣言、承認、期限内の見直し"),
    "responsibility": ("owner named with a contact", "責任者と連絡先の指名"),
    "specification": ("written down in the site specification", "サイト仕様への記述"),
    "education": ("training held within its cadence", "周期内の教育の実施"),
    "audit": ("audit held within its cadence", "周期内の監査の実施"),
    "drill": ("drill held within its cadence", "周期内の訓練の実施"),
    "periodic-check": ("periodic check held within its cadence", "周期内の定期チェックの実施"),
    "budget": ("budget reviewed within its cadence", "周期内の予算の見直し"),
    "media": ("media handling reviewed within its cadence", "周期内の媒体の取扱いの見直し"),
    "physical-access": ("physical access reviewed within its cadence", "周期内の物理アクセスの見直し"),
    "outsourcing": ("every partner bound by an agreement and reviewed on time", "委託先ごとの契約と期限内の確認"),
    "external-cooperation": ("every external organisation with a contact and an agreement", "外部組織ごとの連絡先と取決め"),
    "staff": ("only declared people can log in", "宣言された人だけがログインできること"),
    "information": ("advisories followed and applied", "情報の入手と反映"),
    "inspection": ("inspection in place", "検査の実施"),
    "monitoring": ("monitoring in place", "監視の実施"),
    "preparedness": ("procedures, contacts and evidence ready", "手順、連絡先、証拠の備え"),
    "unit-preparedness": ("procedures, logs and baselines ready per unit", "処理単位ごとの手順、ログ、基準データの備え"),
    "response-plan": ("response plan reviewed and contacts ready", "対応計画の見直しと連絡先"),
    "operation": ("built into operation", "運用への反映"),
    "manuals": ("manuals reviewed on time", "運用マニュアルの期限内の見直し"),
    "daily-operation": ("daily operation recorded and working", "日々の運用の記録と実態"),
    "security-tools": ("security tools in place", "セキュリティ対策ツールの導入"),
    "app-security": ("application security reviewed on time", "アプリケーションのセキュリティの期限内の確認"),
    "software-protection": ("software integrity protected", "ソフトウェアの改ざん防止"),
    "prevention": ("outgoing files scanned", "持出しファイルの検査"),
}


def texts(m, theme, kind):
    """(rationale_en, rationale_ja, remediation_en, remediation_ja)."""
    mid, ten, tja = m["id"], m["title_en"], m["title_ja"]
    t = theme
    if kind in ("policy", "config-policy"):
        return (
            "The guideline asks: \"%s\" (%s). ecguard counts the policy as established when the spec names the "
            "document (policies.%s) with its version, approver and approval date, and it was reviewed within its "
            "interval: the next review falls due one interval after the approval date or after the latest review "
            "record for %s, whichever is later." % (ten, mid, t, mid),
            "ガイドラインは「%s」（%s）を求めています。仕様（policies.%s）に文書、版数、承認者、承認日が記載され、"
            "見直し周期内に見直されていれば確立しているとみなします。次回の見直し期限は、承認日または %s の直近の見直し記録の"
            "遅い方から周期を加えた日です。" % (tja, mid, t, mid),
            "Declare the policy in site.yaml: policies: {%s: {document: PATH-OR-URL, version: \"1.0\", approver: NAME, "
            "approved: YYYY-MM-DD}}. When it is reviewed without changes, record the review: ecguard record review "
            "--measure %s --date YYYY-MM-DD --by NAME." % (t, mid),
            "site.yaml にポリシーを宣言してください: policies: {%s: {document: パスまたはURL, version: \"1.0\", approver: 氏名, "
            "approved: YYYY-MM-DD}}。変更なしで見直した場合は見直しを記録してください: ecguard record review --measure %s "
            "--date YYYY-MM-DD --by 氏名。" % (t, mid))
    if kind == "responsibility":
        return (
            "The guideline asks: \"%s\" (%s). ecguard looks for an owner of %s in the spec (owners.%s) with a contact; "
            "a deputy is expected too and its absence is shown." % (ten, mid, t, t),
            "ガイドラインは「%s」（%s）を求めています。仕様（owners.%s）に %s の責任者と連絡先が記載されていることを確認します。"
            "代行者も期待され、いない場合はその旨を示します。" % (tja, mid, t, t),
            "Name the owner in site.yaml: owners: {%s: {name: NAME, role: ROLE, contact: MAIL-OR-PHONE, deputy: NAME}}, "
            "and update it when people change roles." % t,
            "site.yaml に責任者を記載してください: owners: {%s: {name: 氏名, role: 役割, contact: 連絡先, deputy: 代行者}}。"
            "人事異動のたびに更新してください。" % t)
    if kind == "specification":
        return (
            "The guideline asks: \"%s\" (%s). The site decides the concrete requirements and writes them in its "
            "specification; ecguard counts the measure as met when `ecguard spec check` shows it specified. With the "
            "embedded default spec nothing is specified." % (ten, mid),
            "ガイドラインは「%s」（%s）を求めています。具体的な要件はサイトが決めて仕様に書きます。`ecguard spec check` で"
            "記述済み（specified）と表示されれば満たしているとみなします。組み込みの既定仕様では何も記述されていません。" % (tja, mid),
            "Write the requirements in site.yaml (docs/spec.md lists what %s needs) and run ecguard spec check until "
            "%s shows as specified." % (mid, mid),
            "site.yaml に要件を記述し（%s に必要な項目は docs/spec.md にあります）、ecguard spec check で %s が "
            "specified になるまで補ってください。" % (mid, mid))
    if kind in CADENCE_KINDS:
        kinds, cad, what, wja = CADENCE_KINDS[kind]
        extra_en = extra_ja = ""
        if kind == "periodic-check":
            extra_en = (" Every stored `ecguard audit` run that assessed %s counts as one; the running audit is "
                        "judged on the runs before it, and with none before it the result is info: this run, "
                        "once stored, is the first." % t)
            extra_ja = ("（%s を評価した保存済みの ecguard audit の実行も記録として数えます。実行中の監査はそれ以前の"
                        "実行で判定し、以前の実行がなければ情報（info）として、この実行が最初の記録になることを示します。）" % t)
        return (
            "The guideline asks: \"%s\" (%s). ecguard looks for the latest record of kind %s that names %s, not "
            "superseded, no older than the %s cadence of %s (spec_cadences). Without a store the check is skipped.%s"
            % (ten, mid, " or ".join(kinds), mid, cad, t, extra_en),
            "ガイドラインは「%s」（%s）を求めています。%s を対象とする種類 %s の記録（訂正されていないもの）のうち最新のものが、"
            "%s の %s 周期（spec_cadences）内にあることを確認します。記録の保存先（ストア）がない場合は判定しません。%s"
            % (tja, mid, mid, " または ".join(kinds), t, cad, extra_ja),
            "Hold the %s and record it with its date, who and a summary: ecguard record %s --measure %s --date "
            "YYYY-MM-DD --by NAME --summary TEXT (attendees or scope in the summary, evidence files with --evidence). "
            "Change the interval with cadences.themes.%s.%s in site.yaml." % (what, kinds[0], mid, t, cad),
            "%sを実施し、日付、実施者、概要とともに記録してください: ecguard record %s --measure %s --date YYYY-MM-DD "
            "--by 氏名 --summary 内容（参加者や範囲は概要に、証拠ファイルは --evidence で）。周期は site.yaml の "
            "cadences.themes.%s.%s で変更できます。" % (wja, kinds[0], mid, t, cad))
    if kind == "outsourcing":
        return (
            "The guideline asks: \"%s\" (%s). ecguard checks every partner of the spec: an agreement is recorded and "
            "the partner was reviewed within its interval (spec_partners.next_review on or after today)." % (ten, mid),
            "ガイドラインは「%s」（%s）を求めています。仕様の委託先ごとに、契約が記録され、確認の周期内に確認されていること"
            "（spec_partners.next_review が今日以降）を確認します。" % (tja, mid),
            "List every partner under partners in site.yaml with agreement and last_review (and review for its "
            "interval); review each one on time and update last_review.",
            "site.yaml の partners にすべての委託先を agreement と last_review（周期は review）付きで記載し、"
            "期限内に確認して last_review を更新してください。")
    if kind == "external-cooperation":
        return (
            "The guideline asks: \"%s\" (%s). ecguard checks that every outside organisation of the spec (partners) "
            "has a contact point and an agreement on what it does for security." % (ten, mid),
            "ガイドラインは「%s」（%s）を求めています。仕様の外部組織（partners）ごとに、連絡窓口とセキュリティ上の取決めが"
            "記録されていることを確認します。" % (tja, mid),
            "List the ISP, hosting, payment provider, vendors and response teams under partners in site.yaml with "
            "contact and agreement, and check periodically that the contacts still work.",
            "ISP、ホスティング、決済代行、ベンダ、対応チームなどを site.yaml の partners に contact と agreement 付きで"
            "記載し、連絡先が有効か定期的に確認してください。")
    # Hybrid kinds.
    if mid in HYBRID_TEXT:
        ev_en, ev_ja, rem_en, rem_ja = HYBRID_TEXT[mid]
    elif kind in ("preparedness", "unit-preparedness", "response-plan"):
        ev_en, ev_ja = PREP_TEXT
        rem_en = ("Write the procedure for %s incidents (detection, contacts, isolation, evidence, recovery), make "
                  "sure the logs and baselines it needs exist, and record its yearly review: ecguard record review "
                  "--measure %s --date YYYY-MM-DD --by NAME." % (t, mid))
        rem_ja = ("%s の事故対応手順（検知、連絡先、隔離、証拠保全、復旧）を文書化し、必要なログと基準データがあることを確かめ、"
                  "年次の見直しを記録してください: ecguard record review --measure %s --date YYYY-MM-DD --by 氏名。" % (t, mid))
    elif kind in ("operation", "daily-operation", "manuals", "app-security", "prevention"):
        ev_en, ev_ja = OPER_TEXT
        rem_en = ("Write the routine tasks into the operating procedures with an owner and a frequency, keep the "
                  "work records, and record each review: ecguard record review --measure %s --date YYYY-MM-DD "
                  "--by NAME." % mid)
        rem_ja = ("定常作業を担当者と頻度を決めて運用手順に記載し、作業記録を残し、見直しのたびに記録してください: "
                  "ecguard record review --measure %s --date YYYY-MM-DD --by 氏名。" % mid)
    else:
        raise SystemExit("gen_org_checks: no texts for %s (%s)" % (mid, kind))
    return (
        "The guideline asks: \"%s\" (%s). ecguard looks for %s. A record naming %s counts when it is not "
        "superseded and within its interval; without a store those rows are skipped." % (ten, mid, ev_en, mid),
        "ガイドラインは「%s」（%s）を求めています。%sを確認します。%s を対象とする記録は、訂正されておらず周期内であれば"
        "数えます。ストアがない場合、記録の確認は行いません。" % (tja, mid, ev_ja, mid),
        rem_en, rem_ja)


def build(catalog):
    checks = []
    for th in catalog["themes"]:
        t = th["id"]
        for m in th["measures"]:
            mid, kind = m["id"], m["kind"]
            if kind in ("policy", "config-policy"):
                facets = [f_policy(t, mid)]
                if mid == WAIVERS_MEASURE:
                    facets.append(f_waivers_expiry())
            elif kind == "responsibility":
                facets = [f_owner(t)]
            elif kind == "specification":
                facets = [f_spec(mid)]
            elif kind in CADENCE_KINDS:
                kinds, cad, what, _ = CADENCE_KINDS[kind]
                facets = [f_record(mid, kinds, cadence(t, cad), what, "records: " + mid,
                                   this_run=(kind == "periodic-check"))]
                if mid == EVIDENCE_MEASURE:
                    facets.append(f_evidence_expiry())
            elif kind == "outsourcing":
                facets = [f_partners_review()]
            elif kind == "external-cooperation":
                facets = [f_partners_contact()]
            elif mid in TECHNICAL_ONLY:
                continue
            else:
                facets = hybrid_facets(mid, t)
                if facets is None:
                    if kind in ("construction", "prevention"):
                        continue  # the technical packs' measures
                    raise SystemExit("gen_org_checks: %s (%s) has no check; add it to hybrid_facets"
                                     % (mid, kind))
            title = KIND_TITLE.get(kind)
            if title is None:
                raise SystemExit("gen_org_checks: no title for kind %s" % kind)
            r_en, r_ja, rem_en, rem_ja = texts(m, t, kind)
            if mid in EXTRA_TEXT:
                x = EXTRA_TEXT[mid]
                r_en, r_ja = r_en + " " + x[0], r_ja + x[1]
                rem_en, rem_ja = rem_en + " " + x[2], rem_ja + x[3]
            checks.append({
                "id": "org.%s.%s" % (mid.lower().replace(".", "_"), kind.replace("-", "_")),
                "measures": [mid],
                "severity": "low" if kind in LOW_KINDS else "medium",
                "kind": "attestation",
                "title_ja": "%s %s：%s" % (mid, m["title_ja"], title[1]),
                "title_en": "%s %s: %s" % (mid, m["title_en"], title[0]),
                "rationale_ja": r_ja,
                "rationale_en": r_en,
                "remediation_ja": rem_ja,
                "remediation_en": rem_en,
                "query": wrap(mid, facets),
            })
    return checks


def q(s):
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(s, ensure_ascii=False)


def render(checks):
    out = [
        "# Organisational checks: one attestation check per organisational measure of",
        "# the catalogue, over the site spec (spec_* tables), the store's records",
        "# (records, records_store) and host facts.",
        "# GENERATED by tools/gen_org_checks.py; do not edit by hand: change the",
        "# script, run it, and commit both (tests/cli/test_audit_org.sh checks they match).",
        "schema: ecguard.checks/1",
        "checks:",
    ]
    for c in checks:
        out.append("  - id: %s" % c["id"])
        out.append("    measures: [%s]" % ", ".join(c["measures"]))
        out.append("    severity: %s" % c["severity"])
        out.append("    kind: %s" % c["kind"])
        for k in ("title_ja", "title_en", "rationale_ja", "rationale_en",
                  "remediation_ja", "remediation_en"):
            out.append("    %s: %s" % (k, q(c[k])))
        out.append("    query: |")
        for line in c["query"].split("\n"):
            out.append(("      " + line).rstrip())
        out.append("")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description="Generate checks/org.yaml from the catalogue.")
    ap.add_argument("--ecguard", default=os.path.join(ROOT, "build", "ecguard"),
                    help="the ecguard binary whose catalogue to read (default build/ecguard)")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--out", default=os.path.join(ROOT, "checks", "org.yaml"),
                   help="where to write (default checks/org.yaml; - for standard output)")
    g.add_argument("--check", metavar="FILE",
                   help="compare FILE with a fresh generation; exit 1 and show the diff when they differ")
    a = ap.parse_args()
    try:
        cat = json.loads(subprocess.run([a.ecguard, "catalog", "--format", "json"], check=True,
                                        capture_output=True).stdout)
    except (OSError, subprocess.CalledProcessError, ValueError) as e:
        sys.exit("gen_org_checks: cannot read the catalogue from %s: %s" % (a.ecguard, e))
    text = render(build(cat))
    if a.check:
        try:
            with open(a.check, encoding="utf-8") as f:
                have = f.read()
        except OSError as e:
            sys.exit("gen_org_checks: %s" % e)
        if have != text:
            sys.stdout.writelines(difflib.unified_diff(
                have.splitlines(True), text.splitlines(True), a.check, "fresh generation", n=1))
            print("\n%s is out of date: run tools/gen_org_checks.py and commit the result" % a.check,
                  file=sys.stderr)
            return 1
        return 0
    if a.out == "-":
        sys.stdout.write(text)
    else:
        with open(a.out, "w", encoding="utf-8") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
