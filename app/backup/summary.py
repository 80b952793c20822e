"""What `klusterfas backup create|restore` print: the figures an operator keeps."""

from __future__ import annotations

from app.backup.services import BackupReport, RestoreReport


def describe_backup(report: BackupReport) -> str:
    manifest = report.manifest
    head = manifest.audit_head
    files_bytes = sum(manifest.evidence_files.values())
    lines = [
        f"backup written: {report.path} ({report.size_bytes:,} bytes, {report.seconds:.1f} s)",
        f"database: {manifest.dialect}, {manifest.method}, schema revision "
        f"{manifest.schema_revision}, {report.rows:,} rows in {len(manifest.counts)} tables",
        f"evidence: {len(manifest.evidence_files)} file(s), {files_bytes:,} bytes; "
        f"{manifest.blobs_in_database} stored in the database",
        f"audit head: {head.seq} {head.mac}" if head else "audit head: none (empty log)",
    ]
    if head is not None and head.verified is False:
        lines.append("warning: the audit chain did NOT verify when backed up")
    if report.note:
        lines.append(f"note: {report.note}")
    lines.append("keys: not included; keep KLUSTERFAS_AUDIT_KEY and KLUSTERFAS_SECRET_KEY apart")
    return "\n".join(lines)


def describe_restore(report: RestoreReport) -> str:
    audit = report.audit
    lines = [
        f"restored {sum(report.counts.values()):,} rows ({report.manifest.method}) and "
        f"{report.evidence_written} evidence file(s) in {report.seconds:.1f} s",
        f"audit verify: {'ok' if audit.ok else 'BROKEN'}, {audit.entries} entries"
        + ("" if audit.ok else f" (first broken: {audit.first_broken}, {audit.reason})"),
        "audit head: " + ("as in the backup" if report.head_matches else "DIFFERS from the backup"),
        f"downloads: {report.downloads_ok} ok, {len(report.downloads_missing)} missing",
    ]
    changed = {
        table: (rows, report.counts.get(table))
        for table, rows in report.manifest.counts.items()
        if report.counts.get(table) != rows
    }
    if changed:
        lines.append(f"rows differ from the backup (backup, now): {changed}")
    if not audit.ok:
        lines.append("Is KLUSTERFAS_AUDIT_KEY the key of the backed-up installation?")
    return "\n".join(lines)
