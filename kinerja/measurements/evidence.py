"""Bukti dukung: which files are accepted, and checking an upload before it is stored.

The type is decided by the file's content, not by its name: the extension
must be one of the allowed ones *and* the leading bytes must be that format's
signature. Office documents are ZIP containers, so for them the container is
opened and the member that makes it a document of that kind must be present
(a renamed ZIP or a macro-free spreadsheet renamed .docx is refused).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ZIP = b"PK\x03\x04"


@dataclass(frozen=True)
class EvidenceType:
    content_type: str
    signature: bytes
    # For ZIP-based documents: a member the container must hold, and, for
    # OpenDocument, the content of its "mimetype" member.
    member: str = ""
    mimetype: bytes = b""


EVIDENCE_TYPES: dict[str, EvidenceType] = {
    ".pdf": EvidenceType("application/pdf", b"%PDF-"),
    ".png": EvidenceType("image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": EvidenceType("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": EvidenceType("image/jpeg", b"\xff\xd8\xff"),
    ".docx": EvidenceType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ZIP,
        member="word/document.xml",
    ),
    ".xlsx": EvidenceType(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ZIP,
        member="xl/workbook.xml",
    ),
    ".pptx": EvidenceType(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ZIP,
        member="ppt/presentation.xml",
    ),
    ".odt": EvidenceType(
        "application/vnd.oasis.opendocument.text",
        ZIP,
        member="mimetype",
        mimetype=b"application/vnd.oasis.opendocument.text",
    ),
    ".ods": EvidenceType(
        "application/vnd.oasis.opendocument.spreadsheet",
        ZIP,
        member="mimetype",
        mimetype=b"application/vnd.oasis.opendocument.spreadsheet",
    ),
}

# At most this many files per realisasi in one submission; a form is not an archive.
MAX_FILES_PER_UPLOAD = 10


class EvidenceError(ValueError):
    """An upload that cannot be kept as evidence; the message names the file and the reason."""


def evidence_check(upload: UploadedFile[bytes]) -> str:
    """The content type of an acceptable upload; EvidenceError (Indonesian message) otherwise."""
    name = upload.name or ""
    size = upload.size or 0
    if size == 0:
        raise EvidenceError(_("Berkas %(name)s kosong.") % {"name": name})
    if size > settings.EVIDENCE_MAX_BYTES:
        raise EvidenceError(
            _("Berkas %(name)s terlalu besar (%(size)s). Paling besar %(max)s.")
            % {
                "name": name,
                "size": filesizeformat(size),
                "max": filesizeformat(settings.EVIDENCE_MAX_BYTES),
            }
        )
    kind = EVIDENCE_TYPES.get(Path(name).suffix.lower())
    if kind is None:
        raise EvidenceError(
            _(
                "Jenis berkas %(name)s tidak diizinkan. "
                "Gunakan PDF, PNG, JPG, DOCX, XLSX, PPTX, ODT atau ODS."
            )
            % {"name": name}
        )
    upload.seek(0)
    head = upload.read(len(kind.signature))
    upload.seek(0)
    if head != kind.signature or (kind.member and not _document_holds(upload, kind)):
        raise EvidenceError(_("Isi berkas %(name)s tidak sesuai dengan jenisnya.") % {"name": name})
    return kind.content_type


def _document_holds(upload: UploadedFile[bytes], kind: EvidenceType) -> bool:
    """Whether the ZIP container is a document of `kind` (only the directory is read)."""
    if upload.file is None:
        return False
    try:
        with zipfile.ZipFile(upload.file) as archive:
            if kind.member not in archive.namelist():
                return False
            if kind.mimetype:
                # The OpenDocument mimetype member is a few dozen bytes, stored first.
                info = archive.getinfo(kind.member)
                if info.file_size > 200:
                    return False
                return archive.read(kind.member).strip() == kind.mimetype
            return True
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return False
    finally:
        upload.seek(0)
